import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";

export const MoveSegmentInput = z.object({
  segmentId: Id,
  /** 0-based index among live rows the row should have afterwards. */
  toIndex: z.number().int().min(0),
  authorId: Id,
});
export type MoveSegmentInput = z.input<typeof MoveSegmentInput>;

export interface MoveSegmentResult extends ChangeWritten {
  segmentId: number;
  fromIndex: number;
  toIndex: number;
}

/**
 * Moves a whole row, all languages together, to another place among the
 * live rows. The row takes the position of the row it lands on and the rows
 * in between (deleted ones too, so they keep their place relative to their
 * neighbours) move one step towards the gap it left. Moving a row to where
 * it is changes nothing and writes nothing (changeId null).
 */
export async function moveSegment(db: Db, rawInput: MoveSegmentInput): Promise<MoveSegmentResult> {
  const input = parseInput(MoveSegmentInput, rawInput, "move");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    const fromIndex = edit.liveIndex(segment);
    const live = edit.liveRows;
    const target = live[input.toIndex];
    if (!target) {
      throw new AppError(
        "index_out_of_range",
        `Cannot move a row to index ${input.toIndex}: the document has ${live.length} rows (indexes 0 to ${live.length - 1})`,
        {
          status: 400,
        },
      );
    }
    if (input.toIndex > fromIndex) {
      await edit.addToPositions({ from: segment.position + 1, to: target.position, by: -1, except: segment.id });
    } else if (input.toIndex < fromIndex) {
      await edit.addToPositions({ from: target.position, to: segment.position - 1, by: 1, except: segment.id });
    }
    if (input.toIndex !== fromIndex) await edit.updateRow(segment.id, { position: target.position });
    const written = await edit.finish("move", { segmentId: segment.id, fromIndex, toIndex: input.toIndex });
    return { ...written, segmentId: segment.id, fromIndex, toIndex: input.toIndex };
  });
}
