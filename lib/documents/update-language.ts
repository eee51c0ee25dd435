import { createHash } from "node:crypto";
import { z } from "zod";
import { writeCellText } from "../cells/write-cell-text";
import type { Db, Tx } from "../db/client";
import { inTransaction, readConsistently } from "../db/transaction";
import { diffText, type DiffOp } from "../diff";
import { AppError } from "../errors";
import { MAX_ROWS_PER_DOCUMENT } from "../limits";
import { CellText, Id, LanguageCode, LOW_CONFIDENCE } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
import { parseInput } from "../validation";
import { applyPlacements } from "./apply-placements";
import { DocumentSlug } from "./create-document";
import { matchParagraphs, newCellTexts, sameParagraph } from "./update-language-match";

/** A language of a document updated from a revised file of it: previewed first, then applied. */
export const FileUpdateInput = z.object({
  slug: DocumentSlug,
  code: LanguageCode,
  paragraphs: z.array(CellText).min(1, "has no paragraphs: the file holds no text").max(MAX_ROWS_PER_DOCUMENT),
  fileName: z.string().trim().min(1, "is empty: name the file").max(255),
  /** Empty the cells the file lacks; otherwise they are only reported. */
  emptyMissing: z.boolean().default(false),
  /** Cells left as they are although the file changes them (chosen in the preview). */
  exclude: z.array(Id).max(MAX_ROWS_PER_DOCUMENT).default([]),
  /** The preview's fingerprint: 409 when the language changed since the preview was made. */
  expected: z.string().max(100).optional(),
});
export type FileUpdateInput = z.input<typeof FileUpdateInput>;

/** A cell the file changes; rows are numbered as the workbench numbers them (1-based, live rows). */
export interface FileUpdateChange {
  row: number;
  cellId: number;
  segmentId: number;
  before: string;
  after: string;
  /** edited in place; split: the file made two paragraphs of it; merged: the file joined it with a neighbour. */
  how: "edited" | "split" | "merged";
  /** Word diff before → after (lib/diff, as every diff view shows them). */
  ops: DiffOp[];
  /** The cell was edited in the app after the last file update of it (a plain file has no base to merge with). */
  editedSinceLastUpdate: boolean;
}

export interface FileUpdatePlan {
  languageCode: string;
  fileName: string;
  /** Names the language's cells as the plan found them; applying with it refuses (409) if they changed since. */
  fingerprint: string;
  unchanged: number;
  changed: FileUpdateChange[];
  /** Paragraphs new in the file, each going into a new row after row `afterRow` (0: before the first). */
  added: { afterRow: number; text: string }[];
  /** Cells the file lacks: reported, and emptied only with `emptyMissing`. */
  removed: { row: number; cellId: number; text: string }[];
  /** Cells where the file and an edit made in the app since the file's base collide (none without a base: plain files). */
  conflicts: { row: number; cell: number }[];
}

export interface FileUpdateResult {
  /** The alignment-log entry (undo reverts the whole update); null when nothing changed. */
  changeId: number | null;
  languageCode: string;
  changed: number;
  unchanged: number;
  added: number;
  removed: number;
  /** Cells the file lacked that were emptied (with `emptyMissing`). */
  emptied: number;
  /** Changed cells left out on request. */
  excluded: number;
  conflicts: { row: number; cell: number }[];
}

interface CurrentCell {
  row: number;
  segmentId: number;
  cellId: number;
  text: string;
  headRevisionId: number | null;
}

async function findLanguage(db: Db | Tx, slug: string, code: string) {
  const document = await db.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  const language = await db.documentLanguage.findUnique({
    where: { documentId_code: { documentId: document.id, code } },
    select: { id: true, code: true },
  });
  if (!language) {
    throw new AppError(
      "language_not_found",
      `Document "${slug}" has no ${code} version to update; import the file as a new language instead`,
      {
        status: 404,
      },
    );
  }
  return { documentId: document.id, language };
}

