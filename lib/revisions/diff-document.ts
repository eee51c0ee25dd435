import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { readConsistently } from "../db/transaction";
import type { DiffOp } from "../diff";
import { AppError } from "../errors";
import { Id, LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { diffCellText } from "./cell-diff";
import { Point } from "./inputs";
import { type DocumentRef, type LanguageInfo, loadVersion, openDocument, revisionTexts, type Version, type VersionRow } from "./versions";

export const DiffDocumentInput = z.object({
  documentId: Id,
  from: Point,
  to: Point,
  /** Only these languages' cells count (default: every language either version has). */
  languages: z.array(LanguageCode).min(1).max(20).optional(),
});
export type DiffDocumentInput = z.input<typeof DiffDocumentInput>;

export interface VersionInfo {
  snapshot: { id: number; name: string } | null;
  /** The moment the version shows; null for now. */
  time: Date | null;
}

/** Text of each compared language ('' for an empty cell). */
export type RowTexts = Record<string, string>;

export interface DocumentDiff {
  from: VersionInfo;
  to: VersionInfo;
  languages: LanguageInfo[];
  /** Rows of `to` that `from` does not have and that were not split off a row of `from`. `number` is in `to`. */
  added: { segmentId: number; number: number; texts: RowTexts }[];
  /** Rows of `from` that `to` does not have and that were not merged into a row of `to`. `number` is in `from`. */
  removed: { segmentId: number; number: number; texts: RowTexts }[];
  /** Rows in both whose order relative to the others changed: the fewest rows that explain the new order. */
  moved: { segmentId: number; fromNumber: number; toNumber: number }[];
  /** Rows of `to` split off row `fromSegmentId` of `from` (through a chain of splits, possibly). */
  split: { segmentId: number; number: number; fromSegmentId: number; fromNumber: number; texts: RowTexts }[];
  /** Rows of `from` merged into row `intoSegmentId` of `to`. */
  merged: { segmentId: number; number: number; intoSegmentId: number; intoNumber: number; texts: RowTexts }[];
  /** Cells of rows in both whose revision differs, in `to` order, with a word diff. */
  changedCells: {
    segmentId: number;
    number: number;
    language: string;
    fromRevisionId: number | null;
    toRevisionId: number | null;
    ops: DiffOp[];
  }[];
  summary: { added: number; removed: number; moved: number; split: number; merged: number; changedCells: number; unchangedRows: number };
}

/**
 * Compares two versions of a document row by row, by segment identity: a row
 * is the same row in both when it is the same segment, wherever it sits.
 *
 * - Moved: the rows in both versions, taken in `to` order, give a sequence
 *   of their `from` indexes; a longest increasing subsequence of it stayed in
 *   place, every other row moved. Inserting or deleting rows moves nothing.
 * - Split and merged come from the alignment log between the two moments
 *   (see textFlows): a new row whose text a split took from a row of `from`
 *   is split, not added; a vanished row merged into a row of `to` is merged,
 *   not removed. Log rather than text search: a split-off row stays split
 *   when its text is edited afterwards, and a short text that happens to
 *   occur in a neighbour is never mistaken for a merge.
 * - Changed cells: same segment and language, different revision. Only
 *   those are diffed; texts are fetched for them and for the rows listed.
 *
 * Linear in the rows apart from the diffs; a handful of queries.
 */
export async function diffDocument(db: Db, rawInput: DiffDocumentInput): Promise<DocumentDiff> {
  const input = parseInput(DiffDocumentInput, rawInput, "document diff");
  const { rows, changes, textOf, unchangedRows } = await readConsistently(db, async (tx) => {
    const document = await openDocument(tx, input.documentId);
    const from = await loadVersion(tx, document, input.from);
    const to = await loadVersion(tx, document, input.to);
    const languages = comparedLanguages(document, from, to, input.languages);
    const codes = languages.map((language) => language.code);

    const fromIndex = new Map(from.rows.map((row, index) => [row.segmentId, index]));
    const toIndex = new Map(to.rows.map((row, index) => [row.segmentId, index]));
    const appeared = to.rows.filter((row) => !fromIndex.has(row.segmentId));
    const vanished = from.rows.filter((row) => !toIndex.has(row.segmentId));

    const common = to.rows.filter((row) => fromIndex.has(row.segmentId));
    const stayed = longestIncreasingSubsequence(common.map((row) => fromIndex.get(row.segmentId)!));
    const moved = common.filter((_, index) => !stayed.has(index));
    const changes = common.flatMap((row) => {
      const before = from.rows[fromIndex.get(row.segmentId)!]!;
      return codes
        .filter((code) => (before.cells[code] ?? null) !== (row.cells[code] ?? null))
        .map((code) => ({ row, language: code, fromRevisionId: before.cells[code] ?? null, toRevisionId: row.cells[code] ?? null }));
    });

    const flows = appeared.length || vanished.length ? await textFlows(tx, document.id, from.time, to.time) : [];
    const firstSource = new Map<number, number>();
    const lastTarget = new Map<number, number>();
    for (const { source, target } of flows) {
      if (!firstSource.has(target)) firstSource.set(target, source);
      lastTarget.set(source, target);
    }
    const splitFrom = traced(appeared, firstSource, fromIndex);
    const mergedInto = traced(vanished, lastTarget, toIndex);

    const texts = await revisionTexts(
      tx,
      [
        ...changes.flatMap((change) => [change.fromRevisionId, change.toRevisionId]),
        ...[...appeared, ...vanished].flatMap((row) => codes.map((code) => row.cells[code] ?? null)),
      ].filter((id) => id !== null),
    );
    const textOf = (revisionId: number | null) => (revisionId === null ? "" : (texts.get(revisionId) ?? ""));
    const rowTexts = (row: VersionRow): RowTexts => Object.fromEntries(codes.map((code) => [code, textOf(row.cells[code] ?? null)]));

    const changedRows = new Set(changes.map((change) => change.row.segmentId));
    const movedRows = new Set(moved.map((row) => row.segmentId));
    const rows: Omit<DocumentDiff, "changedCells" | "summary"> = {
      from: { snapshot: from.snapshot, time: from.time },
      to: { snapshot: to.snapshot, time: to.time },
      languages,
      added: appeared
        .filter((row) => !splitFrom.has(row.segmentId))
        .map((row) => ({ segmentId: row.segmentId, number: toIndex.get(row.segmentId)! + 1, texts: rowTexts(row) })),
      removed: vanished
        .filter((row) => !mergedInto.has(row.segmentId))
        .map((row) => ({ segmentId: row.segmentId, number: fromIndex.get(row.segmentId)! + 1, texts: rowTexts(row) })),
      moved: moved.map((row) => ({
        segmentId: row.segmentId,
        fromNumber: fromIndex.get(row.segmentId)! + 1,
        toNumber: toIndex.get(row.segmentId)! + 1,
      })),
      split: appeared.flatMap((row) => {
        const source = splitFrom.get(row.segmentId);
        if (source === undefined) return [];
        return [
          {
            segmentId: row.segmentId,
            number: toIndex.get(row.segmentId)! + 1,
            fromSegmentId: source,
            fromNumber: fromIndex.get(source)! + 1,
            texts: rowTexts(row),
          },
        ];
      }),
      merged: vanished.flatMap((row) => {
        const target = mergedInto.get(row.segmentId);
        if (target === undefined) return [];
        return [
          {
            segmentId: row.segmentId,
            number: fromIndex.get(row.segmentId)! + 1,
            intoSegmentId: target,
            intoNumber: toIndex.get(target)! + 1,
            texts: rowTexts(row),
          },
        ];
      }),
    };
    return {
      rows,
      changes: changes.map(({ row, ...change }) => ({ segmentId: row.segmentId, number: toIndex.get(row.segmentId)! + 1, ...change })),
      textOf,
      unchangedRows: common.filter((row) => !changedRows.has(row.segmentId) && !movedRows.has(row.segmentId)).length,
    };
  });

  // Diffing the texts is the costly part: done once the transaction has
  // given back its connection.
  const changedCells = changes.map((change) => ({
    ...change,
    ops: diffCellText(textOf(change.fromRevisionId), textOf(change.toRevisionId)),
  }));
  return {
    ...rows,
    changedCells,
    summary: {
      added: rows.added.length,
      removed: rows.removed.length,
      moved: rows.moved.length,
      split: rows.split.length,
      merged: rows.merged.length,
      changedCells: changedCells.length,
      unchangedRows,
    },
  };
}

/**
 * The requested languages (404 for one neither the document nor either
 * version has), or every language of either version; in column order, the
 * document's live languages first, then ones only a version had (removed
 * since, or under another tag then).
 */
function comparedLanguages(document: DocumentRef, from: Version, to: Version, requested: string[] | undefined): LanguageInfo[] {
  const known = new Map<string, LanguageInfo>();
  for (const { code, label } of [...document.languages, ...from.languages, ...to.languages])
    if (!known.has(code)) known.set(code, { code, label });
  for (const code of requested ?? []) {
    if (!known.has(code)) throw new AppError("language_not_found", `Document ${document.id} has no "${code}" version`, { status: 404 });
  }
  const present = new Set([...from.languages, ...to.languages].map((language) => language.code));
  return [...known.values()].filter((language) => (requested ? requested.includes(language.code) : present.has(language.code)));
}

/**
 * For each row, the row of `wanted` reached by walking `next` from it
 * (through rows in neither version: a row split off a row that was itself
 * split off); rows that reach none are left out.
 */
function traced(rows: VersionRow[], next: Map<number, number>, wanted: Map<number, number>): Map<number, number> {
  const found = new Map<number, number>();
  for (const { segmentId } of rows) {
    const seen = new Set([segmentId]);
    for (let at = next.get(segmentId); at !== undefined && !seen.has(at); at = next.get(at)) {
      if (wanted.has(at)) {
        found.set(segmentId, at);
        break;
      }
      seen.add(at);
    }
  }
  return found;
}

/** Indexes of one longest strictly increasing subsequence of `values`, in O(n log n). */
export function longestIncreasingSubsequence(values: number[]): Set<number> {
  // tails[k]: index of the smallest value ending an increasing run of length k + 1.
  const tails: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((value, index) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[index] = tails[low - 1]!;
    tails[low] = index;
  });
  const kept = new Set<number>();
  for (let index = tails.at(-1) ?? -1; index >= 0; index = previous[index]!) kept.add(index);
  return kept;
}

