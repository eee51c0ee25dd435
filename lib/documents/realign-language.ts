import { z } from "zod";
import { alignParagraphs } from "../align";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id, LanguageCode, LOW_CONFIDENCE } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
import { parseInput } from "../validation";
import { applyPlacements } from "./apply-placements";
import { layoutBeads } from "./bead-layout";
import type { OnProgress } from "./import-language";

export const RealignLanguageInput = z.object({ documentId: Id, languageCode: LanguageCode, authorId: Id });
export type RealignLanguageInput = z.input<typeof RealignLanguageInput>;

export interface RealignLanguageResult {
  /** Null when the aligner left every row as it was. */
  changeId: number | null;
  /** The first row realigned (1-based among live rows) and how many rows from there. */
  fromRow: number;
  rows: number;
  createdRows: number;
  lowConfidence: number;
  segmentIds: number[];
}

/**
 * "Realign from the first unconfirmed row": every row a human confirmed
 * (the run of confirmed rows at the top) stays exactly as it is; the
 * language's text in the rows after it is taken in reading order, one
 * paragraph per non-empty cell, and aligned afresh against the original's
 * rows there. Only the text moves, so the language reads the same from
 * start to end; one transaction, one entry in the alignment log, undoable.
 */
export async function realignLanguage(
  db: Db,
  rawInput: RealignLanguageInput,
  options: { onProgress?: OnProgress } = {},
): Promise<RealignLanguageResult> {
  const input = parseInput(RealignLanguageInput, rawInput, "realignment");
  return inTransaction(
    db,
    async (tx) => {
      const edit = await AlignmentEdit.open(tx, input);
      const language = edit.language(input.languageCode);
      const original = await tx.documentLanguage.findFirst({
        where: { documentId: input.documentId, isOriginal: true },
        select: { id: true, code: true },
      });
      if (!original || original.id === language.id) {
        throw new AppError(
          "cannot_realign_original",
          `${language.label} (${language.code}) is the original: the other languages are aligned to it`,
          { status: 400 },
        );
      }
      const live = edit.liveRows;
      const from = live.findIndex((row) => row.alignmentStatus !== "confirmed");
      if (from < 0) throw new AppError("nothing_to_realign", "Every row is confirmed: there is nothing left to realign", { status: 409 });
      const rows = live.slice(from);

      const grid = await edit.rowCells(
        rows.map((row) => row.id),
        [original.id, language.id],
      );
      const paragraphs = rows.map((row) => grid.cell(row.id, language.id).text).filter((text) => text !== "");
      const beads = alignParagraphs(
        rows.map((row) => grid.cell(row.id, original.id).text),
        paragraphs,
        {
          sourceLanguage: original.code,
          targetLanguage: language.code,
          onProgress: (done, total) => options.onProgress?.({ stage: "aligning", done, total }),
        },
      );
      options.onProgress?.({ stage: "writing", done: 0, total: 1 });
      const applied = await applyPlacements(edit, {
        languageId: language.id,
        rows,
        placements: layoutBeads(beads, rows.length, paragraphs),
        revisionKind: "shift",
        note: `realigned from row ${from + 1}`,
        score: "replace",
        lowConfidenceBelow: LOW_CONFIDENCE,
      });
      const written = await edit.finish("realign", {
        languageCode: language.code,
        fromSegmentId: rows[0]!.id,
        rows: rows.length,
        lowConfidence: applied.lowConfidence,
      });
      options.onProgress?.({ stage: "writing", done: 1, total: 1 });
      return {
        changeId: written.changeId,
        fromRow: from + 1,
        rows: rows.length + applied.createdSegmentIds.length,
        createdRows: applied.createdSegmentIds.length,
        lowConfidence: applied.lowConfidence,
        segmentIds: written.segmentIds,
      };
    },
    { timeout: 300_000 },
  );
}
