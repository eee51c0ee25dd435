import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id, LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, capitalize, type ChangeWritten } from "./alignment-edit";

export const ShiftCellInput = z.object({
  segmentId: Id,
  languageCode: LanguageCode,
  direction: z.enum(["down", "up"]),
  authorId: Id,
});
export type ShiftCellInput = z.input<typeof ShiftCellInput>;

export interface ShiftCellResult extends ChangeWritten {
  changeId: number;
  segmentId: number;
  languageCode: string;
  direction: "down" | "up";
  /** The row added at the end to make room for the last text (down only), or null. */
  appendedSegmentId: number | null;
}

/**
 * The everyday alignment fix: one language's texts from this row to the end
 * move one row down (this row's cell becomes empty) or up (into the empty
 * cell above), the other languages stay. The Cell rows themselves move, so
 * each text keeps its revisions and no revision is written. The rows stay
 * complete: down hands this row the last row's empty cell (or, when the last
 * cell has text, the empty one of a row appended for it); up hands the empty
 * cell from above to the last row. Down then up gives back the exact state
 * apart from that appended row, left empty.
 */
export async function shiftCell(db: Db, rawInput: ShiftCellInput): Promise<ShiftCellResult> {
  const input = parseInput(ShiftCellInput, rawInput, "shift");
  return inTransaction(db, async (tx) => {
    const { edit, segment } = await AlignmentEdit.openAt(tx, input);
    const index = edit.liveIndex(segment);
    const language = edit.language(input.languageCode);
    const where = `${language.label} (${language.code})`;
    const live = edit.liveRows;
    const tail = live.slice(index);
    const above = input.direction === "up" ? live[index - 1] : undefined;
    if (input.direction === "up" && !above) {
      throw new AppError("no_previous_segment", `Row 1 is the first row: there is no row above to shift ${where} text into`, {
        status: 400,
      });
    }

    const rows = above ? [above, ...tail] : tail;
    const cells = await edit.rowCells(
      rows.map((row) => row.id),
      [language.id],
    );
    const cellAt = (row: { id: number }) => cells.cell(row.id, language.id);
    if (tail.every((row) => cellAt(row).text === "")) {
      throw new AppError("nothing_to_shift", `There is no ${where} text from ${edit.describeRow(segment.id)} down to shift`, {
        status: 400,
      });
    }

    const moves: { cellId: number; segmentId: number }[] = [];
    let appendedSegmentId: number | null = null;
    if (input.direction === "down") {
      tail.slice(0, -1).forEach((row, i) => moves.push({ cellId: cellAt(row).id, segmentId: tail[i + 1]!.id }));
      const last = cellAt(tail[tail.length - 1]!);
      if (last.text === "") {
        moves.push({ cellId: last.id, segmentId: segment.id });
      } else {
        const appended = await edit.createRow(edit.lastPosition + 1);
        appendedSegmentId = appended.id;
        moves.push({ cellId: last.id, segmentId: appended.id }, { cellId: appended.cellOf(language.id).id, segmentId: segment.id });
      }
    } else {
      const freed = cellAt(above!);
      if (freed.text !== "") {
        throw new AppError(
          "shift_blocked",
          `${capitalize(edit.describeRow(above!.id))} already has ${where} text, so the text below cannot shift up into it; merge the two rows instead`,
          { status: 409 },
        );
      }
      tail.forEach((row, i) => moves.push({ cellId: cellAt(row).id, segmentId: rows[i]!.id }));
      moves.push({ cellId: freed.id, segmentId: tail[tail.length - 1]!.id });
    }
    await edit.moveCells(moves);

    const written = await edit.finish("shift", {
      segmentId: segment.id,
      languageCode: language.code,
      direction: input.direction,
      appendedSegmentId,
    });
    return {
      ...written,
      changeId: written.changeId!,
      segmentId: segment.id,
      languageCode: language.code,
      direction: input.direction,
      appendedSegmentId,
    };
  });
}