const SplitSummary = z.object({ segmentId: Id, newSegmentId: Id });
const MergeSummary = z.object({ segmentId: Id, mergedSegmentId: Id });
const RevertSummary = z.object({ reverts: Id });

interface LoggedChange {
  id: number;
  kind: string;
  createdAt: Date;
  summary: unknown;
}

/**
 * Where text went between rows from version `from` to version `to`, in that
 * order: one { source, target } per split (the row split → the new row) and
 * merge (the row merged away → the row above it) logged between the two
 * moments. An undo or redo is the change it finally reverts, turned round
 * once per step of the chain (undo of a merge splits the rows again). Going
 * back in time, the order and every flow are reversed.
 */
async function textFlows(
  tx: Tx,
  documentId: number,
  fromTime: Date | null,
  toTime: Date | null,
): Promise<{ source: number; target: number }[]> {
  const at = (time: Date | null) => (time === null ? Infinity : time.getTime());
  const [low, high] = [at(fromTime), at(toTime)].sort((a, b) => a - b) as [number, number];
  if (low === high) return [];
  // Every split, merge, undo and redo: an undo in the window may revert a change made before it.
  const logged = await tx.$queryRaw<LoggedChange[]>`
    SELECT id, kind::text AS kind, "createdAt", details->'summary' AS summary
      FROM "AlignmentChange"
     WHERE "documentId" = ${documentId} AND kind IN ('split', 'merge', 'undo', 'redo')
     ORDER BY id`;
  const byId = new Map(logged.map((change) => [change.id, change]));
  const flows = logged
    .filter((change) => change.createdAt.getTime() > low && change.createdAt.getTime() <= high)
    .flatMap((change) => {
      const flow = flowOf(change, byId);
      return flow ? [flow] : [];
    });
  if (at(fromTime) <= at(toTime)) return flows;
  return flows.reverse().map(({ source, target }) => ({ source: target, target: source }));
}

function flowOf(change: LoggedChange, byId: Map<number, LoggedChange>): { source: number; target: number } | null {
  let original: LoggedChange | undefined = change;
  let turned = false;
  while (original && (original.kind === "undo" || original.kind === "redo")) {
    const reverts = RevertSummary.safeParse(original.summary);
    original = reverts.success ? byId.get(reverts.data.reverts) : undefined;
    turned = !turned;
  }
  const split = original?.kind === "split" ? SplitSummary.safeParse(original.summary) : undefined;
  const merge = original?.kind === "merge" ? MergeSummary.safeParse(original.summary) : undefined;
  const flow = split?.success
    ? { source: split.data.segmentId, target: split.data.newSegmentId }
    : merge?.success
      ? { source: merge.data.mergedSegmentId, target: merge.data.segmentId }
      : null;
  return flow && turned ? { source: flow.target, target: flow.source } : flow;
}
