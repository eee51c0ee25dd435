/**
 * Stored checks (table CellCheck): each cell's failing checks as of its head
 * revision and row, kept current without checking whole documents on every
 * change.
 *
 * - A save re-checks only what it can change (`recheckCells`): every cell of
 *   its row (a new original changes every translation's checks), and the
 *   cells sharing a comparison key or a speaker with any of them, before or
 *   after the save (the consistency index, columns textKey and speaker).
 *   Those cells' checks are computed against the rows that share their own
 *   keys, so each inconsistency is judged against its whole group.
 * - Any other write (import, realign, a file update, structural operations,
 *   review rejects, bulk reverts) needs no hook: before checks are read,
 *   `bringChecksCurrent` finds the cells whose head or row is not the one
 *   their checks were computed for, and the checks of deleted rows, and
 *   re-checks them the same way, or the whole document when they are many.
 *   A crash between a write and its re-check therefore loses nothing.
 * - The length check of a single save measures against the language's usual
 *   ratio as of the last whole-document check (CheckLengthRatio): one edit
 *   moves a median of thousands of rows by nothing worth re-checking them all.
 *
 * Inconsistency checks name their other rows by row id (`segments`), so
 * moving or inserting rows renumbers them without re-checking: the numbers
 * are read when the checks are shown.
 */
import { createHash } from "node:crypto";
import {
  checkCell,
  comparisonKey,
  documentContext,
  speakerLabelOf,
  speakerOf,
  TermIndex,
  type Check,
  type CheckedDocument,
} from "../checks";
import type { Db, Tx } from "../db/client";
import { lockStoredChecks } from "../db/check-locks";
import { inTransaction } from "../db/transaction";
import { termsForDocument } from "../glossary";

/** A failing check as stored: the engine's check, its other rows by id, and its dismissal for the head revision, if any. */
export interface StoredCheck extends Omit<Check, "rows"> {
  segments?: number[];
  dismissal?: Dismissal;
}

export interface Dismissal {
  id: number;
  reason: string;
  author: { handle: string; name: string };
  createdAt: string;
}

/** More cells behind than this (or a document never checked) and the whole document is checked afresh. */
const RECHECK_WHOLE_AFTER = 500;

/** A queued catch-up of a document waits this many times as long as its last one took before the next starts. */
const CATCH_UP_REST = 4;
/** Catch-ups shorter than this (a short document, a few cells) are not paced. */
const REST_AFTER_MS = 250;

/** Rows checked between two turns of the event loop (about 50 ms of work). */
const YIELD_EVERY_ROWS = 1000;

const keyOf = (text: string) => {
  const key = comparisonKey(text);
  return key === undefined ? null : createHash("sha1").update(key).digest("base64");
};

interface Language {
  id: number;
  code: string;
  isOriginal: boolean;
}

async function languagesOf(db: Db | Tx, documentId: number): Promise<Language[]> {
  return db.$queryRaw<Language[]>`
    SELECT id, code, "isOriginal" FROM "DocumentLanguage"
     WHERE "documentId" = ${documentId} AND "deletedAt" IS NULL ORDER BY "isOriginal" DESC, position, id`;
}

/** A cell as the checks read it. */
interface CellRow {
  id: number;
  segmentId: number;
  languageId: number;
  text: string;
  headRevisionId: number | null;
}

/** What is written for one cell. */
interface Computed {
  cellId: number;
  revisionId: number | null;
  segmentId: number;
  languageId: number;
  checks: StoredCheck[];
  textKey: string | null;
  speaker: string | null;
}

/** The dismissals of these cells' head revisions, by cell and kind. */
async function dismissalsOf(tx: Db | Tx, cellIds: number[]): Promise<Map<string, Dismissal>> {
  if (!cellIds.length) return new Map();
  const found = await tx.$queryRaw<(Dismissal & { cellId: number; kind: string; handle: string; name: string; at: Date })[]>`
    SELECT d.id, d."cellId", d.kind, d.reason, u.handle, u.name, d."createdAt" AS at
      FROM "CheckDismissal" d JOIN "Cell" c ON c.id = d."cellId" JOIN "User" u ON u.id = d."authorId"
     WHERE d."cellId" = ANY(${cellIds}::int[]) AND d."revisionId" IS NOT DISTINCT FROM c."headRevisionId"`;
  return new Map(
    found.map((row) => [
      `${row.cellId}:${row.kind}`,
      { id: row.id, reason: row.reason, author: { handle: row.handle, name: row.name }, createdAt: row.at.toISOString() },
    ]),
  );
}

