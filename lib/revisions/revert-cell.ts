import { z } from "zod";
import { CellSeen, type CellState, type RevisionSummary, revertCellText } from "../cells/save-cell";
import type { Db } from "../db/client";
import { Id } from "../schemas";
import { parseInput } from "../validation";

export const RevertCellInput = CellSeen.extend({
  cellId: Id,
  /** The revision whose text the cell gets back. */
  toRevisionId: Id,
  /** The head the person was looking at; null for a cell that never had text. */
  baseRevisionId: Id.nullable(),
  authorId: Id,
  note: z.string().trim().max(500, "is longer than 500 characters").optional(),
});
export type RevertCellInput = z.input<typeof RevertCellInput>;

/**
 * Gives a cell back the text of one of its earlier revisions by writing a new
 * revision (kind "revert") on top of the head: history is never rewritten.
 * Like saveCell, the caller names the head it saw (409 `cell_conflict` when
 * the cell moved on, carrying the current head) and may name the row and
 * the original it saw (409 `row_deleted` / `cell_moved`; stale kept).
 * Reverting to the text the cell already has writes nothing. 404 for an
 * unknown cell, revision or author, 400 for a revision of another cell.
 */
export async function revertCell(
  db: Db,
  rawInput: RevertCellInput,
  options: { languageLimited?: boolean } = {},
): Promise<{ cell: CellState; revision: RevisionSummary | null }> {
  const input = parseInput(RevertCellInput, rawInput, "revert");
  return revertCellText(db, {
    cellId: input.cellId,
    toRevisionId: input.toRevisionId,
    baseRevisionId: input.baseRevisionId,
    authorId: input.authorId,
    languageLimited: options.languageLimited,
    note: input.note || `Reverted to revision ${input.toRevisionId}`,
    seen: { segmentId: input.segmentId, sourceRevisionId: input.sourceRevisionId },
  });
}
