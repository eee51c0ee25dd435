import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";

export const DeleteSegmentInput = z.object({ segmentId: Id, authorId: Id });
export type DeleteSegmentInput = z.input<typeof DeleteSegmentInput>;
export const RestoreSegmentInput = DeleteSegmentInput;
export type RestoreSegmentInput = DeleteSegmentInput;

export interface SegmentChangeResult extends ChangeWritten {
  changeId: number;
  segmentId: number;
}

/** Soft-deletes a row: it leaves the reading order but keeps its position, cells and history, so it can be restored. */
export async function deleteSegment(db: Db, rawInput: DeleteSegmentInput): Promise<SegmentChangeResult> {
  const input = parseInput(DeleteSegmentInput, rawInput, "delete");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    edit.liveIndex(segment);
    await edit.updateRow(segment.id, { deletedAt: edit.now });
    const written = await edit.finish("delete", { segmentId: segment.id });
    return { ...written, changeId: written.changeId!, segmentId: segment.id };
  });
}

/**
 * Brings a deleted row back at its old position. If a live row has taken
 * that position meanwhile (a row whose insertion was undone shares it with
 * the row it was inserted next to), the restored row goes first and the
 * rest move down, which puts a row inserted above or below back where it was.
 */
export async function restoreSegment(db: Db, rawInput: RestoreSegmentInput): Promise<SegmentChangeResult> {
  const input = parseInput(RestoreSegmentInput, rawInput, "restore");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    if (segment.deletedAt === null) {
      throw new AppError("segment_not_deleted", `Row ${segment.id} is not deleted`, { status: 409 });
    }
    if (edit.liveRows.some((row) => row.position === segment.position)) {
      await edit.shiftPositionsFrom(segment.position, { except: segment.id });
    }
    await edit.updateRow(segment.id, { deletedAt: null });
    // Languages added while the row was deleted get an empty cell.
    await edit.rowCells([segment.id]);
    const written = await edit.finish("restore", { segmentId: segment.id });
    return { ...written, changeId: written.changeId!, segmentId: segment.id };
  });
}
