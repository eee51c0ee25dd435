import { z } from "zod";
import { CHECK_KINDS, type CheckKind } from "../checks";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { CellStatus } from "../db/generated/enums";
import { AppError } from "../errors";
import { readSnapshot } from "../revisions/versions";
import { Id, LanguageCode, LOW_CONFIDENCE } from "../schemas";
import { parseInput } from "../validation";
import { bringChecksCurrent, failingCondition, storedChecksOf, type ShownCheck } from "./checks";
import { compareRows, type Comparison, type DiffTuple } from "./compare";
import { COMPARE_GRANULARITIES } from "./compare-score";
import { ROW_FILTERS, ROW_ORDERS, SEARCH_MODES, SNAPSHOT_SINCE, type RowFilter, type SearchMode } from "./row-filters";

/** Since a snapshot (`{ snapshotId }`, or `snapshot:ID` as a URL says it) or since a moment. */
const ChangedSince = z.union([
  z.object({ snapshotId: Id }).strict(),
  z
    .string()
    .regex(SNAPSHOT_SINCE)
    .transform((value) => ({ snapshotId: Number(SNAPSHOT_SINCE.exec(value)![1]) })),
  z.coerce.date({ error: 'must be an ISO date or "snapshot:ID"' }),
]);

export const RowsQuery = z.object({
  languages: z.array(LanguageCode).max(20).default([]),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  filter: z.enum(ROW_FILTERS).default("all"),
  /**
   * For the "changed" filter: rows with a revision after this moment, or rows
   * that differ from a snapshot (a shown cell at another revision than the
   * snapshot recorded for that row and language, or a row the snapshot lacks).
   */
  since: ChangedSince.optional(),
  q: z.string().trim().max(200).optional(),
  mode: z.enum(SEARCH_MODES).default("words"),
  /** Compare every other shown cell with this language's cell of the same row (it must be among the shown languages). */
  diffAgainst: LanguageCode.optional(),
  granularity: z.enum(COMPARE_GRANULARITIES).default("word"),
  /** For the "differs" filter: rows whose difference from the reference is more than this many percent. */
  differsBy: z.coerce.number().min(0).max(100).default(0),
  /** "position" (the document's order) or "difference" (most different first; needs diffAgainst). */
  order: z.enum(ROW_ORDERS).default("position"),
  /** For the "checks" filter: only rows failing a check of this kind (any kind otherwise). */
  checkKind: z.enum(CHECK_KINDS).optional(),
});
export type RowsQuery = z.input<typeof RowsQuery>;

/** [start, end) ranges of a cell's text that match the search. */
export type Highlight = [number, number];

export interface EditorCell {
  id: number;
  text: string;
  status: CellStatus;
  stale: boolean;
  headRevisionId: number | null;
  version: number;
  highlights?: Highlight[];
  /** With diffAgainst, in every cell but the reference's: the change from the reference cell of the row to this one. */
  diff?: DiffTuple[];
  /** With diffAgainst: the share of words changed from the reference cell, 0–1. */
  difference?: number;
  /** The cell's failing quality checks (lib/checks), as stored for its head revision against the document (dismissed ones left out). */
  checks: ShownCheck[];
  /** The checks someone dismissed for this revision, with who, when and why. */
  dismissedChecks: ShownCheck[];
  /**
   * Present when the cell's checks are being brought up to date (it was written or moved to another row since they were
   * computed): `checks` are those of its row before, or none after a new text; a later load has them current.
   */
  checksBehind?: true;
}

export interface EditorRow {
  id: number;
  /** 1-based number among all live rows, whatever the filter. */
  number: number;
  alignmentStatus: "automatic" | "confirmed";
  alignmentScore: number | null;
  cells: Record<string, EditorCell | null>;
  /** With diffAgainst: the largest difference among the row's compared cells. */
  difference?: number;
}

export interface RowsPage {
  /** Rows passing the filter. */
  total: number;
  offset: number;
  rows: EditorRow[];
  /** With a search: every matching row (passing the filter), in order, by its index in the filtered list and its number. */
  matches?: { index: number; number: number }[];
  /** With diffAgainst: the reference, the compared versions and how much the whole document differs. */
  comparison?: Comparison;
}

