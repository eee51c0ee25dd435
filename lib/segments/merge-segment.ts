import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id, MAX_CELL_LENGTH } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, capitalize, type ChangeWritten } from "./alignment-edit";

export const MergeSegmentInput = z.object({ segmentId: Id, authorId: Id });
export type MergeSegmentInput = z.input<typeof MergeSegmentInput>;

export interface MergeSegmentResult extends ChangeWritten {
  changeId: number;
  segmentId: number;
  /** The row below, now deleted; its cells keep their text and history. */
  mergedSegmentId: number;
}

/**
 * Merges a row with the next live row: in every language the lower text is
 * appended to the upper one after a single space, and the lower row is
 * soft-deleted. 400 when the row is the last one.
 */
export async function mergeSegmentWithNext(db: Db, rawInput: MergeSegmentInput): Promise<MergeSegmentResult> {
  const input = parseInput(MergeSegmentInput, rawInput, "merge");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    const index = edit.liveIndex(segment);
    const next = edit.liveRows[index + 1];
    if (!next) {
      throw new AppError(
        "no_next_segment",
        `${capitalize(edit.describeRow(segment.id))} is the last row: there is nothing below to merge with`,
        {
          status: 400,
        },
      );
    }
    const cells = await edit.rowCells([segment.id, next.id]);
    for (const language of edit.languages) {
      const upper = cells.cell(segment.id, language.id);
      const lower = cells.cell(next.id, language.id);
      if (!lower.text) continue;
      const merged = upper.text ? `${upper.text} ${lower.text}` : lower.text;
      if (merged.length > MAX_CELL_LENGTH) {
        throw new AppError(
          "text_too_long",
          `Merging ${edit.describeRow(segment.id)} with the next row would make the ${language.label} (${language.code}) text ${merged.length} characters long; the limit is ${MAX_CELL_LENGTH}`,
          { status: 400 },
        );
      }
      await edit.writeText(upper.id, merged, "merge");
    }
    await edit.updateRow(next.id, { deletedAt: edit.now });
    const written = await edit.finish("merge", { segmentId: segment.id, mergedSegmentId: next.id });
    return { ...written, changeId: written.changeId!, segmentId: segment.id, mergedSegmentId: next.id };
  });
}
