import { z } from "zod";
import type { Tx } from "../db/client";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { type LanguageEffect, readDetails } from "../segments/details";
import type { ParsedPoint } from "./inputs";

export const SNAPSHOT_FORMAT = 1;

/**
 * What a snapshot stores: the live rows in reading order, each with the head
 * revision of every language's cell (null for an empty cell). Texts are not
 * copied: revisions are append-only, so their ids name the texts for good.
 */
export const SnapshotState = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  rows: z.array(z.object({ segmentId: Id, cells: z.record(z.string(), Id.nullable()) })),
});
export type SnapshotState = z.infer<typeof SnapshotState>;

/**
 * A snapshot of the document with its parsed state: 404 when the document has
 * no such snapshot, 500 when its state is in a format this version cannot read.
 */
export async function readSnapshot(tx: Pick<Tx, "snapshot">, documentId: number, snapshotId: number) {
  const snapshot = await tx.snapshot.findUnique({
    where: { id: snapshotId },
    select: { documentId: true, name: true, createdAt: true, state: true },
  });
  if (snapshot?.documentId !== documentId) {
    throw new AppError("snapshot_not_found", `Document ${documentId} has no snapshot ${snapshotId}`, { status: 404 });
  }
  const state = SnapshotState.safeParse(snapshot.state);
  if (!state.success) {
    throw new AppError("snapshot_unreadable", `Snapshot ${snapshotId} is not in snapshot format ${SNAPSHOT_FORMAT}`, { status: 500 });
  }
  return { name: snapshot.name, createdAt: snapshot.createdAt, state: state.data };
}

/** One row of a version: its segment and the revision each language's cell showed (null: empty). */
export type VersionRow = SnapshotState["rows"][number];

export interface LanguageInfo {
  code: string;
  label: string;
}

/** A version of a document, texts left out: they are fetched for the revisions a caller needs. */
export interface Version {
  /** The moment it shows: a snapshot's creation or the time asked for; null for now. */
  time: Date | null;
  snapshot: { id: number; name: string } | null;
  /** The languages the document had then, in column order. */
  languages: LanguageInfo[];
  rows: VersionRow[];
}

interface LanguageRow {
  id: number;
  code: string;
  label: string;
  createdAt: Date;
}

export interface DocumentRef {
  id: number;
  /** The live languages now, in column order. */
  languages: LanguageRow[];
  /** Every language the document has had, removed ones included, in column order, with its tag and removal now. */
  allLanguages: (LanguageRow & { deletedAt: Date | null })[];
  /** The change-log entries that removed, restored or renamed languages, newest first: what a past version's languages were. */
  languageChanges: { createdAt: Date; effects: LanguageEffect[] }[];
}

export async function openDocument(tx: Tx, documentId: number): Promise<DocumentRef> {
  const document = await tx.document.findUnique({
    where: { id: documentId },
    select: {
      id: true,
      languages: {
        orderBy: [{ position: "asc" }, { id: "asc" }],
        select: { id: true, code: true, label: true, createdAt: true, deletedAt: true },
      },
    },
  });
  if (!document) throw new AppError("document_not_found", `There is no document ${documentId}`, { status: 404 });
  // Few entries: only admins' removals and tag changes, and their undo and redo, record language effects.
  const changes = await tx.$queryRaw<{ createdAt: Date; details: unknown }[]>`
    SELECT "createdAt", details FROM "AlignmentChange"
     WHERE "documentId" = ${documentId} AND jsonb_typeof(details->'languages') = 'array'
     ORDER BY id DESC`;
  return {
    id: document.id,
    languages: document.languages.filter((language) => language.deletedAt === null),
    allLanguages: document.languages,
    languageChanges: changes.map((change) => ({ createdAt: change.createdAt, effects: readDetails(change.details)?.languages ?? [] })),
  };
}

/** The live rows of a document as they are now, each cell at its head revision: one query. */
export async function currentRows(tx: Tx, document: DocumentRef): Promise<VersionRow[]> {
  const found = await tx.$queryRaw<{ segmentId: number; languageId: number | null; headRevisionId: number | null }[]>`
    SELECT s.id AS "segmentId", c."languageId", c."headRevisionId"
      FROM "Segment" s LEFT JOIN "Cell" c ON c."segmentId" = s.id
     WHERE s."documentId" = ${document.id} AND s."deletedAt" IS NULL
     ORDER BY s.position, s.id`;
  const codeOf = new Map(document.languages.map((language) => [language.id, language.code]));
  const rows: VersionRow[] = [];
  for (const cell of found) {
    let row = rows.at(-1);
    if (row?.segmentId !== cell.segmentId) {
      row = { segmentId: cell.segmentId, cells: Object.fromEntries(document.languages.map((language) => [language.code, null])) };
      rows.push(row);
    }
    const code = cell.languageId === null ? undefined : codeOf.get(cell.languageId);
    if (code !== undefined) row.cells[code] = cell.headRevisionId;
  }
  return rows;
}

/**
 * The languages a version shows, in column order, each under the tag it had
 * then: created by then and not removed at that moment (a language removed
 * since is still in a version from before; one renamed since has its old
 * tag, the one a snapshot of the time keys its cells by).
 */
function languagesOfVersion(document: DocumentRef, time: Date | null): { id: number; code: string; label: string }[] {
  if (time === null) return document.languages;
  const state = new Map(document.allLanguages.map((language) => [language.id, { code: language.code, live: language.deletedAt === null }]));
  for (const change of document.languageChanges) {
    if (change.createdAt <= time) break;
    for (const effect of change.effects) {
      const language = state.get(effect.id);
      if (!language) continue;
      if (effect.code) language.code = effect.code[0];
      if (effect.deletedAt) language.live = effect.deletedAt[0] === null;
    }
  }
  return document.allLanguages
    .filter((language) => language.createdAt <= time && state.get(language.id)!.live)
    .map(({ id, label }) => ({ id, code: state.get(id)!.code, label }));
}