/**
 * Checks the given cells against a set of rows (a whole document, or the rows
 * sharing keys with them) and returns what to store (dismissals are marked by
 * `withDismissals`, just before it is stored). `ratios` replaces the usual
 * length ratios learnt from the rows when they are not the whole document.
 */
async function compute(
  languages: Language[],
  rows: { segmentId: number; cells: CellRow[] }[],
  wanted: Set<number> | "all",
  terms: TermIndex,
  ratios?: Map<string, number>,
): Promise<{ computed: Computed[]; ratios: Map<string, number> }> {
  const original = languages.find((language) => language.isOriginal) ?? languages[0];
  const document: CheckedDocument = {
    originalLanguage: original?.code ?? "",
    languages: languages.map((language) => language.code),
    rows: rows.map((row) =>
      Object.fromEntries(
        row.cells.flatMap((cell) => {
          const language = languages.find((candidate) => candidate.id === cell.languageId);
          return language ? [[language.code, cell.text]] : [];
        }),
      ),
    ),
  };
  const context = { ...documentContext(document), terms };
  if (ratios) context.ratios = ratios;
  const computed: Computed[] = [];
  for (const [index, row] of rows.entries()) {
    // A whole document takes a second or more to check: other requests of this process are answered in between.
    if (index % YIELD_EVERY_ROWS === YIELD_EVERY_ROWS - 1) await new Promise((resolve) => setImmediate(resolve));
    for (const cell of row.cells) {
      if (wanted !== "all" && !wanted.has(cell.id)) continue;
      const language = languages.find((candidate) => candidate.id === cell.languageId);
      if (!language) continue;
      const checks = checkCell(document, context, index, language.code).map(({ rows: others, ...check }): StoredCheck => ({
        ...check,
        ...(others ? { segments: others.map((other) => rows[other]!.segmentId) } : {}),
      }));
      computed.push({
        cellId: cell.id,
        revisionId: cell.headRevisionId,
        segmentId: row.segmentId,
        languageId: cell.languageId,
        checks,
        textKey: keyOf(cell.text),
        speaker: speakerOf(cell.text) ?? null,
      });
    }
  }
  return { computed, ratios: context.ratios };
}

/**
 * Marks the dismissed checks of what is about to be stored: read last, so a
 * dismissal made while the checks were being computed is kept.
 */
function withDismissals(computed: Computed[], dismissals: Map<string, Dismissal>): Computed[] {
  for (const cell of computed) {
    cell.checks = cell.checks.map((check) => {
      const dismissal = dismissals.get(`${cell.cellId}:${check.kind}`);
      return dismissal ? { ...check, dismissal } : check;
    });
  }
  return computed;
}

/** The glossary terms a document's checks use: its own glossary's and the shared one's. */
async function termIndexOf(tx: Db | Tx, documentId: number) {
  return new TermIndex(await termsForDocument(tx, documentId));
}

