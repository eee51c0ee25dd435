import { z } from "zod";
import { alignInWorker } from "../align/worker";
import type { Db } from "../db/client";
import type { AlignmentStatus } from "../db/generated/enums";
import { inTransaction, readConsistently } from "../db/transaction";
import { AppError } from "../errors";
import { Id, LanguageCode, LOW_CONFIDENCE } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
import { parseInput } from "../validation";
import { applyPlacements } from "./apply-placements";
import { layoutBeads } from "./bead-layout";
import { type AlignmentInput, assertAlignedAgainst, type OnProgress } from "./import-language";
import { learnedRowsFor } from "../segments/learned-rows";

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
  /** Rows people confirmed, in any document of this language pair, whose words the aligner learned from. */
  learnedRows: number;
}

/**
 * The rows realignment works on: those after the run of confirmed rows at the
 * top, with the original's and the language's text in each. Computed the same
 * way from the state read before aligning and from the one locked for the
 * write, so the two compare.
 */
function realignScope<Row extends { id: number; alignmentStatus: AlignmentStatus }>(
  live: Row[],
  text: (segmentId: number, languageId: number) => string,
  languages: { originalId: number; languageId: number },
) {
  const from = live.findIndex((row) => row.alignmentStatus !== "confirmed");
  if (from < 0) throw new AppError("nothing_to_realign", "Every row is confirmed: there is nothing left to realign", { status: 409 });
  const rows = live.slice(from);
  const source = rows.map((row) => text(row.id, languages.originalId));
  const target = rows.map((row) => text(row.id, languages.languageId));
  const alignedAgainst: AlignmentInput = { rowIds: live.map((row) => row.id), texts: [source, target] };
  return { from, rows, source, paragraphs: target.filter((paragraph) => paragraph !== ""), alignedAgainst };
}

function originalOf<Language extends { id: number; code: string; label: string }>(language: Language, original: Language | undefined) {
  if (!original || original.id === language.id) {
    throw new AppError(
      "cannot_realign_original",
      `${language.label} (${language.code}) is the original: the other languages are aligned to it`,
      { status: 400 },
    );
  }
  return original;
}

/**
 * "Realign from the first unconfirmed row": every row a human confirmed
 * (the run of confirmed rows at the top) stays exactly as it is; the
 * language's text in the rows after it is taken in reading order, one
 * paragraph per non-empty cell, and aligned afresh against the original's
 * rows there. Only the text moves, so the language reads the same from
 * start to end. The aligner runs outside any transaction, on a worker
 * thread; one short transaction then writes the result as one entry in the
 * alignment log, undoable, or answers 409 `document_changed_during_realign`
 * when the rows or either language's text there changed meanwhile.
 */
export async function realignLanguage(
  db: Db,
  rawInput: RealignLanguageInput,
  options: { onProgress?: OnProgress } = {},
): Promise<RealignLanguageResult> {
  return writeRealignment(db, await alignRealignment(db, rawInput, options), options);
}

/** A realignment aligned but not written yet: realignLanguage's first half, one consistent read then the aligner. */
export async function alignRealignment(db: Db, rawInput: RealignLanguageInput, options: { onProgress?: OnProgress } = {}) {
  const input = parseInput(RealignLanguageInput, rawInput, "realignment");
  const seen = await readConsistently(db, async (tx) => {
    const languages = await tx.documentLanguage.findMany({
      where: { documentId: input.documentId, deletedAt: null },
      select: { id: true, code: true, label: true, isOriginal: true },
    });
    const language = languages.find((candidate) => candidate.code === input.languageCode);
    if (!language) throw new AppError("language_not_found", `This document has no "${input.languageCode}" version`, { status: 404 });
    const original = originalOf(
      language,
      languages.find((candidate) => candidate.isOriginal),
    );
    const live = await tx.segment.findMany({
      where: { documentId: input.documentId, deletedAt: null },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: { id: true, alignmentStatus: true },
    });
    const cells = await tx.cell.findMany({
      where: { languageId: { in: [original.id, language.id] }, segment: { documentId: input.documentId, deletedAt: null } },
      select: { segmentId: true, languageId: true, text: true },
    });
    const text = new Map(cells.map((cell) => [`${cell.segmentId}:${cell.languageId}`, cell.text]));
    return {
      language,
      original,
      learned: await learnedRowsFor(tx, original.code, language.code),
      ...realignScope(live, (segmentId, languageId) => text.get(`${segmentId}:${languageId}`) ?? "", {
        originalId: original.id,
        languageId: language.id,
      }),
    };
  });
  const beads = await alignInWorker(seen.source, seen.paragraphs, {
    sourceLanguage: seen.original.code,
    targetLanguage: seen.language.code,
    learned: seen.learned,
    onProgress: (done, total) => options.onProgress?.({ stage: "aligning", done, total }),
  });
  return { input, original: seen.original, alignedAgainst: seen.alignedAgainst, beads, learnedRows: seen.learned.length };
}
export type AlignedRealignment = Awaited<ReturnType<typeof alignRealignment>>;

/** Writes a realignment in one short transaction; 409 `document_changed_during_realign` when what it was aligned against changed. */
export async function writeRealignment(
  db: Db,
  { input, original: seenOriginal, alignedAgainst, beads, learnedRows }: AlignedRealignment,
  options: { onProgress?: OnProgress } = {},
): Promise<RealignLanguageResult> {
  options.onProgress?.({ stage: "writing", done: 0, total: 1 });
  const result = await inTransaction(
    db,
    async (tx) => {
      const edit = await AlignmentEdit.open(tx, input);
      const language = edit.language(input.languageCode);
      const original = originalOf(
        language,
        edit.languages.find((candidate) => candidate.id === seenOriginal.id),
      );
      const live = edit.liveRows;
      const from = live.findIndex((row) => row.alignmentStatus !== "confirmed");
      // Locks the cells, so no save lands between the check and the write.
      const grid = await edit.rowCells(
        live.slice(Math.max(from, 0)).map((row) => row.id),
        [original.id, language.id],
      );
      const now = realignScope(live, (segmentId, languageId) => grid.cell(segmentId, languageId).text, {
        originalId: original.id,
        languageId: language.id,
      });
      assertAlignedAgainst(alignedAgainst, now.alignedAgainst, "document_changed_during_realign", `${language.label} (${language.code})`);

      const applied = await applyPlacements(edit, {
        languageId: language.id,
        rows: now.rows,
        placements: layoutBeads(beads, now.rows.length, now.paragraphs),
        revisionKind: "shift",
        note: `realigned from row ${now.from + 1}`,
        score: "replace",
        lowConfidenceBelow: LOW_CONFIDENCE,
      });
      const written = await edit.finish("realign", {
        languageCode: language.code,
        fromSegmentId: now.rows[0]!.id,
        rows: now.rows.length,
        lowConfidence: applied.lowConfidence,
      });
      return {
        changeId: written.changeId,
        fromRow: now.from + 1,
        rows: now.rows.length + applied.createdSegmentIds.length,
        createdRows: applied.createdSegmentIds.length,
        lowConfidence: applied.lowConfidence,
        segmentIds: written.segmentIds,
        learnedRows,
      };
    },
    { timeout: 300_000 },
  );
  options.onProgress?.({ stage: "writing", done: 1, total: 1 });
  return result;
}