const languagesAt = (document: DocumentRef, time: Date | null): LanguageInfo[] =>
  languagesOfVersion(document, time).map(({ code, label }) => ({ code, label }));

/** Resolves a point to the version it names; 404 for a snapshot of another document or a time before the document. */
export async function loadVersion(tx: Tx, document: DocumentRef, point: ParsedPoint): Promise<Version> {
  if (point === "now") return { time: null, snapshot: null, languages: languagesAt(document, null), rows: await currentRows(tx, document) };
  if ("snapshotId" in point) return snapshotVersion(tx, document, point.snapshotId);
  return { time: point.time, snapshot: null, languages: languagesAt(document, point.time), rows: await rowsAt(tx, document, point.time) };
}

async function snapshotVersion(tx: Tx, document: DocumentRef, snapshotId: number): Promise<Version> {
  const snapshot = await readSnapshot(tx, document.id, snapshotId);
  const languages = languagesAt(document, snapshot.createdAt);
  return {
    time: snapshot.createdAt,
    snapshot: { id: snapshotId, name: snapshot.name },
    languages,
    rows: snapshot.state.rows.map((row) => ({
      segmentId: row.segmentId,
      cells: Object.fromEntries(languages.map(({ code }) => [code, row.cells[code] ?? null])),
    })),
  };
}

/**
 * The live rows at a moment, rebuilt from history without writing anything.
 * Structure: start from every row and cell as they are now and take back,
 * newest first, each alignment-log entry made after the moment by applying
 * the `before` side of its transitions (a row's position and deletion, a
 * cell's row; rows and cells it created vanish). Texts: each cell shows its
 * latest revision made by then. Three queries whatever the document's size.
 */
async function rowsAt(tx: Tx, document: DocumentRef, time: Date): Promise<VersionRow[]> {
  const found = await tx.$queryRaw<
    { segmentId: number; position: number; deleted: boolean; cellId: number | null; languageId: number | null }[]
  >`
    SELECT s.id AS "segmentId", s.position, s."deletedAt" IS NOT NULL AS deleted, c.id AS "cellId", c."languageId"
      FROM "Segment" s LEFT JOIN "Cell" c ON c."segmentId" = s.id
     WHERE s."documentId" = ${document.id}`;
  const rows = new Map<number, { position: number; deleted: boolean }>();
  const cells = new Map<number, { segmentId: number; languageId: number }>();
  for (const row of found) {
    rows.set(row.segmentId, { position: row.position, deleted: row.deleted });
    if (row.cellId !== null && row.languageId !== null) cells.set(row.cellId, { segmentId: row.segmentId, languageId: row.languageId });
  }

  const later = await tx.alignmentChange.findMany({
    where: { documentId: document.id, createdAt: { gt: time } },
    orderBy: { id: "desc" },
    select: { createdAt: true, details: true },
  });
  for (const change of later) {
    const details = readDetails(change.details);
    // Only the import, which creates the document, records no transitions.
    if (!details) {
      throw new AppError(
        "version_not_found",
        `Document ${document.id} did not exist yet at ${time.toISOString()}: it was created at ${change.createdAt.toISOString()}`,
        {
          status: 404,
        },
      );
    }
    for (const effect of details.rows) {
      const row = rows.get(effect.id);
      if (!row) continue;
      if (effect.created) {
        rows.delete(effect.id);
        continue;
      }
      if (effect.position && effect.position[0] !== null) row.position = effect.position[0];
      if (effect.deletedAt) row.deleted = effect.deletedAt[0] !== null;
    }
    for (const effect of details.cells) {
      const cell = cells.get(effect.id);
      if (effect.created) cells.delete(effect.id);
      else if (cell) cell.segmentId = effect.segment[0];
    }
  }

  // Revision order is id order; the moment only decides which ones had been made.
  const heads = await tx.$queryRaw<{ cellId: number; id: number }[]>`
    SELECT DISTINCT ON (r."cellId") r."cellId", r.id
      FROM "Revision" r JOIN "Cell" c ON c.id = r."cellId" JOIN "Segment" s ON s.id = c."segmentId"
     WHERE s."documentId" = ${document.id} AND r."createdAt" <= ${time}
     ORDER BY r."cellId", r.id DESC`;
  const headOf = new Map(heads.map((head) => [head.cellId, head.id]));

  const languages = languagesOfVersion(document, time);
  const cellsOf = new Map<number, Map<number, number>>();
  for (const [cellId, cell] of cells) {
    const byLanguage = cellsOf.get(cell.segmentId) ?? new Map<number, number>();
    byLanguage.set(cell.languageId, cellId);
    cellsOf.set(cell.segmentId, byLanguage);
  }
  return [...rows]
    .filter(([, row]) => !row.deleted)
    .sort(([idA, a], [idB, b]) => a.position - b.position || idA - idB)
    .map(([segmentId]) => ({
      segmentId,
      cells: Object.fromEntries(
        languages.map((language) => {
          const cellId = cellsOf.get(segmentId)?.get(language.id);
          return [language.code, cellId === undefined ? null : (headOf.get(cellId) ?? null)];
        }),
      ),
    }));
}

/** The texts of some revisions, in one query. */
export async function revisionTexts(tx: Tx, ids: Iterable<number>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const found = await tx.$queryRaw<{ id: number; text: string }[]>`SELECT id, text FROM "Revision" WHERE id = ANY(${wanted})`;
  return new Map(found.map((revision) => [revision.id, revision.text]));
}
