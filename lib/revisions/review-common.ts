// What the review, stale-translation and bulk-revert functions share: how
// they name cells to people (row number and language), and the checks and
// locks they all start with.
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { AppError } from "../errors";

/** A cell as lists name it: its row by number among live rows (null when the row is deleted) and its language. */
export interface CellRef {
  id: number;
  documentId: number;
  segmentId: number;
  rowNumber: number | null;
  language: string;
}

export interface UserRef {
  id: number;
  handle: string;
  name: string;
}

/** The live rows of a document with their 1-based numbers, for a `WITH live AS (…)`. */
export function liveRows(documentId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT s.id, row_number() OVER (ORDER BY s.position, s.id)::int AS number
      FROM "Segment" s WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NULL`;
}

/**
 * The number of the row aliased `s` among its document's live rows, null when
 * it is deleted. A correlated count (on the documentId, position index) is
 * cheaper than numbering whole documents when a list names a few cells of
 * many documents.
 */
/**
 * The revisions a document's alignment changes wrote (split, merge, undo,
 * realign…: each cell whose text the change set, at its new head). They are
 * part of a structural change, not edits of their own, so bulk revert and
 * the activity feed leave them to their alignment change.
 */
export function revisionsOfAlignmentChanges(documentId: number): Prisma.Sql {
  return Prisma.sql`
    SELECT (cell.value->'head'->>1)::int AS id
      FROM "AlignmentChange" a,
           jsonb_array_elements(CASE WHEN jsonb_typeof(a.details->'cells') = 'array' THEN a.details->'cells' ELSE '[]'::jsonb END) AS cell(value)
     WHERE a."documentId" = ${documentId} AND cell.value->'text' IS NOT NULL`;
}

export const rowNumberOfS = Prisma.sql`
  CASE WHEN s."deletedAt" IS NULL THEN (
    SELECT count(*)::int FROM "Segment" o
     WHERE o."documentId" = s."documentId" AND o."deletedAt" IS NULL AND (o.position, o.id) <= (s.position, s.id))
  END`;

export async function requireUser(db: Db | Tx, userId: number): Promise<UserRef> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, handle: true, name: true } });
  if (!user) throw userNotFound(userId);
  return user;
}

export async function requireDocument(db: Db | Tx, documentId: number): Promise<void> {
  const document = await db.document.findUnique({ where: { id: documentId }, select: { id: true } });
  if (!document) throw documentNotFound(documentId);
}

export const userNotFound = (userId: number) => new AppError("user_not_found", `There is no user ${userId}`, { status: 404 });
export const documentNotFound = (documentId: number) =>
  new AppError("document_not_found", `There is no document ${documentId}`, { status: 404 });

/**
 * Share-locks a document, as saveCell does: a structural operation locks its
 * document exclusively before its rows and cells, so writers of cell text
 * wait for it here instead of deadlocking with it, and its rows and alignment
 * log stay as they are until the caller commits. 404 when there is none.
 */
export async function shareLockDocument(tx: Tx, documentId: number): Promise<void> {
  const [document] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Document" WHERE id = ${documentId} FOR SHARE`;
  if (!document) throw documentNotFound(documentId);
}

/**
 * 404 unless every cell belongs to the document: a request names the
 * document in its URL, and a cell of another document is, for it, unknown.
 */
export async function requireCellsOfDocument(tx: Tx, documentId: number, cellIds: number[]): Promise<void> {
  const found = await tx.$queryRaw<{ id: number }[]>`
    SELECT c.id FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId"
     WHERE c.id = ANY(${cellIds}::int[]) AND l."documentId" = ${documentId} AND l."deletedAt" IS NULL`;
  assertCellsOfDocument(
    documentId,
    cellIds,
    found.map((cell) => cell.id),
  );
}

/** requireCellsOfDocument for a caller that read which of the cells (`known`) are the document's itself. */
export function assertCellsOfDocument(documentId: number, cellIds: number[], known: number[]): void {
  const found = new Set(known);
  const missing = cellIds.filter((id) => !found.has(id));
  if (missing.length) {
    throw new AppError("cell_not_found", `Document ${documentId} has no cell ${missing.join(", ")}`, {
      status: 404,
      details: { cellIds: missing },
    });
  }
}

/** "row 12 (en)" for each cell that exists, for messages about several cells at once. */
export async function describeCells(tx: Tx, cellIds: number[]): Promise<string[]> {
  const found = await tx.$queryRaw<{ id: number; rowNumber: number | null; language: string }[]>`
    SELECT c.id, ${rowNumberOfS} AS "rowNumber", l.code AS language
      FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
     WHERE c.id = ANY(${cellIds}::int[])`;
  const named = new Map(
    found.map((cell) => [cell.id, `${cell.rowNumber === null ? "a deleted row" : `row ${cell.rowNumber}`} (${cell.language})`]),
  );
  return cellIds.map((id) => named.get(id) ?? `cell ${id}`);
}
