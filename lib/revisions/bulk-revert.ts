import { z } from "zod";
import { writeCellText } from "../cells/write-cell-text";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { RevisionKind } from "../db/generated/enums";
import { inTransaction, readConsistently } from "../db/transaction";
import { diffText, type DiffOp } from "../diff";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { Moment } from "./inputs";
import {
  describeCells,
  liveRows,
  requireCellsOfDocument,
  requireDocument,
  requireUser,
  revisionsOfAlignmentChanges,
  shareLockDocument,
} from "./review-common";

const filterFields = {
  documentId: Id,
  /** Edits by this user. */
  authorId: Id.optional(),
  /** Edits made at or after this moment. */
  from: Moment.optional(),
  /** Edits made at or before this moment. */
  to: Moment.optional(),
};

type Filter = { documentId: number; authorId?: number; from?: Date; to?: Date };

const checkFilter = (filter: Filter, context: z.RefinementCtx) => {
  if (filter.authorId === undefined && !filter.from && !filter.to) {
    context.addIssue({
      code: "custom",
      message: "name an author, a time range or both: reverting every edit of a document is not a bulk revert",
    });
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    context.addIssue({ code: "custom", path: ["to"], message: "is before from" });
  }
};

export const BulkRevertFilter = z.object(filterFields).strict().superRefine(checkFilter);
export type BulkRevertFilter = z.input<typeof BulkRevertFilter>;

export const ApplyBulkRevertInput = z
  .object({
    ...filterFields,
    /** Also revert cells someone edited after the matching edits, discarding those later edits. */
    includeLaterEdits: z.boolean().default(false),
    /** Who performs the revert: the author of the new revisions. */
    userId: Id,
    /** The preview's `expectedHeads`: cell id → the head revision it showed. */
    expectedHeads: z.record(z.string().regex(/^[1-9][0-9]*$/, "must be a cell id"), Id),
  })
  .strict()
  .superRefine(checkFilter);
export type ApplyBulkRevertInput = z.input<typeof ApplyBulkRevertInput>;

/**
 * - `revert`: applied.
 * - `later-edits`: someone's edit (not matching the filter) came after the
 *   matching ones and reverting would discard it; applied only with
 *   `includeLaterEdits`.
 * - `alignment-change`: a split, merge or alignment undo rewrote the cell
 *   after the matching edits; reverting its text would break the alignment,
 *   so it is never applied here (undo the alignment change first).
 */
export type BulkRevertOutcome = "revert" | "later-edits" | "alignment-change";

export interface LaterEdit {
  revisionId: number;
  kind: RevisionKind;
  createdAt: Date;
  author: { handle: string; name: string };
  /** Written by an alignment change (split, merge, their undo), not by an edit. */
  structural: boolean;
}

export interface BulkRevertCell {
  cellId: number;
  segmentId: number;
  rowNumber: number;
  language: string;
  headRevisionId: number;
  currentText: string;
  /** The revision before the first matching edit (null and '' when the cell had no text then). */
  target: { revisionId: number | null; text: string };
  /** Word diff current text → target. */
  ops: DiffOp[];
  /** The matching revisions undone, oldest first. */
  revertedRevisionIds: number[];
  laterEditsByOthers: boolean;
  /** Revisions not matching the filter made after the first matching one, oldest first. */
  laterEdits: LaterEdit[];
  outcome: BulkRevertOutcome;
}

export interface BulkRevertPreview {
  /** The filter in words, as the revert's revisions will name it. */
  description: string;
  /** Touched cells in row order, within a row in column order. */
  cells: BulkRevertCell[];
  /** Pass to applyBulkRevert: it refuses if any of these cells moved on. */
  expectedHeads: Record<number, number>;
}

export interface BulkRevertResult {
  description: string;
  reverted: { cellId: number; revisionId: number }[];
  /** Cells left as they are, and why. */
  left: { cellId: number; outcome: Exclude<BulkRevertOutcome, "revert"> }[];
}

function describeFilter(filter: Filter, author: { name: string; handle: string } | null): string {
  const parts = ["edits"];
  if (author) parts.push(`by ${author.name} (${author.handle})`);
  if (filter.from) parts.push(`from ${filter.from.toISOString()}`);
  if (filter.to) parts.push(`until ${filter.to.toISOString()}`);
  return parts.join(" ");
}

