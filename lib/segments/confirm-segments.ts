import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { learnFromConfirmedRows } from "./learned-rows";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";

export const ConfirmSegmentsInput = z.object({
  segmentId: Id,
  /** `row`: this row; `above`: this row and every live row above it. */
  scope: z.enum(["row", "above"]),
  authorId: Id,
});
export type ConfirmSegmentsInput = z.input<typeof ConfirmSegmentsInput>;

export interface ConfirmSegmentsResult extends ChangeWritten {
  /** The rows that were automatic and are now confirmed. */
  confirmedSegmentIds: number[];
}

/**
 * Marks the alignment of rows as checked by a person. The log entry keeps
 * each row's previous status for undo. Rows already confirmed are left
 * alone; when all are, nothing is written (changeId null). What the rows
 * confirmed teach the aligner is stored with them (learnFromConfirmedRows).
 */
export async function confirmSegments(db: Db, rawInput: ConfirmSegmentsInput): Promise<ConfirmSegmentsResult> {
  const input = parseInput(ConfirmSegmentsInput, rawInput, "confirm");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    const index = edit.liveIndex(segment);
    const rows = input.scope === "row" ? [segment] : edit.liveRows.slice(0, index + 1);
    const confirmedSegmentIds = rows.filter((row) => row.alignmentStatus !== "confirmed").map((row) => row.id);
    if (confirmedSegmentIds.length) {
      await tx.segment.updateMany({ where: { id: { in: confirmedSegmentIds } }, data: { alignmentStatus: "confirmed" } });
      await learnFromConfirmedRows(tx, confirmedSegmentIds);
    }
    const written = await edit.finish("confirm", { segmentId: segment.id, scope: input.scope, confirmedSegmentIds });
    return { ...written, confirmedSegmentIds };
  });
}