/** The text-search configuration Postgres has for a language, `simple` otherwise. */
export function searchConfig(code: string): "russian" | "english" | "simple" {
  const base = code.split("-")[0];
  return base === "ru" ? "russian" : base === "en" ? "english" : "simple";
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** What a row of the snapshot showed, as three parallel arrays: (row, language, revision or 0 for an empty cell). */
interface SnapshotCells {
  segmentIds: number[];
  languageIds: number[];
  revisionIds: number[];
  rowIds: number[];
}

type Since = Date | SnapshotCells;

/** The snapshot's cells in the shown languages; a language the snapshot did not have counts as empty then. */
async function snapshotCells(
  db: Db,
  documentId: number,
  snapshotId: number,
  languages: { id: number; code: string }[],
): Promise<SnapshotCells> {
  const { state } = await readSnapshot(db, documentId, snapshotId);
  const cells: SnapshotCells = { segmentIds: [], languageIds: [], revisionIds: [], rowIds: [] };
  for (const row of state.rows) {
    cells.rowIds.push(row.segmentId);
    for (const language of languages) {
      cells.segmentIds.push(row.segmentId);
      cells.languageIds.push(language.id);
      cells.revisionIds.push(row.cells[language.code] ?? 0);
    }
  }
  return cells;
}

function changedCondition(since: Since | undefined, inShown: Prisma.Sql): Prisma.Sql {
  if (!since)
    throw new AppError("invalid_input", "Invalid rows query: since: the changed filter needs a date or a snapshot", { status: 400 });
  if (since instanceof Date) {
    return Prisma.sql`EXISTS (SELECT 1 FROM "Cell" c JOIN "Revision" r ON r."cellId" = c.id
                              WHERE c."segmentId" = live.id AND ${inShown} AND r."createdAt" > ${since})`;
  }
  // Uncorrelated NOT IN subqueries are hashed once, so a 10,000-row snapshot costs one pass.
  return Prisma.sql`(live.id NOT IN (SELECT unnest(${since.rowIds}::int[]))
    OR EXISTS (SELECT 1 FROM "Cell" c WHERE c."segmentId" = live.id AND ${inShown}
                  AND (c."segmentId", c."languageId", coalesce(c."headRevisionId", 0)) NOT IN (
                      SELECT * FROM unnest(${since.segmentIds}::int[], ${since.languageIds}::int[], ${since.revisionIds}::int[]))))`;
}

function filterCondition(
  filter: RowFilter,
  languageIds: number[],
  since: Since | undefined,
  differsBy: number,
  checkKind?: CheckKind,
): Prisma.Sql {
  const inShown = Prisma.sql`c."languageId" IN (${Prisma.join(languageIds)})`;
  switch (filter) {
    case "all":
      return Prisma.sql`true`;
    case "empty":
      return Prisma.sql`EXISTS (SELECT 1 FROM "Cell" c WHERE c."segmentId" = live.id AND ${inShown} AND c.text = '')`;
    case "stale":
      return Prisma.sql`EXISTS (SELECT 1 FROM "Cell" c WHERE c."segmentId" = live.id AND ${inShown} AND c.stale)`;
    case "changed":
      return changedCondition(since, inShown);
    case "unconfirmed":
      return Prisma.sql`live."alignmentStatus" = 'automatic'`;
    case "not-one-to-one":
      return Prisma.sql`EXISTS (SELECT 1 FROM "Cell" c WHERE c."segmentId" = live.id AND ${inShown} AND c.text = '')
                    AND EXISTS (SELECT 1 FROM "Cell" c WHERE c."segmentId" = live.id AND ${inShown} AND c.text <> '')`;
    case "low-confidence":
      return Prisma.sql`live."alignmentScore" < ${LOW_CONFIDENCE}`;
    case "differs":
      return Prisma.sql`live.difference > ${differsBy / 100}`;
    case "checks":
      return failingCondition(languageIds, checkKind);
  }
}

/**
 * The cells of one language that match the search, as (segmentId, id) rows.
 * The configuration is written into the SQL as a constant, one query part per
 * language, so Postgres can use the full-text index on that expression.
 */
function matchingCells(language: { id: number; code: string }, q: string, mode: SearchMode, within?: Prisma.Sql): Prisma.Sql {
  const scope = within ? Prisma.sql`AND ${within}` : Prisma.empty;
  if (mode === "text") {
    return Prisma.sql`SELECT c."segmentId", c.id FROM "Cell" c WHERE c."languageId" = ${language.id} AND c.text ILIKE ${`%${escapeLike(q)}%`} ${scope}`;
  }
  const config = Prisma.raw(`'${searchConfig(language.code)}'::regconfig`);
  return Prisma.sql`SELECT c."segmentId", c.id FROM "Cell" c
    WHERE c."languageId" = ${language.id} AND to_tsvector(${config}, c.text) @@ plainto_tsquery(${config}, ${q}) ${scope}`;
}

const START = "\u0001";
const STOP = "\u0002";

/** Reads ts_headline's markers back into ranges of the unmarked text. */
function rangesFromMarkers(marked: string): Highlight[] {
  const ranges: Highlight[] = [];
  let plain = 0;
  let start = -1;
  for (const character of marked) {
    if (character === START) start = plain;
    else if (character === STOP) {
      ranges.push([start, plain]);
      start = -1;
    } else plain += character.length;
  }
  return ranges;
}

function substringRanges(text: string, q: string): Highlight[] {
  const ranges: Highlight[] = [];
  const haystack = text.toLocaleLowerCase();
  const needle = q.toLocaleLowerCase();
  // Lower-casing can change lengths (rare outside Turkish İ); fall back to no highlight then.
  if (!needle || haystack.length !== text.length) return ranges;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    ranges.push([at, at + needle.length]);
  }
  return ranges;
}