/** Writes the checks of these cells (one statement, arrays), replacing what was stored for them. */
async function store(tx: Db | Tx, computed: Computed[]) {
  if (!computed.length) return;
  const live = (checks: StoredCheck[]) => checks.filter((check) => !check.dismissal);
  const count = (checks: StoredCheck[], severity: string) => live(checks).filter((check) => check.severity === severity).length;
  await tx.$executeRaw`
    INSERT INTO "CellCheck" ("cellId", "revisionId", "segmentId", "languageId", checks, kinds, errors, warnings, infos, "textKey", speaker)
    SELECT cell, revision, segment, language, checks::jsonb, string_to_array(kinds, ','), errors, warnings, infos, key, speaker
      FROM unnest(${computed.map((cell) => cell.cellId)}::int[], ${computed.map((cell) => cell.revisionId)}::int[],
                  ${computed.map((cell) => cell.segmentId)}::int[], ${computed.map((cell) => cell.languageId)}::int[],
                  ${computed.map((cell) => JSON.stringify(cell.checks))}::text[],
                  ${computed.map((cell) => [...new Set(live(cell.checks).map((check) => check.kind))].join(","))}::text[],
                  ${computed.map((cell) => count(cell.checks, "error"))}::int[],
                  ${computed.map((cell) => count(cell.checks, "warning"))}::int[],
                  ${computed.map((cell) => count(cell.checks, "info"))}::int[],
                  ${computed.map((cell) => cell.textKey)}::text[], ${computed.map((cell) => cell.speaker)}::text[])
           AS t(cell, revision, segment, language, checks, kinds, errors, warnings, infos, key, speaker)
     -- Only while the cell is still at the revision and in the row it was checked at: a write since re-checks it itself.
     WHERE EXISTS (SELECT 1 FROM "Cell" c WHERE c.id = cell AND c."headRevisionId" IS NOT DISTINCT FROM revision AND c."segmentId" = segment)
    ON CONFLICT ("cellId") DO UPDATE SET "revisionId" = excluded."revisionId", "segmentId" = excluded."segmentId",
      "languageId" = excluded."languageId", checks = excluded.checks, kinds = excluded.kinds, errors = excluded.errors,
      warnings = excluded.warnings, infos = excluded.infos, "textKey" = excluded."textKey", speaker = excluded.speaker`;
}

/**
 * The whole document checked afresh, and its usual length ratios learnt
 * again. Read and checked outside any transaction (a second or more on a long
 * document, and the embedded database serves one transaction at a time);
 * written in one short one, where each cell's checks are stored only while it
 * is still at the revision and in the row it was checked at (`store`): a cell
 * written meanwhile is left behind for the next catch-up. Checked again when
 * a glossary changed meanwhile (it drops the checks made with the old one).
 */
async function recheckWhole(db: Db, documentId: number): Promise<number> {
  for (;;) {
    const terms = await termsForDocument(db, documentId);
    const languages = await languagesOf(db, documentId);
    const cells = await db.$queryRaw<CellRow[]>`
      SELECT c.id, c."segmentId", c."languageId", c.text, c."headRevisionId"
        FROM "Segment" s JOIN "Cell" c ON c."segmentId" = s.id
       WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NULL
       ORDER BY s.position, s.id, c.id`;
    const rows: { segmentId: number; cells: CellRow[] }[] = [];
    for (const cell of cells) {
      if (rows.at(-1)?.segmentId !== cell.segmentId) rows.push({ segmentId: cell.segmentId, cells: [] });
      rows.at(-1)!.cells.push(cell);
    }
    const { computed, ratios } = await compute(languages, rows, "all", new TermIndex(terms));
    const stored = await inTransaction(db, async (tx) => {
      await lockChecks(tx, documentId);
      if (JSON.stringify(await termsForDocument(tx, documentId)) !== JSON.stringify(terms)) return undefined;
      const dismissed = await tx.$queryRaw<{ cellId: number }[]>`
        SELECT DISTINCT d."cellId" FROM "CheckDismissal" d JOIN "Cell" c ON c.id = d."cellId" JOIN "Segment" s ON s.id = c."segmentId"
         WHERE s."documentId" = ${documentId}`;
      withDismissals(
        computed,
        await dismissalsOf(
          tx,
          dismissed.map((row) => row.cellId),
        ),
      );
      // The checks of cells no longer in the document's live rows go; a cell written since it was read keeps its old
      // checks (skipped by `store`): their keys tell its re-check which rows it agreed with.
      await tx.$executeRaw`
        DELETE FROM "CellCheck" k USING "Segment" s
         WHERE s.id = k."segmentId" AND s."documentId" = ${documentId}
           AND NOT EXISTS (SELECT 1 FROM "Cell" c JOIN "Segment" live ON live.id = c."segmentId"
                            WHERE c.id = k."cellId" AND live."documentId" = ${documentId} AND live."deletedAt" IS NULL)`;
      await store(tx, computed);
      // Checked whole after a change of most of the document (an import, a new language): a save's lookups are planned on these
      // tables' statistics, and with stale ones (the embedded database has no autovacuum) a plan of a few rows is costed as
      // millions, past the threshold where Postgres compiles it (JIT) for a third of a second.
      // Cell by the columns a re-check looks up by (its full-text index expressions would cost seconds to sample).
      await tx.$executeRaw`ANALYZE "CellCheck", "Segment", "Cell" ("segmentId", "languageId")`;
      const languageIds = languages.map((language) => language.id);
      await tx.$executeRaw`DELETE FROM "CheckLengthRatio" WHERE "languageId" = ANY(${languageIds}::int[])`;
      const measured = languages.filter((language) => ratios.has(language.code));
      if (measured.length) {
        await tx.$executeRaw`
          INSERT INTO "CheckLengthRatio" ("languageId", ratio)
          SELECT * FROM unnest(${measured.map((language) => language.id)}::int[], ${measured.map((language) => ratios.get(language.code)!)}::float8[])`;
      }
      return computed.length;
    });
    if (stored !== undefined) return stored;
  }
}

