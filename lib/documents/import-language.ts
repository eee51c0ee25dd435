import { z } from "zod";
import type { Bead } from "../align";
import { alignInWorker } from "../align/worker";
import type { Db, Tx } from "../db/client";
import { CellStatus } from "../db/generated/enums";
import { inTransaction, readConsistently } from "../db/transaction";
import { AppError } from "../errors";
import { CellText, LOW_CONFIDENCE } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
import { parseInput } from "../validation";
import { applyPlacements } from "./apply-placements";
import { layoutBeads } from "./bead-layout";
import { DocumentSlug } from "./create-document";
import { learnedRowsFor } from "../segments/learned-rows";
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
  /** Rows people confirmed, in any document of this language pair, whose words the aligner learned from. */
  learnedRows: number;
}

/**
 * What an alignment was computed against: the live rows in reading order and
 * the texts read from them. Taken before aligning and again inside the write;
 * when they differ, the placements no longer fit the document.
 */
export interface AlignmentInput {
  rowIds: number[];
  texts: string[][];
}

/** 409 unless the document still holds what the alignment was computed against; compared whole, since any difference misplaces text. */
export function assertAlignedAgainst(seen: AlignmentInput, now: AlignmentInput, code: string, what: string) {
  if (JSON.stringify(seen) === JSON.stringify(now)) return;
  throw new AppError(code, `The document changed while ${what} was being aligned; nothing was written: try again`, { status: 409 });
}

/** The original language and its text in each live row (empty when the document has no original or a row lacks its cell). */
async function originalText(tx: Tx, documentId: number, rowIds: number[]) {
  const original = await tx.documentLanguage.findFirst({ where: { documentId, isOriginal: true }, select: { id: true, code: true } });
  const cells = original
    ? await tx.cell.findMany({
        where: { languageId: original.id, segment: { documentId, deletedAt: null } },
        select: { segmentId: true, text: true },
      })
    : [];
  const text = new Map(cells.map((cell) => [cell.segmentId, cell.text]));
  return { original, input: { rowIds, texts: [rowIds.map((id) => text.get(id) ?? "")] } };
}

/** An import aligned but not written yet: importLanguage's first half. */
export interface AlignedImport {
  input: z.output<typeof ImportLanguageInput>;
  documentId: number;
  alignedAgainst: AlignmentInput;
  beads: Bead[];
  learnedRows: number;
}

/**
 * Reads the original's rows (one consistent read, no lock held after it)
 * and aligns the paragraphs to them on a worker thread: the long part of an
 * import, during which everyone else reads and writes the document as usual.
 */
export async function alignImport(
  db: Db,
  rawInput: ImportLanguageInput,
  options: { onProgress?: OnProgress } = {},
): Promise<AlignedImport> {
  const input = parseInput(ImportLanguageInput, rawInput, "import");
  const document = await db.document.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document "${input.slug}"`, { status: 404 });
  const {
    original,
    input: alignedAgainst,
    learned,
  } = await readConsistently(db, async (tx) => {
    const rows = await tx.segment.findMany({
      where: { documentId: document.id, deletedAt: null },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    const read = await originalText(
      tx,
      document.id,
      rows.map((row) => row.id),
    );
    return { ...read, learned: await learnedRowsFor(tx, read.original?.code, input.code) };
  });
  const beads = await alignInWorker(alignedAgainst.texts[0]!, input.paragraphs, {
    ...(original ? { sourceLanguage: original.code } : {}),
    targetLanguage: input.code,
    learned,
    onProgress: (done, total) => options.onProgress?.({ stage: "aligning", done, total }),
  });
  return { input, documentId: document.id, alignedAgainst, beads, learnedRows: learned.length };
}

/**
 * Writes an aligned import: the language, each row's new cell with its
 * paragraphs, a row of its own for a paragraph with no counterpart, and every
 * row's aligner confidence (rows below LOW_CONFIDENCE show up under the "low
 * confidence" filter). One short transaction, logged as an import in the
 * alignment log: all or nothing; 409 `document_changed_during_import` when
 * the rows or the original's text changed since they were aligned.
 */
export async function writeAlignedImport(
  db: Db,
  aligned: AlignedImport,
  options: { authorId: number; onProgress?: OnProgress },
): Promise<ImportLanguageResult> {
  const { input, documentId } = aligned;
  options.onProgress?.({ stage: "writing", done: 0, total: 1 });
  const result = await inTransaction(
    db,
    async (tx) => {
      // The document first, as AlignmentEdit.open takes it: adding the
      // language's cells takes key-share locks on the rows, and two imports
      // doing that before locking the document would deadlock on each other.
      await tx.$queryRaw`SELECT id FROM "Document" WHERE id = ${documentId} FOR NO KEY UPDATE`;
      const language = await createLanguage(tx, documentId, input.slug, input);
      const edit = await AlignmentEdit.open(tx, { documentId, authorId: options.authorId });
      const rows = edit.liveRows;
      const now = await originalText(
        tx,
        documentId,
        rows.map((row) => row.id),
      );
      assertAlignedAgainst(aligned.alignedAgainst, now.input, "document_changed_during_import", `the import of ${input.code}`);

      const applied = await applyPlacements(edit, {
        languageId: language.id,
        rows,
        placements: layoutBeads(aligned.beads, rows.length, input.paragraphs),
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
      return {
        changeId: written.changeId!,
        languageCode: input.code,
        rows: rows.length + applied.createdSegmentIds.length,
        createdRows: applied.createdSegmentIds.length,
        lowConfidence: applied.lowConfidence,
        learnedRows: aligned.learnedRows,
      };
    },
    { timeout: 300_000 },
  );
  options.onProgress?.({ stage: "writing", done: 1, total: 1 });
  return result;
}

/**
 * Adds a language version from paragraphs that need not match the rows one
 * to one: the aligner pairs them with the original language's rows outside
 * any transaction and off the event loop (alignImport), then one short
 * transaction writes the result (writeAlignedImport).
 */
export async function importLanguage(
  db: Db,
  rawInput: ImportLanguageInput,
  options: { authorId: number; onProgress?: OnProgress },
): Promise<ImportLanguageResult> {
  return writeAlignedImport(db, await alignImport(db, rawInput, options), options);
}
