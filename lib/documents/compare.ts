// Comparing versions of one language column by column: each cell against the
// reference cell of its row (the rows query's diffAgainst).
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { writeCsv } from "../formats";
import { LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import {
  COMPARE_GRANULARITIES,
  diffTuples,
  sameLanguage,
  shareChanged,
  wordChanges,
  type CompareGranularity,
  type DiffTuple,
} from "./compare-score";
import type { EditorCell, EditorRow } from "./rows";

export type { DiffTuple };

/** How much the compared versions differ from the reference over the whole document (live rows). */
export interface Comparison {
  reference: string;
  /** The shown versions of the reference's language that are scored (same primary subtag): `en-revised` beside `en`. */
  compared: string[];
  granularity: CompareGranularity;
  /** Live rows of the document. */
  rows: number;
  /** Live rows where a compared version differs from the reference by at least one word. */
  rowsDiffering: number;
  /** The share of words changed over the whole document, 0–1. */
  difference: number;
}

interface Language {
  id: number;
  code: string;
}

/**
 * The reference among the document's languages and the versions compared
 * with it: the shown languages sharing its primary subtag. An unknown
 * reference is 404; one not among the shown languages is 400 (its column
 * would be missing).
 */
function referenceAndVersions<L extends Language>(slug: string, all: L[], shown: L[], code: string, what: string) {
  const reference = all.find((language) => language.code === code);
  if (!reference) throw new AppError("language_not_found", `Document "${slug}" has no language ${code} to compare with`, { status: 404 });
  if (!shown.some((language) => language.id === reference.id)) {
    throw new AppError(
      "invalid_input",
      `Invalid ${what}: diffAgainst: ${code} is not among the shown languages (langs: ${shown.map((language) => language.code).join(",")})`,
      { status: 400 },
    );
  }
  return { reference, compared: shown.filter((language) => language.id !== reference.id && sameLanguage(language.code, code)) };
}

/** A cell's text and its head revision (null: the empty cell that never had text). */
interface CellText {
  text: string;
  head: number | null;
}

/** The texts of the live rows in these languages, by row (in the document's order) and language. */
async function liveTexts(db: Db, documentId: number, languageIds: number[]): Promise<Map<number, Map<number, CellText>>> {
  const texts = await db.$queryRaw<{ segmentId: number; languageId: number; text: string; head: number | null }[]>`
    SELECT c."segmentId", c."languageId", c.text, c."headRevisionId" AS head FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId"
     WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NULL AND c."languageId" = ANY(${languageIds}::int[])
     ORDER BY s.position, s.id`;
  const byRow = new Map<number, Map<number, CellText>>();
  for (const { segmentId, languageId, text, head } of texts) {
    const row = byRow.get(segmentId) ?? new Map<number, CellText>();
    row.set(languageId, { text, head });
    byRow.set(segmentId, row);
  }
  return byRow;
}

const EMPTY: CellText = { text: "", head: null };

type WordCounts = { changed: number; total: number };

/**
 * Word counts of pairs already scored, per database (revision ids are its
 * own) by the two cells' head revisions: revisions never change, so a pair's
 * counts never do. Scoring splits every text into graphemes, which costs
 * about a third of a millisecond a paragraph: a 10,000-row document would
 * take seconds on every page of the rows query, while only its edited rows
 * are new from one page to the next.
 */
const scoredIn = new WeakMap<Db, Map<string, WordCounts>>();
const MAX_SCORED = 200_000;

function cachedWordChanges(scored: Map<string, WordCounts>, reference: CellText, version: CellText): WordCounts {
  const key = `${reference.head ?? 0}:${version.head ?? 0}`;
  let counts = scored.get(key);
  if (!counts) {
    counts = wordChanges(reference.text, version.text);
    // Maps keep insertion order: past the cap the oldest pair goes.
    if (scored.size >= MAX_SCORED) scored.delete(scored.keys().next().value!);
    scored.set(key, counts);
  }
  return counts;
}

/**
 * Each row's versions scored against its reference cell, the row's
 * difference (the largest of them), and the summary over all the rows.
 */
function scoreRows(db: Db, byRow: Map<number, Map<number, CellText>>, reference: Language, compared: Language[]) {
  const scored = scoredIn.get(db) ?? new Map<string, WordCounts>();
  scoredIn.set(db, scored);
  let changed = 0;
  let total = 0;
  const rows = [...byRow].map(([rowId, cells]) => {
    const referenceCell = cells.get(reference.id) ?? EMPTY;
    const versions = compared.map((language) => {
      const cell = cells.get(language.id) ?? EMPTY;
      const counts = cachedWordChanges(scored, referenceCell, cell);
      changed += counts.changed;
      total += counts.total;
      return { code: language.code, text: cell.text, difference: shareChanged(counts) };
    });
    return {
      rowId,
      reference: referenceCell.text,
      versions,
      difference: Math.max(0, ...versions.map((version) => version.difference)),
    };
  });
  const summary = {
    rows: rows.length,
    rowsDiffering: rows.filter((row) => row.difference > 0).length,
    difference: shareChanged({ changed, total }),
  };
  return { rows, summary };
}

/**
 * Scores every live row of the document: the largest difference between the
 * reference cell and a compared cell of the row.
 */
export async function compareRows(
  db: Db,
  options: { documentId: number; slug: string; all: Language[]; shown: Language[]; reference: string; granularity: CompareGranularity },
) {
  const { documentId, slug, all, shown, reference: code, granularity } = options;
  const { reference, compared } = referenceAndVersions(slug, all, shown, code, "rows query");
  const byRow = await liveTexts(db, documentId, [reference.id, ...compared.map((language) => language.id)]);

  const scored = scoreRows(db, byRow, reference, compared);
  const differenceOf = new Map(scored.rows.map((row) => [row.rowId, row.difference]));
  const comparison: Comparison = { reference: code, compared: compared.map((language) => language.code), granularity, ...scored.summary };

  return {
    rowIds: scored.rows.map((row) => row.rowId),
    differences: scored.rows.map((row) => row.difference),
    comparison,
    /** A page row with every non-reference cell's diff and difference against the row's reference cell, and the row's difference. */
    describeRow(row: Omit<EditorRow, "cells">, cells: Record<string, EditorCell | null>): EditorRow {
      const referenceText = cells[code]?.text ?? "";
      const withDiffs = Object.fromEntries(
        Object.entries(cells).map(([language, cell]) =>
          language === code || !cell
            ? [language, cell]
            : [
                language,
                {
                  ...cell,
                  diff: diffTuples(referenceText, cell.text, granularity),
                  difference: shareChanged(wordChanges(referenceText, cell.text)),
                },
              ],
        ),
      );
      return { ...row, cells: withDiffs, difference: differenceOf.get(row.id) ?? 0 };
    },
  };
}

export const ComparisonQuery = z.object({
  /** The reference column. */
  diffAgainst: LanguageCode,
  /** The columns shown, the reference among them; by default the reference and every other version of its language. */
  languages: z.array(LanguageCode).min(1).max(20).optional(),
  granularity: z.enum(COMPARE_GRANULARITIES).default("word"),
  /** Only the rows that differ by more than this many percent (the summary still covers every row). */
  differsBy: z.coerce.number().min(0).max(100).optional(),
});
export type ComparisonQuery = z.input<typeof ComparisonQuery>;

export interface ComparisonTable {
  title: string;
  reference: { code: string; label: string };
  versions: { code: string; label: string }[];
  rows: {
    number: number;
    reference: string;
    versions: Record<string, { text: string; diff: DiffTuple[]; difference: number }>;
    difference: number;
  }[];
  comparison: Comparison;
}

/** The whole comparison, every live row in order, for the CSV export and the print view. */
export async function readComparison(db: Db, slug: string, rawQuery: ComparisonQuery): Promise<ComparisonTable> {
  const query = parseInput(ComparisonQuery, rawQuery, "comparison");
  const document = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      title: true,
      languages: {
        where: { deletedAt: null },
        orderBy: [{ isOriginal: "desc" }, { position: "asc" }],
        select: { id: true, code: true, label: true },
      },
    },
  });
  if (!document) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  const wanted =
    query.languages ??
    document.languages.filter((language) => sameLanguage(language.code, query.diffAgainst)).map((language) => language.code);
  const unknown = wanted.filter((code) => !document.languages.some((language) => language.code === code));
  if (unknown.length) throw new AppError("language_not_found", `Document "${slug}" has no language ${unknown.join(", ")}`, { status: 404 });
  const shown = wanted.map((code) => document.languages.find((language) => language.code === code)!);
  const { reference, compared } = referenceAndVersions(slug, document.languages, shown, query.diffAgainst, "comparison");
  const byRow = await liveTexts(db, document.id, [reference.id, ...compared.map((language) => language.id)]);

  const scored = scoreRows(db, byRow, reference, compared);
  const rows = scored.rows.map((row, index) => ({
    number: index + 1,
    reference: row.reference,
    versions: Object.fromEntries(
      row.versions.map(({ code, text, difference }) => [
        code,
        { text, diff: diffTuples(row.reference, text, query.granularity), difference },
      ]),
    ),
    difference: row.difference,
  }));
  const label = ({ code, label }: { code: string; label: string }) => ({ code, label });
  return {
    title: document.title,
    reference: label(reference),
    versions: compared.map(label),
    rows: query.differsBy === undefined ? rows : rows.filter((row) => row.difference > query.differsBy! / 100),
    comparison: {
      reference: reference.code,
      compared: compared.map((language) => language.code),
      granularity: query.granularity,
      ...scored.summary,
    },
  };
}

/** A diff as marked text, the way wdiff writes it: [-removed-]{+added+}. */
export function markedText(diff: DiffTuple[]): string {
  return diff.map(([op, text]) => (op === -1 ? `[-${text}-]` : op === 1 ? `{+${text}+}` : text)).join("");
}

/**
 * The comparison as CSV: the row's number, the reference's text, then for
 * each version its text, the text with the changes marked ([-removed-]
 * {+added+}) and its difference (0–1); last the row's difference.
 */
export function comparisonCsv(table: ComparisonTable): string {
  const header = [
    "row",
    table.reference.code,
    ...table.versions.flatMap(({ code }) => [code, `${code} marked`, `${code} difference`]),
    "difference",
  ];
  const score = (share: number) => String(Math.round(share * 10_000) / 10_000);
  return writeCsv([
    header,
    ...table.rows.map((row) => [
      String(row.number),
      row.reference,
      ...table.versions.flatMap(({ code }) => {
        const version = row.versions[code]!;
        return [version.text, markedText(version.diff), score(version.difference)];
      }),
      score(row.difference),
    ]),
  ]);
}