/**
 * The touched cells and what reverting would do, read in two queries. A
 * revision matches when it fits the filter and is an edit: revisions an
 * alignment change wrote (split, merge, their undo and redo, recorded as a
 * cell's new head in the alignment log) move text between rows, and undoing
 * them is the alignment log's job. Only live rows count: what a reader sees.
 */
async function buildPreview(tx: Tx, filter: Filter): Promise<BulkRevertPreview> {
  const author = filter.authorId === undefined ? null : await requireUser(tx, filter.authorId);
  const conditions = [
    filter.authorId === undefined ? null : Prisma.sql`r."authorId" = ${filter.authorId}`,
    filter.from ? Prisma.sql`r."createdAt" >= ${filter.from}` : null,
    filter.to ? Prisma.sql`r."createdAt" <= ${filter.to}` : null,
  ].filter((condition) => condition !== null);
  const cte = Prisma.sql`
    WITH live AS (${liveRows(filter.documentId)}),
    logged AS (${revisionsOfAlignmentChanges(filter.documentId)}),
    revisions AS (
      SELECT r.id, r."cellId", r."parentId", r."authorId", r."createdAt", r.kind,
             (r.kind IN ('split', 'merge', 'shift') OR r.id IN (SELECT id FROM logged)) AS structural,
             (${Prisma.join(conditions, " AND ")}) AS fits
        FROM "Revision" r JOIN "Cell" c ON c.id = r."cellId" JOIN live ON live.id = c."segmentId"),
    firsts AS (SELECT "cellId", min(id) AS "firstId" FROM revisions WHERE fits AND NOT structural GROUP BY "cellId")`;

  const cells = await tx.$queryRaw<
    {
      cellId: number;
      segmentId: number;
      rowNumber: number;
      language: string;
      text: string;
      headRevisionId: number;
      targetId: number | null;
      targetText: string;
    }[]
  >`
    ${cte}
    SELECT c.id AS "cellId", c."segmentId", live.number AS "rowNumber", l.code AS language, c.text, c."headRevisionId",
           first."parentId" AS "targetId", coalesce(target.text, '') AS "targetText"
      FROM firsts f JOIN "Revision" first ON first.id = f."firstId" LEFT JOIN "Revision" target ON target.id = first."parentId"
      JOIN "Cell" c ON c.id = f."cellId" JOIN live ON live.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
     WHERE l."deletedAt" IS NULL
     ORDER BY live.number, l."isOriginal" DESC, l.position`;

  const revisions = await tx.$queryRaw<
    {
      id: number;
      cellId: number;
      kind: RevisionKind;
      createdAt: Date;
      structural: boolean;
      matching: boolean;
      handle: string;
      name: string;
    }[]
  >`
    ${cte}
    SELECT r.id, r."cellId", r.kind, r."createdAt", r.structural, r.fits AND NOT r.structural AS matching, u.handle, u.name
      FROM revisions r JOIN firsts f ON f."cellId" = r."cellId" AND r.id >= f."firstId" JOIN "User" u ON u.id = r."authorId"
     ORDER BY r.id`;
  const byCell = new Map<number, typeof revisions>();
  for (const revision of revisions) {
    const list = byCell.get(revision.cellId);
    if (list) list.push(revision);
    else byCell.set(revision.cellId, [revision]);
  }

  const previewed = cells.map((cell): BulkRevertCell => {
    const since = byCell.get(cell.cellId) ?? [];
    const laterEdits = since
      .filter((revision) => !revision.matching)
      .map(({ id, kind, createdAt, structural, handle, name }) => ({
        revisionId: id,
        kind,
        createdAt,
        author: { handle, name },
        structural,
      }));
    return {
      cellId: cell.cellId,
      segmentId: cell.segmentId,
      rowNumber: cell.rowNumber,
      language: cell.language,
      headRevisionId: cell.headRevisionId,
      currentText: cell.text,
      target: { revisionId: cell.targetId, text: cell.targetText },
      ops: diffText(cell.text, cell.targetText),
      revertedRevisionIds: since.filter((revision) => revision.matching).map((revision) => revision.id),
      laterEditsByOthers: laterEdits.length > 0,
      laterEdits,
      outcome: laterEdits.some((edit) => edit.structural) ? "alignment-change" : laterEdits.length ? "later-edits" : "revert",
    };
  });
  return {
    description: describeFilter(filter, author),
    cells: previewed,
    expectedHeads: Object.fromEntries(previewed.map((cell) => [cell.cellId, cell.headRevisionId])),
  };
}

