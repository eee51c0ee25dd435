import type { Db } from "../db/client";
import { AppError } from "../errors";

/** How long a heartbeat keeps someone shown as editing a cell. */
export const PRESENCE_TTL_MS = 30_000;

/** Marks `userId` as editing `cellId` for the next PRESENCE_TTL_MS. */
export async function markEditing(db: Db, cellId: number, userId: number): Promise<void> {
  if (!(await db.cell.findUnique({ where: { id: cellId }, select: { id: true } }))) {
    throw new AppError("cell_not_found", `There is no cell ${cellId}`, { status: 404 });
  }
  const expiresAt = new Date(Date.now() + PRESENCE_TTL_MS);
  await db.cellPresence.upsert({
    where: { cellId_userId: { cellId, userId } },
    update: { expiresAt },
    create: { cellId, userId, expiresAt },
  });
}

export async function stopEditing(db: Db, cellId: number, userId: number): Promise<void> {
  await db.cellPresence.deleteMany({ where: { cellId, userId } });
}

export interface Presence {
  cellId: number;
  user: { handle: string; name: string };
}

/** Who is editing which cell of a document right now. Expired marks are swept on the way. */
export async function listPresence(db: Db, documentId: number): Promise<Presence[]> {
  const now = new Date();
  await db.cellPresence.deleteMany({ where: { expiresAt: { lt: now } } });
  return db.cellPresence.findMany({
    where: { expiresAt: { gte: now }, cell: { segment: { documentId } } },
    select: { cellId: true, user: { select: { handle: true, name: true } } },
    orderBy: [{ cellId: "asc" }, { userId: "asc" }],
  });
}