/** The language's non-empty cells in reading order, each with its row's number among the live rows. */
function currentCells(rowIds: number[], cells: { id: number; segmentId: number; text: string; headRevisionId: number | null }[]) {
  const cellOf = new Map(cells.map((cell) => [cell.segmentId, cell]));
  const current: CurrentCell[] = [];
  rowIds.forEach((segmentId, index) => {
    const cell = cellOf.get(segmentId);
    if (cell && cell.text !== "") {
      current.push({ row: index + 1, segmentId, cellId: cell.id, text: cell.text, headRevisionId: cell.headRevisionId });
    }
  });
  return current;
}

/** The latest file_update revision of each cell, to tell which were edited in the app since. */
async function lastFileUpdates(db: Db | Tx, cellIds: number[]): Promise<Map<number, number>> {
  if (!cellIds.length) return new Map();
  const found = await db.$queryRaw<{ cellId: number; id: number }[]>`
    SELECT "cellId", max(id) AS id FROM "Revision"
     WHERE "cellId" = ANY(${cellIds}::int[]) AND kind = 'file_update' GROUP BY "cellId"`;
  return new Map(found.map((entry) => [entry.cellId, entry.id]));
}

/** Matches the file to the cells and says what applying it would do (the word diffs only for a preview: applying needs none). */
async function plan(
  db: Db | Tx,
  input: z.output<typeof FileUpdateInput>,
  rowIds: number[],
  current: CurrentCell[],
  options: { diffs: boolean },
): Promise<FileUpdatePlan> {
  const steps = matchParagraphs(
    current.map((cell) => cell.text),
    input.paragraphs,
  );
  const texts = newCellTexts(
    steps,
    current.map((cell) => cell.text),
    input.paragraphs,
  );
  const how = new Map<number, FileUpdateChange["how"]>();
  for (const step of steps) {
    if (step.kind === "split") how.set(step.cell, "split");
    if (step.kind === "merged") for (const cell of step.cells) how.set(cell, "merged");
  }
  const changedIndexes = current.flatMap((cell, index) => {
    const text = texts.get(index);
    return text !== undefined && !sameParagraph(cell.text, text) ? [index] : [];
  });
  const lastUpdate = await lastFileUpdates(
    db,
    changedIndexes.map((index) => current[index]!.cellId),
  );
  const changed = changedIndexes.map((index): FileUpdateChange => {
    const cell = current[index]!;
    const after = texts.get(index)!;
    const updatedAt = lastUpdate.get(cell.cellId);
    return {
      row: cell.row,
      cellId: cell.cellId,
      segmentId: cell.segmentId,
      before: cell.text,
      after,
      how: how.get(index) ?? "edited",
      ops: options.diffs ? diffText(cell.text, after) : [],
      editedSinceLastUpdate: updatedAt !== undefined && cell.headRevisionId !== updatedAt,
    };
  });
  const removed = current.flatMap((cell, index) => (texts.has(index) ? [] : [{ row: cell.row, cellId: cell.cellId, text: cell.text }]));
  // With no cell to follow, new paragraphs go before the first one, or after the last row of an empty column.
  const afterRow = (after: number) => (after >= 0 ? current[after]!.row : current.length ? current[0]!.row - 1 : rowIds.length);
  const added = steps.flatMap((step) =>
    step.kind === "new" ? [{ afterRow: afterRow(step.after), text: input.paragraphs[step.paragraph]! }] : [],
  );
  return {
    languageCode: input.code,
    fileName: input.fileName,
    fingerprint: createHash("sha256")
      .update(JSON.stringify(current.map((cell) => [cell.segmentId, cell.cellId, cell.headRevisionId])))
      .digest("base64url"),
    unchanged: current.length - changed.length - removed.length,
    changed,
    added,
    removed,
    conflicts: [],
  };
}