/**
 * Re-checks the rows of these cells and every cell whose checks they can
 * change. `gone`: the stored checks of cells no longer in a live row (their
 * keys still name the groups they left). A seed whose comparison key or
 * speaker's label did not change touches no other row through it; the cells
 * re-checked keep their stored speaker-label check unless their label's
 * group changed, so a save never reads a whole group of a frequent speaker
 * for nothing. Five statements, no transaction needed: each stored row is
 * written only while its cell's head is the revision it was checked at.
 */
async function recheckAround(
  client: Db | Tx,
  documentId: number,
  cellIds: number[],
  gone: { languageId: number; textKey: string | null; speaker: string | null }[] = [],
) {
  // The seeds' rows as they are now, the keys and label their cells had when last checked, and the document's languages.
  const seeds = await client.$queryRaw<
    (CellRow & {
      checked: boolean;
      oldKey: string | null;
      oldSpeaker: string | null;
      oldText: string | null;
      languages: (Language & { ratio: number | null })[];
    })[]
  >`
    SELECT c.id, c."segmentId", c."languageId", c.text, c."headRevisionId", k."cellId" IS NOT NULL AS checked,
           k."textKey" AS "oldKey", k.speaker AS "oldSpeaker", coalesce(r.text, '') AS "oldText",
           (SELECT json_agg(json_build_object('id', l.id, 'code', l.code, 'isOriginal', l."isOriginal", 'ratio', x.ratio)
                            ORDER BY l."isOriginal" DESC, l.position, l.id)
              FROM "DocumentLanguage" l LEFT JOIN "CheckLengthRatio" x ON x."languageId" = l.id
             WHERE l."documentId" = ${documentId} AND l."deletedAt" IS NULL) AS languages
      FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId"
      LEFT JOIN "CellCheck" k ON k."cellId" = c.id LEFT JOIN "Revision" r ON r.id = k."revisionId"
     WHERE c."segmentId" IN (SELECT "segmentId" FROM "Cell" WHERE id = ANY(${cellIds}::int[])) AND s."deletedAt" IS NULL`;
  const languages: Language[] = seeds[0]?.languages ?? (await languagesOf(client, documentId));
  const original = languages.find((language) => language.isOriginal) ?? languages[0];
  if (!original) return 0;
  // What changed: a comparison key (the groups left and joined) or a speaker's label (the surname's group, before and after).
  const keys: { languageId: number; textKey: string | null }[] = gone.map(({ languageId, textKey }) => ({ languageId, textKey }));
  const speakers: { languageId: number; speaker: string | null }[] = gone.map(({ languageId, speaker }) => ({ languageId, speaker }));
  for (const seed of seeds) {
    const key = keyOf(seed.text);
    if (!seed.checked || key !== seed.oldKey)
      keys.push({ languageId: seed.languageId, textKey: seed.oldKey }, { languageId: seed.languageId, textKey: key });
    // A translation never checked has no old key to find the rows it agreed or disagreed with: every row translating the
    // same original is re-checked.
    const rowOriginal = seeds.find((other) => other.segmentId === seed.segmentId && other.languageId === original.id);
    if (!seed.checked && rowOriginal && rowOriginal !== seed) keys.push({ languageId: original.id, textKey: keyOf(rowOriginal.text) });
    if (!seed.checked || speakerLabelOf(seed.text) !== speakerLabelOf(seed.oldText ?? "")) {
      speakers.push(
        { languageId: seed.languageId, speaker: seed.oldSpeaker },
        { languageId: seed.languageId, speaker: speakerOf(seed.text) ?? null },
      );
    }
  }
  const changedSpeakers = new Set(speakers.filter((entry) => entry.speaker).map((entry) => `${entry.languageId}:${entry.speaker}`));
  const seedSegments = [...new Set(seeds.map((seed) => seed.segmentId))];
  // As arrays for index lookups (a key of one language matching another's is only a cell re-checked for nothing).
  const askedKeys = keys.filter((key): key is { languageId: number; textKey: string } => key.textKey !== null);
  const keyLanguages = [...new Set(askedKeys.map((key) => key.languageId))];
  const keyTexts = [...new Set(askedKeys.map((key) => key.textKey))];
  const askedSpeakers = speakers.filter((entry): entry is { languageId: number; speaker: string } => entry.speaker !== null);
  const speakerLanguages = [...new Set(askedSpeakers.map((entry) => entry.languageId))];
  const speakerNames = [...new Set(askedSpeakers.map((entry) => entry.speaker))];
  // The cells to re-check (the ring: sharing a changed key or speaker, or a row whose original shares a changed key) and
  // the rows they are judged against (every row sharing a key of theirs, or their original's; a changed speaker's rows), read at once.
  const cells = await client.$queryRaw<(CellRow & { wanted: boolean; stored: StoredCheck[] | null; speaker: string | null })[]>`
    WITH ring AS (
      SELECT k."cellId" FROM "CellCheck" k WHERE k."languageId" = ANY(${keyLanguages}::int[]) AND k."textKey" = ANY(${keyTexts}::text[])
      UNION SELECT k."cellId" FROM "CellCheck" k
             WHERE k."languageId" = ANY(${speakerLanguages}::int[]) AND k.speaker = ANY(${speakerNames}::text[])
      UNION SELECT c.id FROM "CellCheck" k JOIN "Cell" c ON c."segmentId" = k."segmentId"
             WHERE k."languageId" = ${original.id} AND k."textKey" = ANY(${keyTexts}::text[])
      UNION SELECT c.id FROM "Cell" c WHERE c."segmentId" = ANY(${seedSegments}::int[])),
    ring_keys AS MATERIALIZED (
      SELECT k."languageId", k."textKey", k."segmentId" FROM ring
        CROSS JOIN LATERAL (SELECT * FROM "CellCheck" k WHERE k."cellId" = ring."cellId" OFFSET 0) k),
    ring_originals AS MATERIALIZED (
      SELECT DISTINCT o."textKey" FROM ring_keys r
        CROSS JOIN LATERAL (SELECT o."textKey" FROM "CellCheck" o WHERE o."segmentId" = r."segmentId" AND o."languageId" = ${original.id} OFFSET 0) o
       WHERE o."textKey" IS NOT NULL),
    -- Each lookup by index (LATERAL, OFFSET 0 keeps the planner from flattening it): a join would read the whole table for a few keys.
    judged AS (
      SELECT unnest(${seedSegments}::int[]) AS "segmentId"
      UNION SELECT "segmentId" FROM ring_keys
      UNION SELECT m."segmentId" FROM ring_keys r
             CROSS JOIN LATERAL (SELECT k."segmentId" FROM "CellCheck" k WHERE k."languageId" = r."languageId" AND k."textKey" = r."textKey" OFFSET 0) m
      UNION SELECT m."segmentId" FROM ring_originals x
             CROSS JOIN LATERAL (SELECT k."segmentId" FROM "CellCheck" k WHERE k."languageId" = ${original.id} AND k."textKey" = x."textKey" OFFSET 0) m
      UNION SELECT k."segmentId" FROM "CellCheck" k
             WHERE k."languageId" = ANY(${speakerLanguages}::int[]) AND k.speaker = ANY(${speakerNames}::text[]))
    SELECT c.id, c."segmentId", c."languageId", c.text, c."headRevisionId",
           c.id IN (SELECT "cellId" FROM ring) AS wanted, k.checks AS stored, k.speaker
      FROM judged j CROSS JOIN LATERAL (SELECT * FROM "Segment" s WHERE s.id = j."segmentId" AND s."deletedAt" IS NULL OFFSET 0) s
      JOIN "Cell" c ON c."segmentId" = s.id
      LEFT JOIN LATERAL (SELECT k.checks, k.speaker FROM "CellCheck" k WHERE k."cellId" = c.id OFFSET 0) k ON true
     ORDER BY s.position, s.id, c.id`;
  const rows: { segmentId: number; cells: CellRow[] }[] = [];
  for (const cell of cells) {
    if (rows.at(-1)?.segmentId !== cell.segmentId) rows.push({ segmentId: cell.segmentId, cells: [] });
    rows.at(-1)!.cells.push(cell);
  }
  const wanted = new Set(cells.filter((cell) => cell.wanted).map((cell) => cell.id));
  const ratios = new Map(
    (seeds[0]?.languages ?? []).flatMap((language) => (language.ratio === null ? [] : [[language.code, language.ratio] as const])),
  );
  const { computed } = await compute(languages, rows, wanted, await termIndexOf(client, documentId), ratios);
  // A label's check is judged against its whole group, read only when the group changed: otherwise the stored one stands.
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  for (const cell of computed) {
    const found = byId.get(cell.cellId)!;
    if (!found.stored || !cell.speaker || changedSpeakers.has(`${cell.languageId}:${cell.speaker}`)) continue;
    const isLabel = (check: StoredCheck) => check.kind === "inconsistent" && check.message === "speakerLabel";
    cell.checks = [...cell.checks.filter((check) => !isLabel(check)), ...found.stored.filter(isLabel)];
  }
  await store(client, withDismissals(computed, await dismissalsOf(client, [...wanted])));
  return computed.length;
}