/**
 * What undoing a set of edits would do: for every cell on a live row with
 * edits matching the filter (by a user, in a time range, or both), the text
 * it had just before the first of them. Cells edited afterwards by others,
 * or rearranged by an alignment change, are listed with why they would be
 * left alone (see BulkRevertOutcome). Writes nothing.
 */
export async function previewBulkRevert(db: Db, rawFilter: BulkRevertFilter): Promise<BulkRevertPreview> {
  const filter = parseInput(BulkRevertFilter, rawFilter, "bulk revert filter");
  return readConsistently(db, async (tx) => {
    await requireDocument(tx, filter.documentId);
    return buildPreview(tx, filter);
  });
}

/**
 * Undoes the edits a preview showed, in one transaction: each cell to revert
 * gets a new `revert` revision (history is never rewritten) naming the
 * filter. The preview is recomputed under lock and every cell must still be
 * at the head the caller's preview showed (`expectedHeads`), and no cell may
 * have joined or left it; otherwise 409 and nothing is written. A cell of
 * another document in `expectedHeads` is 404. Edited reviewed or approved
 * text goes back to `translated`, as with any edit.
 */
export async function applyBulkRevert(db: Db, rawInput: ApplyBulkRevertInput): Promise<BulkRevertResult> {
  const { includeLaterEdits, userId, expectedHeads, ...filter } = parseInput(ApplyBulkRevertInput, rawInput, "bulk revert");
  return inTransaction(db, async (tx) => {
    const performer = await requireUser(tx, userId);
    await shareLockDocument(tx, filter.documentId);
    const expected = new Map(Object.entries(expectedHeads).map(([cellId, head]) => [Number(cellId), head]));
    await requireCellsOfDocument(tx, filter.documentId, [...expected.keys()]);
    const preview = await buildPreview(tx, filter);
    const previewed = preview.cells.map((cell) => cell.cellId);
    const locked = await tx.$queryRaw<{ id: number; headRevisionId: number | null }[]>`
      SELECT id, "headRevisionId" FROM "Cell" WHERE id = ANY(${previewed}::int[]) ORDER BY id FOR UPDATE`;
    const heads = new Map(locked.map((cell) => [cell.id, cell.headRevisionId]));
    const outdated = [...new Set([...previewed, ...expected.keys()])].filter(
      (cellId) => !heads.has(cellId) || expected.get(cellId) !== heads.get(cellId),
    );
    if (outdated.length) {
      const names = await describeCells(tx, outdated);
      throw new AppError("bulk_revert_outdated", `Nothing was reverted: ${names.join(", ")} changed since the preview. Preview again`, {
        status: 409,
        details: { cellIds: outdated },
      });
    }

    const note = `Bulk revert of ${preview.description}, by ${performer.name}`;
    const result: BulkRevertResult = { description: preview.description, reverted: [], left: [] };
    for (const cell of preview.cells) {
      if (cell.outcome === "alignment-change" || (cell.outcome === "later-edits" && !includeLaterEdits)) {
        result.left.push({ cellId: cell.cellId, outcome: cell.outcome });
        continue;
      }
      const written = await writeCellText(tx, {
        cellId: cell.cellId,
        text: cell.target.text,
        authorId: performer.id,
        kind: "revert",
        note,
      });
      if (written) result.reverted.push({ cellId: cell.cellId, revisionId: written.revision.id });
    }
    if (result.reverted.length) {
      await tx.$executeRaw`
        UPDATE "Cell" SET status = 'translated', "updatedAt" = now()
         WHERE id = ANY(${result.reverted.map((cell) => cell.cellId)}::int[]) AND status IN ('reviewed', 'approved')`;
    }
    return result;
  });
}