/** What updating the language from the file would do, written nowhere: counts, and each changed cell's word diff. */
export async function previewFileUpdate(db: Db, rawInput: FileUpdateInput): Promise<FileUpdatePlan> {
  const input = parseInput(FileUpdateInput, rawInput, "file update");
  return readConsistently(db, async (tx) => {
    const { documentId, language } = await findLanguage(tx, input.slug, input.code);
    const rows = await tx.segment.findMany({
      where: { documentId, deletedAt: null },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const rowIds = rows.map((row) => row.id);
    const cells = await tx.cell.findMany({
      where: { languageId: language.id, segment: { documentId, deletedAt: null } },
      select: { id: true, segmentId: true, text: true, headRevisionId: true },
    });
    return plan(tx, input, rowIds, currentCells(rowIds, cells), { diffs: true });
  });
}

/**
 * Updates a language from a revised file in one transaction, logged as one
 * `file_update` entry of the alignment log (undo reverts all of it): each
 * changed cell gets one revision of kind file_update by the author, the
 * file's name in its note, through the one write path of a cell, so a change
 * to the original flags the row's translations stale as an edit does, and
 * reviewed or approved text goes back to translated, for review. Paragraphs
 * new in the file get new rows where they belong (flagged low confidence:
 * the other languages have nothing for them yet). Cells the file lacks stay
 * unless `emptyMissing`.
 */
export async function applyFileUpdate(db: Db, rawInput: FileUpdateInput, options: { authorId: number }): Promise<FileUpdateResult> {
  const input = parseInput(FileUpdateInput, rawInput, "file update");
  const { documentId, language } = await findLanguage(db, input.slug, input.code);
  return inTransaction(
    db,
    async (tx) => {
      const edit = await AlignmentEdit.open(tx, { documentId, authorId: options.authorId });
      const rows = edit.liveRows;
      const rowIds = rows.map((row) => row.id);
      const cells = await edit.lockCells({ segmentIds: rowIds, languageIds: [language.id] });
      const planned = await plan(tx, input, rowIds, currentCells(rowIds, [...cells.values()]), { diffs: false });
      if (input.expected !== undefined && input.expected !== planned.fingerprint) {
        throw new AppError(
          "language_changed_since_preview",
          `The ${input.code} text of "${input.slug}" changed since the preview; nothing was written: preview again`,
          { status: 409 },
        );
      }
      const excluded = new Set(input.exclude);
      const note = `updated from ${input.fileName}`;
      const writes = [
        ...planned.changed
          .filter((change) => !excluded.has(change.cellId))
          .map((change) => ({ cellId: change.cellId, text: change.after })),
        ...(input.emptyMissing ? planned.removed.map((cell) => ({ cellId: cell.cellId, text: "" })) : []),
      ];
      const written: number[] = [];
      for (const write of writes) {
        const done = await writeCellText(tx, { ...write, authorId: options.authorId, kind: "file_update", note });
        if (done) written.push(write.cellId);
      }
      if (written.length) {
        // Changed text is for a reviewer to look at again, as after a bulk revert.
        await tx.$executeRaw`
          UPDATE "Cell" SET status = 'translated', "updatedAt" = ${edit.now}
           WHERE id = ANY(${written}::int[]) AND status IN ('reviewed', 'approved')`;
      }
      const applied = await applyPlacements(edit, {
        languageId: language.id,
        rows,
        placements: planned.added.map((paragraph) => ({ kind: "new", after: paragraph.afterRow - 1, text: paragraph.text, score: 0 })),
        revisionKind: "file_update",
        note,
        score: "lowest",
        lowConfidenceBelow: LOW_CONFIDENCE,
      });
      const changed = planned.changed.filter((change) => !excluded.has(change.cellId)).length;
      const emptied = input.emptyMissing ? planned.removed.length : 0;
      const finished = await edit.finish("file_update", {
        languageCode: input.code,
        fileName: input.fileName,
        changed,
        emptied,
        createdSegmentIds: applied.createdSegmentIds,
      });
      return {
        changeId: finished.changeId,
        languageCode: input.code,
        changed,
        unchanged: planned.unchanged,
        added: planned.added.length,
        removed: planned.removed.length,
        emptied,
        excluded: planned.changed.length - changed,
        conflicts: planned.conflicts,
      };
    },
    { timeout: 300_000 },
  );
}
