import { paragraphStems, primarySubtag } from "../align/words";
import type { Tx } from "../db/client";

/**
 * Learning from people (issue #16): every row a person confirms is evidence
 * of which words translate which in its languages, kept as LearnedRow and
 * given to the aligner by later imports and realignments of the same pair,
 * in any document.
 */

/** The newest this many confirmed rows of a language pair are learned from: the aligner learns from at most 1000 of its own beads too. */
const LEARNED_ROWS_LIMIT = 2000;

/**
 * Stores what rows just confirmed teach: per pair of their non-empty cells in
 * two different languages (by primary subtag), the stems of both; replaces
 * what a row taught before (confirmed, undone, edited, confirmed again).
 * Runs in the confirming transaction.
 */
export async function learnFromConfirmedRows(tx: Tx, segmentIds: number[]) {
  if (!segmentIds.length) return;
  const cells = await tx.cell.findMany({
    where: { segmentId: { in: segmentIds }, text: { not: "" } },
    select: { segmentId: true, text: true, language: { select: { code: true } } },
    orderBy: { id: "asc" },
  });
  // Per row, one text per primary subtag: the first cell of it (two versions of a language are no evidence of translation).
  const rows = new Map<number, Map<string, string[]>>();
  for (const cell of cells) {
    const languages = rows.get(cell.segmentId) ?? new Map<string, string[]>();
    rows.set(cell.segmentId, languages);
    const language = primarySubtag(cell.language.code);
    if (!languages.has(language)) languages.set(language, paragraphStems(cell.text, language));
  }
  const data = [...rows].flatMap(([segmentId, languages]) => {
    const sorted = [...languages].sort(([a], [b]) => (a < b ? -1 : 1));
    return sorted.flatMap(([sourceLanguage, sourceStems], k) =>
      sorted.slice(k + 1).map(([targetLanguage, targetStems]) => ({ segmentId, sourceLanguage, targetLanguage, sourceStems, targetStems })),
    );
  });
  await tx.learnedRow.deleteMany({ where: { segmentId: { in: segmentIds } } });
  await tx.learnedRow.createMany({ data });
}

/**
 * What confirmed rows teach about a language pair, oriented from `source` to
 * `target`: the newest LEARNED_ROWS_LIMIT rows still confirmed and not
 * deleted, in any document. Empty when either language is unknown or both
 * are one language.
 */
export async function learnedRowsFor(tx: Tx, source: string | undefined, target: string): Promise<Array<[string[], string[]]>> {
  if (!source) return [];
  const [from, to] = [primarySubtag(source), primarySubtag(target)];
  if (from === to) return [];
  const swapped = from > to;
  const rows = await tx.learnedRow.findMany({
    where: {
      sourceLanguage: swapped ? to : from,
      targetLanguage: swapped ? from : to,
      segment: { alignmentStatus: "confirmed", deletedAt: null },
    },
    orderBy: { id: "desc" },
    take: LEARNED_ROWS_LIMIT,
    select: { sourceStems: true, targetStems: true },
  });
  return rows.map((row) => (swapped ? [row.targetStems, row.sourceStems] : [row.sourceStems, row.targetStems]));
}
