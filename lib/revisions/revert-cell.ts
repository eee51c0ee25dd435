import { z } from "zod";
import {
  cellConflict,
  cellState,
  lockCellForWrite,
  revisionSummary,
  statusAfterEdit,
  type CellState,
  type RevisionSummary,
} from "../cells/save-cell";
import { writeCellText } from "../cells/write-cell-text";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";

export const RevertCellInput = z.object({
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
 * Like saveCell, the caller names the head it saw; when the cell moved on,
 * nothing is written and the answer is a 409 `cell_conflict` carrying the
 * current head. Reverting to the text the cell already has writes nothing.
 * 404 for an unknown cell or revision, 400 for a revision of another cell.
 */
export async function revertCell(db: Db, rawInput: RevertCellInput): Promise<{ cell: CellState; revision: RevisionSummary | null }> {
  const input = parseInput(RevertCellInput, rawInput, "revert");
  return inTransaction(db, async (tx) => {
    const current = await lockCellForWrite(tx, input.cellId);
    const target = await tx.revision.findUnique({ where: { id: input.toRevisionId }, select: { id: true, cellId: true, text: true } });
    if (!target) throw new AppError("revision_not_found", `There is no revision ${input.toRevisionId}`, { status: 404 });
    if (target.cellId !== current.id) {
      throw new AppError("revision_of_other_cell", `Revision ${target.id} belongs to cell ${target.cellId}, not to cell ${current.id}`, {
        status: 400,
      });
    }
    const author = await tx.user.findUnique({ where: { id: input.authorId }, select: { id: true } });
    if (!author) throw new AppError("user_not_found", `There is no user ${input.authorId}`, { status: 404 });

    if (current.headRevisionId !== input.baseRevisionId)
      throw await cellConflict(tx, current.id, current.headRevisionId, input.baseRevisionId);

    const written = await writeCellText(tx, {
      cellId: current.id,
      text: target.text,
      authorId: input.authorId,
      kind: "revert",
      note: input.note || `Reverted to revision ${target.id}`,
    });
    if (written && statusAfterEdit(written.cell.status) !== written.cell.status) {
      await tx.cell.update({ where: { id: current.id }, data: { status: statusAfterEdit(written.cell.status) } });
    }
    const cell = await tx.cell.findUniqueOrThrow({ where: { id: current.id }, select: cellState });
    const revision = written ? await tx.revision.findUniqueOrThrow({ where: { id: written.revision.id }, select: revisionSummary }) : null;
    return { cell, revision };
  });
}