const lockChecks = lockStoredChecks;

/**
 * After a save, revert or other write of cells: re-checks their rows and the
 * rows sharing their texts (see the top of this file), document by document.
 * Outside the write's transaction, so a save holds its locks no longer; a
 * re-check that never ran (a crash) is made by the next `bringChecksCurrent`.
 * Two saves of one group at the same moment may leave a third row of the
 * group judged against one of them until its group changes again or the
 * document is checked whole.
 */
export async function recheckCells(db: Db, cellIds: number[], { onlyBehind = false } = {}) {
  if (!cellIds.length) return 0;
  // onlyBehind: cells already checked at their head and row (by a read's bringChecksCurrent meanwhile) are left, with the
  // rows around them.
  const documents = await db.$queryRaw<{ documentId: number; cellIds: number[] }[]>`
    SELECT s."documentId", array_agg(c.id) AS "cellIds"
      FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId" LEFT JOIN "CellCheck" k ON k."cellId" = c.id
     WHERE c.id = ANY(${cellIds}::int[])
       AND (NOT ${onlyBehind}::boolean OR k."cellId" IS NULL OR k."revisionId" IS DISTINCT FROM c."headRevisionId"
            OR k."segmentId" <> c."segmentId")
     GROUP BY s."documentId"`;
  let checked = 0;
  for (const document of documents) checked += await recheckAround(db, document.documentId, document.cellIds);
  return checked;
}

