import { z } from "zod";
import { alignParagraphs } from "../align";
import type { Db } from "../db/client";
import { CellStatus } from "../db/generated/enums";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { CellText, LOW_CONFIDENCE } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
import { parseInput } from "../validation";
import { applyPlacements } from "./apply-placements";
import { layoutBeads } from "./bead-layout";
import { DocumentSlug } from "./create-document";
import { AddLanguageInput, createLanguage } from "./languages";

/** How far a long import or alignment has got, for a progress bar. */
export interface ImportProgress {
  stage: "reading" | "aligning" | "writing";
  done: number;
  total: number;
}
export type OnProgress = (progress: ImportProgress) => void;

export const ImportLanguageInput = AddLanguageInput.extend({
  slug: DocumentSlug,
  paragraphs: z.array(CellText).min(1, "has no paragraphs: the file holds no text"),
  /** The status every imported cell starts in. */
  status: z.enum(CellStatus).default("draft"),
  fileName: z.string().max(255).nullable().default(null),
});
export type ImportLanguageInput = z.input<typeof ImportLanguageInput>;

export interface ImportLanguageResult {
  changeId: number;
  languageCode: string;
  /** Rows of the document after the import (live ones). */
  rows: number;
  createdRows: number;
  /** Rows whose alignment the aligner was unsure of, for a human to check. */
  lowConfidence: number;
}

/**
 * Adds a language version from paragraphs that need not match the rows one
 * to one: the aligner pairs them with the original language's rows, each
 * row's new cell gets its paragraphs, a paragraph with no counterpart gets a
 * row of its own, and every row gets the aligner's confidence (rows below
 * LOW_CONFIDENCE show up under the "low confidence" filter). One
 * transaction, logged as an import in the alignment log: all or nothing.
 */
export async function importLanguage(
  db: Db,
  rawInput: ImportLanguageInput,
  options: { authorId: number; onProgress?: OnProgress },
): Promise<ImportLanguageResult> {
  const input = parseInput(ImportLanguageInput, rawInput, "import");
  const document = await db.document.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document "${input.slug}"`, { status: 404 });

  return inTransaction(
    db,
    async (tx) => {
      const language = await createLanguage(tx, document.id, input.slug, input);
      const edit = await AlignmentEdit.open(tx, { documentId: document.id, authorId: options.authorId });
      const original = await tx.documentLanguage.findFirst({
        where: { documentId: document.id, isOriginal: true },
        select: { id: true, code: true },
      });
      const rows = edit.liveRows;
      const originalCells = original
        ? await tx.cell.findMany({
            where: { segmentId: { in: rows.map((row) => row.id) }, languageId: original.id },
            select: { segmentId: true, text: true },
          })
        : [];
      const originalText = new Map(originalCells.map((cell) => [cell.segmentId, cell.text]));

      const beads = alignParagraphs(
        rows.map((row) => originalText.get(row.id) ?? ""),
        input.paragraphs,
        {
          ...(original ? { sourceLanguage: original.code } : {}),
          targetLanguage: input.code,
          onProgress: (done, total) => options.onProgress?.({ stage: "aligning", done, total }),
        },
      );
      options.onProgress?.({ stage: "writing", done: 0, total: 1 });
      const placements = layoutBeads(beads, rows.length, input.paragraphs);
      const applied = await applyPlacements(edit, {
        languageId: language.id,
        rows,
        placements,
        revisionKind: "import",
        note: input.fileName ? `imported from ${input.fileName}` : "imported",
        status: input.status,
        score: "lowest",
        lowConfidenceBelow: LOW_CONFIDENCE,
      });
      const written = await edit.finish("import", {
        languageCode: input.code,
        fileName: input.fileName,
        paragraphs: input.paragraphs.length,
        createdSegmentIds: applied.createdSegmentIds,
        lowConfidence: applied.lowConfidence,
      });
      options.onProgress?.({ stage: "writing", done: 1, total: 1 });
      return {
        changeId: written.changeId!,
        languageCode: input.code,
        rows: rows.length + applied.createdSegmentIds.length,
        createdRows: applied.createdSegmentIds.length,
        lowConfidence: applied.lowConfidence,
      };
    },
    { timeout: 300_000 },
  );
}
