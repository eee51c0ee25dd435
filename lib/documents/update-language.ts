import { createHash } from "node:crypto";
import { z } from "zod";
import { writeCellText } from "../cells/write-cell-text";
import type { Db, Tx } from "../db/client";
import { inTransaction, readConsistently } from "../db/transaction";
import { diffText, type DiffOp, type MergeConflict, mergeThreeWay } from "../diff";
import { AppError } from "../errors";
import { MAX_ROWS_PER_DOCUMENT } from "../limits";
import { CellText, Id, LanguageCode, LOW_CONFIDENCE } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
import { parseInput } from "../validation";
import { applyPlacements } from "./apply-placements";
import { DocumentSlug } from "./create-document";
import type { ReadImport } from "./import-file";
import { matchParagraphs, newCellTexts, sameParagraph } from "./update-language-match";

/** A language of a document updated from a revised file of it: previewed first, then applied. */
export const FileUpdateInput = z
  .object({
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
    /**
     * For each paragraph, the revision its text was exported from (TMX, XLIFF
     * and CSV exports carry them), or null: where the cell was edited since, the
     * file's text is merged three-way with the cell's.
     */
    baseRevisionIds: z.array(Id.nullable()).max(MAX_ROWS_PER_DOCUMENT).optional(),
    /** The text chosen in the preview for cells in conflict: the app's, the file's, or the merge edited by hand. */
    resolutions: z
      .array(z.object({ cell: Id, text: CellText }))
      .max(MAX_ROWS_PER_DOCUMENT)
      .default([]),
  })
  .refine((input) => !input.baseRevisionIds || input.baseRevisionIds.length === input.paragraphs.length, {
    message: "must name one base revision (or null) per paragraph",
    path: ["baseRevisionIds"],
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
  /**
   * A file without a base (plain text, Word, Markdown, HTML, or a cell the
   * file names no revision of) and a cell edited in the app since its text
   * last came from a file (an import or a file update): applying overwrites
   * that edit.
   */
  editedSinceLastUpdate: boolean;
  /** The cell was edited in the app since the file's base revision and `after` merges both sides' edits. */
  mergedWithAppEdits: boolean;
}

/** A cell edited in the app and in the file since the file's base revision, where both changed the same words. */
export interface FileUpdateConflict {
  row: number;
  cell: number;
  segmentId: number;
  /** The text of the file's base revision. */
  base: string;
  /** The cell's current text. */
  app: string;
  /** The file's text. */
  file: string;
  /** The words both changed, each as base, app and file have them (MergeConflict's mine is the app's, theirs the file's). */
  regions: MergeConflict[];
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
  conflicts: FileUpdateConflict[];
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
  /** Conflicts given a resolution, written as it says. */
  resolved: number;
  /** Conflicts left unresolved: those cells were not written. */
  conflicts: FileUpdateConflict[];
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
  const language = await db.documentLanguage.findFirst({
    where: { documentId: document.id, code, deletedAt: null },
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

/** Of these cells, those edited in the app (an edit, a revert, a resolved conflict) since their text last came from a file. */
async function editedInApp(db: Db | Tx, cellIds: number[]): Promise<Set<number>> {
  if (!cellIds.length) return new Set();
  const found = await db.$queryRaw<{ cellId: number }[]>`
    SELECT DISTINCT edit."cellId" FROM "Revision" AS edit
     WHERE edit."cellId" = ANY(${cellIds}::int[]) AND edit.kind IN ('edit', 'revert', 'conflict_resolution')
       AND edit.id > COALESCE((SELECT max(id) FROM "Revision" AS file
                                WHERE file."cellId" = edit."cellId" AND file.kind IN ('import', 'file_update')), 0)`;
  return new Set(found.map((entry) => entry.cellId));
}

/** The base revisions a file names, with their cell and text (a revision of another cell is no base for this one). */
async function baseRevisions(db: Db | Tx, ids: (number | null)[] | undefined) {
  const wanted = [...new Set((ids ?? []).filter((id) => id !== null))];
  if (!wanted.length) return new Map<number, { cellId: number; text: string }>();
  const found = await db.revision.findMany({ where: { id: { in: wanted } }, select: { id: true, cellId: true, text: true } });
  return new Map(found.map((revision) => [revision.id, revision]));
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
  // The revision the file's text of a cell was exported from: a pair's paragraph's, or a split's when both halves name the same.
  const baseIdOf = new Map<number, number>();
  const bases = input.baseRevisionIds;
  for (const step of steps) {
    if (step.kind === "split") how.set(step.cell, "split");
    if (step.kind === "merged") for (const cell of step.cells) how.set(cell, "merged");
    if (step.kind === "pair" || step.kind === "split") {
      const [first, last] = step.kind === "pair" ? [step.paragraph, step.paragraph] : step.paragraphs;
      const baseId = bases?.[first];
      if (baseId != null && baseId === bases?.[last]) baseIdOf.set(step.cell, baseId);
    }
  }
  const revisions = await baseRevisions(db, bases);
  const changed: FileUpdateChange[] = [];
  const conflicts: FileUpdateConflict[] = [];
  const withoutBase: number[] = [];
  current.forEach((cell, index) => {
    const fileText = texts.get(index);
    if (fileText === undefined || sameParagraph(cell.text, fileText)) return;
    const baseId = baseIdOf.get(index);
    const base = baseId === undefined ? undefined : revisions.get(baseId);
    // Exported from the cell's current revision, the file already holds every edit made in the app.
    const fromHead = baseId !== undefined && baseId === cell.headRevisionId;
    const change = {
      row: cell.row,
      cellId: cell.cellId,
      segmentId: cell.segmentId,
      before: cell.text,
      how: how.get(index) ?? "edited",
    } as const;
    if (fromHead || !base || base.cellId !== cell.cellId) {
      // No base (or another cell's revision): applying may overwrite edits made in the app, which the preview marks.
      if (!fromHead) withoutBase.push(changed.length);
      changed.push({ ...change, after: fileText, ops: [], editedSinceLastUpdate: false, mergedWithAppEdits: false });
      return;
    }
    // Edited in the app since the export: the file's own edits (if any) merged into the app's text.
    if (sameParagraph(base.text, fileText)) return;
    const merged = mergeThreeWay(base.text, cell.text, fileText);
    if (merged.status === "conflict") {
      conflicts.push({
        row: cell.row,
        cell: cell.cellId,
        segmentId: cell.segmentId,
        base: base.text,
        app: cell.text,
        file: fileText,
        regions: merged.conflicts,
      });
    } else if (!sameParagraph(cell.text, merged.text)) {
      changed.push({ ...change, after: merged.text, ops: [], editedSinceLastUpdate: false, mergedWithAppEdits: true });
    }
  });
  const edited = await editedInApp(
    db,
    withoutBase.map((at) => changed[at]!.cellId),
  );
  for (const at of withoutBase) changed[at]!.editedSinceLastUpdate = edited.has(changed[at]!.cellId);
  if (options.diffs) for (const change of changed) change.ops = diffText(change.before, change.after);
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
    unchanged: current.length - changed.length - removed.length - conflicts.length,
    changed,
    added,
    removed,
    conflicts,
  };
}

/** The stale flag of every cell in the rows of these cells, each language's. */
async function staleFlags(tx: Tx, cellIds: number[]): Promise<Map<number, boolean>> {
  if (!cellIds.length) return new Map();
  const cells = await tx.$queryRaw<{ id: number; stale: boolean }[]>`
    SELECT other.id, other.stale FROM "Cell" AS other
     WHERE other."segmentId" IN (SELECT "segmentId" FROM "Cell" WHERE id = ANY(${cellIds}::int[]))`;
  return new Map(cells.map((cell) => [cell.id, cell.stale]));
}

/**
 * The paragraphs of a file read for an update of language `code`, with the
 * revision each was exported from when the file names them (TMX, XLIFF, CSV
 * exported by Parallel): the same paragraphs readImport keeps.
 */
export function fileUpdateParagraphs(read: Extract<ReadImport, { kind: "existing" }>): {
  paragraphs: string[];
  baseRevisionIds?: (number | null)[];
} {
  if (read.parsed.kind === "monolingual") return { paragraphs: read.paragraphs };
  const cells = read.parsed.rows.flatMap((row) => {
    const cell = row.cells[read.code];
    return cell && cell.text.trim() !== "" ? [cell] : [];
  });
  const baseRevisionIds = cells.map((cell) => cell.revisionId ?? null);
  return {
    paragraphs: cells.map((cell) => cell.text),
    ...(baseRevisionIds.some((id) => id !== null) ? { baseRevisionIds } : {}),
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
      const resolution = new Map(input.resolutions.map((resolved) => [resolved.cell, resolved.text]));
      const inConflict = new Set(planned.conflicts.map((conflict) => conflict.cell));
      const stray = input.resolutions.find((resolved) => !inConflict.has(resolved.cell));
      if (stray) {
        throw new AppError(
          "resolution_without_conflict",
          `Cell ${stray.cell} is not in conflict with ${input.fileName}; resolve only the conflicts the preview lists (preview again)`,
          { status: 422, details: { cellId: stray.cell } },
        );
      }
      const note = `updated from ${input.fileName}`;
      const writes = [
        ...planned.changed
          .filter((change) => !excluded.has(change.cellId))
          .map((change) => ({ cellId: change.cellId, text: change.after, kind: "file_update" as const })),
        ...(input.emptyMissing ? planned.removed.map((cell) => ({ cellId: cell.cellId, text: "", kind: "file_update" as const })) : []),
        ...planned.conflicts.flatMap((conflict) =>
          resolution.has(conflict.cell)
            ? [{ cellId: conflict.cell, text: resolution.get(conflict.cell)!, kind: "conflict_resolution" as const }]
            : [],
        ),
      ];
      const staleBefore = await staleFlags(
        tx,
        writes.map((write) => write.cellId),
      );
      const written: number[] = [];
      for (const write of writes) {
        const done = await writeCellText(tx, { ...write, authorId: options.authorId, note });
        if (done) written.push(write.cellId);
      }
      // Undo puts back the stale flags the writes changed (a change to the original flags its translations).
      const staleAfter = await staleFlags(
        tx,
        writes.map((write) => write.cellId),
      );
      const flipped = [...staleAfter].filter(([id, stale]) => staleBefore.get(id) !== stale);
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
      const unresolved = planned.conflicts.filter((conflict) => !resolution.has(conflict.cell));
      const finished = await edit.finish("file_update", {
        languageCode: input.code,
        fileName: input.fileName,
        changed,
        emptied,
        createdSegmentIds: applied.createdSegmentIds,
        staleFlags: {
          set: flipped.filter(([, stale]) => stale).map(([id]) => id),
          cleared: flipped.filter(([, stale]) => !stale).map(([id]) => id),
        },
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
        resolved: planned.conflicts.length - unresolved.length,
        conflicts: unresolved,
      };
    },
    { timeout: 300_000 },
  );
}