/** Cells written, and documents read with checks behind, since the queued re-check last started, by database client. */
const queued = new Map<Db, { cells: Set<number>; documents: Set<number> }>();
/** The queue's run: batch after batch while work keeps coming. */
let draining: Promise<void> | undefined;
/** The batch under way, which a read waits for rather than doing its work again. */
let batchUnderWay: Promise<void> | undefined;

function enqueue(db: Db, cellIds: number[], documentIds: number[]) {
  const work = queued.get(db) ?? { cells: new Set<number>(), documents: new Set<number>() };
  for (const id of cellIds) work.cells.add(id);
  for (const id of documentIds) work.documents.add(id);
  queued.set(db, work);
  draining ??= drainQueue();
}

/**
 * Queues the re-check of cells a save or revert wrote, and returns at once:
 * the writer's answer does not wait for it, and the cells written while one
 * batch is being checked are checked together by the next (under many
 * editors, a few statements for many saves instead of five for each). Nothing
 * waits on it for correctness: every read that needs current checks brings
 * its document current first (`bringChecksCurrent`), so a re-check still
 * queued, or lost to a crash, is made then.
 */
export function recheckSoon(db: Db, cellIds: number[]): void {
  if (cellIds.length) enqueue(db, cellIds, []);
}

async function drainQueue(): Promise<void> {
  try {
    // The answer of the request that queued the first work goes out before the re-check starts.
    await new Promise((resolve) => setImmediate(resolve));
    while (queued.size) {
      const batches = [...queued];
      queued.clear();
      batchUnderWay = (async () => {
        for (const [db, work] of batches) {
          await recheckCells(db, [...work.cells], { onlyBehind: true }).catch((error: unknown) =>
            console.error("Re-checking saved cells failed; the next read of their document re-checks them:", error),
          );
        }
      })();
      await batchUnderWay;
      // Not part of the batch reads wait for: a whole document takes seconds.
      batchUnderWay = undefined;
      for (const [db, work] of batches) {
        for (const documentId of work.documents) await catchUpPaced(db, documentId);
      }
    }
  } finally {
    batchUnderWay = undefined;
    draining = undefined;
    // Work queued between the last batch and here starts the next round.
    if (queued.size) draining = drainQueue();
  }
}

