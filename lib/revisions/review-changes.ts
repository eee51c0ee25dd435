import { z } from "zod";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { RevisionKind } from "../db/generated/enums";
import { diffText, type DiffOp } from "../diff";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { type CellRef, requireDocument, requireUser, rowNumberOfS, type UserRef } from "./review-common";

export const ChangesToMyWorkInput = z.object({
  userId: Id,
  documentId: Id.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ChangesToMyWorkInput = z.input<typeof ChangesToMyWorkInput>;

export interface ChangeToMyWork {
  /** The other person's revision. */
  revision: { id: number; kind: RevisionKind; note: string | null; text: string; createdAt: Date };
  editor: UserRef;
  /** The user's own revision it replaced (its parent). */
  yours: { id: number; text: string; createdAt: Date };
  cell: CellRef;
  /** Word diff yours → theirs. */
  ops: DiffOp[];
  /** Whether their text is still the cell's text, or the cell moved on since. */
  stillHead: boolean;
}

/**
 * Tracked changes for a translator: revisions by other people whose parent
 * the user wrote, i.e. every time someone changed text right after this
 * user, newest first. One query.
 */
export async function listChangesToMyWork(db: Db, rawInput: ChangesToMyWorkInput): Promise<ChangeToMyWork[]> {
  const input = parseInput(ChangesToMyWorkInput, rawInput, "tracked changes query");
  await requireUser(db, input.userId);
  if (input.documentId !== undefined) await requireDocument(db, input.documentId);
  const inDocument = input.documentId === undefined ? Prisma.empty : Prisma.sql`AND s."documentId" = ${input.documentId}`;
  const found = await db.$queryRaw<
    {
      id: number;
      kind: RevisionKind;
      note: string | null;
      text: string;
      createdAt: Date;
      editorId: number;
      handle: string;
      name: string;
      parentId: number;
      parentText: string;
      parentCreatedAt: Date;
      cellId: number;
      documentId: number;
      segmentId: number;
      rowNumber: number | null;
      language: string;
      stillHead: boolean;
    }[]
  >`
    SELECT r.id, r.kind, r.note, r.text, r."createdAt", u.id AS "editorId", u.handle, u.name,
           p.id AS "parentId", p.text AS "parentText", p."createdAt" AS "parentCreatedAt",
           c.id AS "cellId", s."documentId", s.id AS "segmentId", ${rowNumberOfS} AS "rowNumber", l.code AS language,
           c."headRevisionId" = r.id AS "stillHead"
      FROM "Revision" p JOIN "Revision" r ON r."parentId" = p.id JOIN "User" u ON u.id = r."authorId"
      JOIN "Cell" c ON c.id = r."cellId" JOIN "Segment" s ON s.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
     WHERE p."authorId" = ${input.userId} AND r."authorId" <> ${input.userId} AND l."deletedAt" IS NULL ${inDocument}
     ORDER BY r.id DESC LIMIT ${input.limit}`;
  return found.map((row) => ({
    revision: { id: row.id, kind: row.kind, note: row.note, text: row.text, createdAt: row.createdAt },
    editor: { id: row.editorId, handle: row.handle, name: row.name },
    yours: { id: row.parentId, text: row.parentText, createdAt: row.parentCreatedAt },
    cell: { id: row.cellId, documentId: row.documentId, segmentId: row.segmentId, rowNumber: row.rowNumber, language: row.language },
    ops: diffText(row.parentText, row.text),
    stillHead: row.stillHead,
  }));
}
