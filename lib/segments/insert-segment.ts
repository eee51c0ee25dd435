import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";

export const InsertSegmentInput = z.object({ segmentId: Id, where: z.enum(["above", "below"]), authorId: Id });
export type InsertSegmentInput = z.input<typeof InsertSegmentInput>;

export interface InsertSegmentResult extends ChangeWritten {
  changeId: number;
  /** The new, empty row. */
  segmentId: number;
}

/** Inserts an empty row (an empty cell in every language) above or below a row. */
export async function insertSegment(db: Db, rawInput: InsertSegmentInput): Promise<InsertSegmentResult> {
  const input = parseInput(InsertSegmentInput, rawInput, "insert");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    edit.liveIndex(segment);
    const position = input.where === "above" ? segment.position : segment.position + 1;
    await edit.shiftPositionsFrom(position);
    const row = await edit.createRow(position);
    const written = await edit.finish("insert", { segmentId: row.id, relativeTo: segment.id, where: input.where });
    return { ...written, changeId: written.changeId!, segmentId: row.id };
  });
}