/** Catch-ups waiting for their document's rest to end (`queuedRechecksDone` waits for them too). */
const restingTimers = new Set<Promise<void>>();
/** When each document's next queued catch-up may start, by database client. */
const resting = new WeakMap<Db, Map<number, { until: number; timer?: Promise<void> }>>();

/**
 * A queued catch-up, paced: after one that took `t` ≥ `REST_AFTER_MS` (a
 * whole long document: seconds), the next of that document waits
 * `CATCH_UP_REST × t`, so that under steady shifts of a long document the
 * re-checks take at most a fifth of the process and the pages show checks
 * behind a little longer instead of every request waiting. Asked again while
 * resting, it runs once the rest ends; pages read meanwhile do not look for
 * what is behind (`bringChecksCurrent`).
 */
async function catchUpPaced(db: Db, documentId: number) {
  const documents = resting.get(db) ?? new Map<number, { until: number; timer?: Promise<void> }>();
  resting.set(db, documents);
  const rest = documents.get(documentId);
  if (rest && rest.until > Date.now()) {
    rest.timer ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        rest.timer = undefined;
        restingTimers.delete(timer);
        enqueue(db, [], [documentId]);
        resolve();
      }, rest.until - Date.now()),
    );
    const timer = rest.timer;
    restingTimers.add(timer);
    return;
  }
  const started = Date.now();
  await catchUp(db, documentId).catch((error: unknown) =>
    console.error(`Bringing the checks of document ${documentId} current failed; its next read asks again:`, error),
  );
  const took = Date.now() - started;
  if (took >= REST_AFTER_MS) documents.set(documentId, { until: Date.now() + CATCH_UP_REST * took });
}

/** Resolves when every queued re-check has run (for tests, benches and anything reading CellCheck without `bringChecksCurrent`). */
export async function queuedRechecksDone(): Promise<void> {
  while (draining || restingTimers.size) await (draining ?? Promise.race(restingTimers));
}

/** Cells whose checks are behind their head or row, and the checks of deleted rows (`gone`). */
function behind(client: Db | Tx, documentId: number) {
  return client.$queryRaw<
    { cellId: number; gone: boolean; languageId: number; textKey: string | null; speaker: string | null; never: boolean }[]
  >`
    SELECT c.id AS "cellId", false AS gone, c."languageId", NULL::text AS "textKey", NULL::text AS speaker, k."cellId" IS NULL AS never
      FROM "Segment" s JOIN "Cell" c ON c."segmentId" = s.id LEFT JOIN "CellCheck" k ON k."cellId" = c.id
     WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NULL
       AND (k."cellId" IS NULL OR k."revisionId" IS DISTINCT FROM c."headRevisionId" OR k."segmentId" <> c."segmentId")
    UNION ALL
    SELECT k."cellId", true, k."languageId", k."textKey", k.speaker, false
      FROM "CellCheck" k JOIN "Segment" s ON s.id = k."segmentId"
     WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NOT NULL`;
}

