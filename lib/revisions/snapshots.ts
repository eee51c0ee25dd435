import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { currentRows, openDocument, SNAPSHOT_FORMAT, type SnapshotState } from "./versions";

export const CreateSnapshotInput = z.object({
  documentId: Id,
  name: z.string().trim().min(1, "must not be empty").max(100, "is longer than 100 characters"),
  authorId: Id,
});
export type CreateSnapshotInput = z.input<typeof CreateSnapshotInput>;

export const ListSnapshotsInput = z.object({ documentId: Id });
export type ListSnapshotsInput = z.input<typeof ListSnapshotsInput>;

export interface SnapshotSummary {
  id: number;
  documentId: number;
  name: string;
  createdAt: Date;
  author: { handle: string; name: string };
  /** Live rows the snapshot holds. */
  rowCount: number;
}

/**
 * Names the document as it is now: its live rows in order with the head
 * revision of every cell (see SnapshotState). 409 when the document already
 * has a snapshot of that name.
 *
 * A snapshot must be a clean cut through history, so that rebuilding the
 * document at `createdAt` from revisions gives exactly its state. It locks
 * the document the way structural operations do, which also conflicts with
 * the share lock saves hold: writes in flight finish before the state is
 * read, later ones wait until the snapshot is committed, and the lock is held
 * until the clock has left `createdAt`'s millisecond, so every later write is
 * stamped after it.
 */
export async function createSnapshot(db: Db, rawInput: CreateSnapshotInput): Promise<SnapshotSummary> {
  const input = parseInput(CreateSnapshotInput, rawInput, "snapshot");
  try {
    return await inTransaction(db, async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Document" WHERE id = ${input.documentId} FOR NO KEY UPDATE`;
      if (!locked) throw new AppError("document_not_found", `There is no document ${input.documentId}`, { status: 404 });
      const author = await tx.user.findUnique({ where: { id: input.authorId }, select: { id: true } });
      if (!author) throw new AppError("user_not_found", `There is no user ${input.authorId}`, { status: 404 });
      const document = await openDocument(tx, input.documentId);
      const state: SnapshotState = { format: SNAPSHOT_FORMAT, rows: await currentRows(tx, document) };
      const snapshot = await tx.snapshot.create({
        data: {
          documentId: input.documentId,
          name: input.name,
          authorId: input.authorId,
          state: state as unknown as Prisma.InputJsonObject,
        },
        select: { id: true, documentId: true, name: true, createdAt: true, author: { select: { handle: true, name: true } } },
      });
      while (Date.now() <= snapshot.createdAt.getTime()) await sleep(1);
      return { ...snapshot, rowCount: state.rows.length };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("snapshot_exists", `Document ${input.documentId} already has a snapshot named "${input.name}"`, {
        status: 409,
        cause: error,
      });
    }
    throw error;
  }
}

/** A document's snapshots, newest first. */
export async function listSnapshots(db: Db, rawInput: ListSnapshotsInput): Promise<SnapshotSummary[]> {
  const input = parseInput(ListSnapshotsInput, rawInput, "snapshot list");
  const document = await db.document.findUnique({ where: { id: input.documentId }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document ${input.documentId}`, { status: 404 });
  // The row count is read inside Postgres: states of long documents are large.
  const found = await db.$queryRaw<{ id: number; name: string; createdAt: Date; handle: string; authorName: string; rowCount: number }[]>`
    SELECT s.id, s.name, s."createdAt", u.handle, u.name AS "authorName", jsonb_array_length(s.state->'rows') AS "rowCount"
      FROM "Snapshot" s JOIN "User" u ON u.id = s."authorId"
     WHERE s."documentId" = ${input.documentId}
     ORDER BY s.id DESC`;
  return found.map(({ handle, authorName, ...snapshot }) => ({
    ...snapshot,
    documentId: input.documentId,
    author: { handle, name: authorName },
  }));
}