/**
 * One page of a document's rows for the editor: the chosen languages (all
 * when none are named), filtered, with search matches highlighted and the
 * numbers of every matching row for next/previous.
 */
export async function getRows(db: Db, slug: string, rawQuery: RowsQuery): Promise<RowsPage> {
  const query = parseInput(RowsQuery, rawQuery, "rows query");
  const document = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      languages: { where: { deletedAt: null }, orderBy: [{ isOriginal: "desc" }, { position: "asc" }], select: { id: true, code: true } },
    },
  });
  if (!document) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  const wanted = query.languages.length ? query.languages : document.languages.map((language) => language.code);
  const languages = wanted.flatMap((code) => document.languages.filter((language) => language.code === code));
  const unknown = wanted.filter((code) => !languages.some((language) => language.code === code));
  if (unknown.length) {
    throw new AppError("language_not_found", `Document "${slug}" has no language ${unknown.join(", ")}`, { status: 404 });
  }
  const ids = languages.map((language) => language.id);
  const since =
    query.filter === "changed" && query.since && !(query.since instanceof Date)
      ? await snapshotCells(db, document.id, query.since.snapshotId, languages)
      : query.since instanceof Date
        ? query.since
        : undefined;
  if (!query.diffAgainst && (query.filter === "differs" || query.order === "difference")) {
    const asked = query.filter === "differs" ? "the differs filter" : "ordering by difference";
    throw new AppError("invalid_input", `Invalid rows query: diffAgainst: ${asked} needs a reference language to compare with`, {
      status: 400,
    });
  }
  const compared = query.diffAgainst
    ? await compareRows(db, {
        documentId: document.id,
        slug,
        all: document.languages,
        shown: languages,
        reference: query.diffAgainst,
        granularity: query.granularity,
      })
    : undefined;
  // Stored checks are brought current (cells written since they were checked) before the filter or the cells read them;
  // except, unless the checks filter reads them all, when the whole document needs checking (a shift of a long document
  // moves thousands of cells: seconds a reader must not wait for). The page then marks the cells whose checks are behind.
  await bringChecksCurrent(db, document.id, { wholeLater: query.filter !== "checks" });
  const where = filterCondition(query.filter, ids, since, query.differsBy, query.checkKind);
  // The rows' differences, computed above, go to the database as arrays so the filter, the order and the count stay one query each.
  const live = Prisma.sql`
    WITH scores AS (
      SELECT * FROM unnest(${compared?.rowIds ?? []}::int[], ${compared?.differences ?? []}::float8[]) AS t(id, difference)),
    live AS (
      SELECT s.id, s.position, s."alignmentStatus", s."alignmentScore", row_number() OVER (ORDER BY s.position, s.id)::int AS number,
             coalesce(scores.difference, 0) AS difference
        FROM "Segment" s LEFT JOIN scores ON scores.id = s.id WHERE s."documentId" = ${document.id} AND s."deletedAt" IS NULL)`;
  const order = query.order === "difference" ? Prisma.sql`live.difference DESC, live.number` : Prisma.sql`live.number`;

  const hits = (within?: Prisma.Sql) =>
    Prisma.join(
      languages.map((language) => matchingCells(language, query.q!, query.mode, within)),
      " UNION ALL ",
    );
  type PageRow = { id: number; number: number; alignmentStatus: "automatic" | "confirmed"; alignmentScore: number | null };
  // The usual read, every row in the document's order: a row's number is its place in the page plus the offset, and the
  // page comes by the (documentId, position) index, instead of numbering every row of the document for each page.
  const everyRowInOrder = query.filter === "all" && query.order === "position" && !query.q && !compared;
  const [[counted], page, matches] = await Promise.all([
    everyRowInOrder
      ? db.$queryRaw<{ total: number }[]>`
          SELECT count(*)::int AS total FROM "Segment" WHERE "documentId" = ${document.id} AND "deletedAt" IS NULL`
      : db.$queryRaw<{ total: number }[]>`${live} SELECT count(*)::int AS total FROM live WHERE ${where}`,
    everyRowInOrder
      ? db.$queryRaw<Omit<PageRow, "number">[]>`
            SELECT id, "alignmentStatus", "alignmentScore" FROM "Segment" WHERE "documentId" = ${document.id} AND "deletedAt" IS NULL
             ORDER BY position, id OFFSET ${query.offset} LIMIT ${query.limit}`.then((rows) =>
          rows.map(({ id, alignmentStatus, alignmentScore }, index) => ({
            id,
            number: query.offset + index + 1,
            alignmentStatus,
            alignmentScore,
          })),
        )
      : db.$queryRaw<PageRow[]>`
          ${live} SELECT id, number, "alignmentStatus", "alignmentScore" FROM live WHERE ${where}
          ORDER BY ${order} OFFSET ${query.offset} LIMIT ${query.limit}`,
    query.q
      ? db.$queryRaw<{ index: number; number: number }[]>`
          ${live}, filtered AS (SELECT live.id, live.number, (row_number() OVER (ORDER BY ${order}) - 1)::int AS index FROM live WHERE ${where}),
          hits AS (${hits()})
          SELECT index, number FROM filtered WHERE id IN (SELECT "segmentId" FROM hits) ORDER BY index`
      : undefined,
  ]);

  const cells = page.length
    ? await db.cell.findMany({
        where: { segmentId: { in: page.map((row) => row.id) }, languageId: { in: ids } },
        select: { id: true, segmentId: true, languageId: true, text: true, status: true, stale: true, headRevisionId: true, version: true },
      })
    : [];
  const highlights = new Map<number, Highlight[]>();
  if (query.q && cells.length) {
    const pageCells = Prisma.sql`c.id IN (${Prisma.join(cells.map((cell) => cell.id))})`;
    const matched = await db.$queryRaw<{ id: number }[]>`${hits(pageCells)}`;
    const matchedIds = new Set(matched.map((cell) => cell.id));
    if (query.mode === "text") {
      for (const cell of cells) if (matchedIds.has(cell.id)) highlights.set(cell.id, substringRanges(cell.text, query.q));
    } else if (matchedIds.size) {
      const marked = await db.$queryRaw<{ id: number; marked: string }[]>`
        SELECT c.id, ts_headline(
                 (CASE WHEN l.code LIKE 'ru%' THEN 'russian' WHEN l.code LIKE 'en%' THEN 'english' ELSE 'simple' END)::regconfig,
                 c.text,
                 plainto_tsquery((CASE WHEN l.code LIKE 'ru%' THEN 'russian' WHEN l.code LIKE 'en%' THEN 'english' ELSE 'simple' END)::regconfig, ${query.q}),
                 ${`HighlightAll=true, StartSel=${START}, StopSel=${STOP}`}) AS marked
          FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId"
         WHERE c.id IN (${Prisma.join([...matchedIds])})`;
      for (const { id, marked: text } of marked) highlights.set(id, rangesFromMarkers(text));
    }
  }

  const cellAt = new Map(cells.map((cell) => [`${cell.segmentId}:${cell.languageId}`, cell]));
  const stored = await storedChecksOf(
    db,
    document.id,
    cells.map((cell) => cell.id),
  );
  return {
    total: counted?.total ?? 0,
    offset: query.offset,
    rows: page.map((row) => {
      const shown: Record<string, EditorCell | null> = Object.fromEntries(
        languages.map((language) => {
          const cell = cellAt.get(`${row.id}:${language.id}`);
          if (!cell) return [language.code, null];
          const { segmentId: _segment, languageId: _language, ...fields } = cell;
          const checks = stored.get(cell.id);
          const state = {
            ...fields,
            checks: checks?.checks ?? [],
            dismissedChecks: checks?.dismissed ?? [],
            ...(checks?.behind ? { checksBehind: true as const } : {}),
          };
          const ranges = highlights.get(cell.id);
          return [language.code, ranges?.length ? { ...state, highlights: ranges } : state];
        }),
      );
      return compared ? compared.describeRow(row, shown) : { ...row, cells: shown };
    }),
    ...(matches ? { matches } : {}),
    ...(compared ? { comparison: compared.comparison } : {}),
  };
}