/**
 * Makes a document's stored checks current before they are read: cells whose
 * head or row is not what their checks were computed for (any write since:
 * import, realign, file update, structural operations, review rejects, bulk
 * reverts, a re-check lost to a crash) are re-checked with the rows around
 * them, and the checks of deleted rows dropped; the whole document when that
 * is most of it. Returns how many cells were checked.
 *
 * `wholeLater`: when the whole document needs checking (after an import, a
 * shift of a long document: seconds of work), queue it and return at once.
 * The workbench's pages ask so: they show the checks as stored and mark the
 * cells behind (`checksBehind`), and a later load finds them current. `wb
 * check`, the counts, the checks filter, review decisions and dismissals wait.
 */
export async function bringChecksCurrent(db: Db, documentId: number, { wholeLater = false } = {}): Promise<number> {
  // The queued batch under way may be checking these very cells: its work is not done twice. (Only that batch: under
  // steady saves the queue never empties, and a read must not wait for it to.)
  await batchUnderWay;
  // A whole re-check of the document is running or resting (`catchUpPaced`): it is behind, and finding by how much scans
  // the whole document, on every page read of a document under steady shifts. The rest's end catches up what is left.
  if (wholeLater && (wholeUnderWay.get(db)?.has(documentId) || (resting.get(db)?.get(documentId)?.until ?? 0) > Date.now())) {
    enqueue(db, [], [documentId]);
    return 0;
  }
  return catchUp(db, documentId, wholeLater);
}

async function catchUp(db: Db, documentId: number, wholeLater = false): Promise<number> {
  const found = await behind(db, documentId);
  if (!found.length) return 0;
  const never = found.filter((cell) => cell.never).length;
  const [{ checked }] = (await db.$queryRaw<{ checked: number }[]>`
    SELECT count(*)::int AS checked FROM "CellCheck" k JOIN "Segment" s ON s.id = k."segmentId" WHERE s."documentId" = ${documentId}`) as [
    { checked: number },
  ];
  if (found.length > RECHECK_WHOLE_AFTER || never > checked) {
    if (!wholeLater) return recheckWholeOnce(db, documentId);
    enqueue(db, [], [documentId]);
    return 0;
  }
  return inTransaction(db, async (tx) => {
    await lockChecks(tx, documentId);
    // Another reader may have brought them current while this one waited for the lock.
    const now = await behind(tx, documentId);
    if (!now.length) return 0;
    const gone = now.filter((cell) => cell.gone);
    if (gone.length) {
      await tx.$executeRaw`DELETE FROM "CellCheck" WHERE "cellId" = ANY(${gone.map((cell) => cell.cellId)}::int[])
                             AND "segmentId" IN (SELECT id FROM "Segment" WHERE "deletedAt" IS NOT NULL)`;
    }
    return recheckAround(
      tx,
      documentId,
      now.filter((cell) => !cell.gone).map((cell) => cell.cellId),
      gone,
    );
  });
}

/** Each document's whole re-check under way in this process, by database client. */
const wholeUnderWay = new WeakMap<Db, Map<number, Promise<number>>>();

/**
 * One whole re-check of a document at a time in this process: readers
 * arriving together after an import wait for the first one's (seconds on a
 * long document) and then catch up what was written meanwhile, instead of
 * each checking the whole document again. (Across processes the lock in the
 * write keeps them correct, if not thrifty.)
 */
async function recheckWholeOnce(db: Db, documentId: number): Promise<number> {
  const underWay = wholeUnderWay.get(db) ?? new Map<number, Promise<number>>();
  wholeUnderWay.set(db, underWay);
  const running = underWay.get(documentId);
  if (running) {
    await running.catch(() => 0);
    return catchUp(db, documentId);
  }
  const started = recheckWhole(db, documentId);
  underWay.set(documentId, started);
  try {
    return await started;
  } finally {
    underWay.delete(documentId);
  }
}

/** The whole document checked afresh: the bench, and whatever changes every check at once (a glossary). */
export function recheckDocument(db: Db, documentId: number): Promise<number> {
  return recheckWhole(db, documentId);
}
