import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id, LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";
import { splitOffsetProblem, suggestSplitOffset } from "./split-offset";

export const SplitSegmentInput = z.object({
  segmentId: Id,
  languageCode: LanguageCode,
  /** UTF-16 index into the cell's stored text: what follows it moves to the new row. */
  offset: z.number().int(),
  /** Also split the row's other languages, each at the sentence end nearest the same relative place. */
  splitOthers: z.boolean(),
  authorId: Id,
});
export type SplitSegmentInput = z.input<typeof SplitSegmentInput>;

export interface SplitSegmentResult extends ChangeWritten {
  changeId: number;
  segmentId: number;
  /** The row inserted right below, holding the second parts. */
  newSegmentId: number;
  /** The languages whose cell was split, the asked one first. */
  splitLanguages: string[];
}

/**
 * Splits a row in two: the text of one language after `offset` moves to a
 * new row right below (both parts trimmed). Other languages stay in the
 * upper row, or with `splitOthers` are cut where `suggestSplitOffset` says;
 * a cell it finds no place in stays whole above.
 */
export async function splitSegment(db: Db, rawInput: SplitSegmentInput): Promise<SplitSegmentResult> {
  const input = parseInput(SplitSegmentInput, rawInput, "split");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    edit.liveIndex(segment);
    const language = edit.language(input.languageCode);
    const cells = await edit.rowCells([segment.id]);
    const text = cells.cell(segment.id, language.id).text;
    const problem = splitOffsetProblem(text, input.offset);
    if (problem) {
      throw new AppError(
        "invalid_offset",
        `Cannot split ${edit.describeRow(segment.id)} in ${language.label} (${language.code}): ${problem}`,
        {
          status: 400,
        },
      );
    }

    const cuts = new Map<number, number>([[language.id, input.offset]]);
    if (input.splitOthers) {
      for (const other of edit.languages) {
        const otherText = cells.cell(segment.id, other.id).text;
        if (other.id === language.id || !otherText) continue;
        const offset = suggestSplitOffset(otherText, input.offset / text.length);
        if (offset !== null) cuts.set(other.id, offset);
      }
    }

    await edit.shiftPositionsFrom(segment.position + 1);
    const lower = await edit.createRow(segment.position + 1);
    for (const [languageId, offset] of cuts) {
      const upper = cells.cell(segment.id, languageId);
      await edit.writeText(upper.id, upper.text.slice(0, offset), "split");
      await edit.writeText(lower.cellOf(languageId).id, upper.text.slice(offset), "split");
    }
    const splitLanguages = [...cuts.keys()].map((id) => edit.languageById(id).code);
    const written = await edit.finish("split", {
      segmentId: segment.id,
      newSegmentId: lower.id,
      languageCode: language.code,
      offset: input.offset,
      splitOthers: input.splitOthers,
      splitLanguages,
    });
    return { ...written, changeId: written.changeId!, segmentId: segment.id, newSegmentId: lower.id, splitLanguages };
  });
}
