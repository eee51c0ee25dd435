import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { CellStatus } from "../db/generated/enums";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { CellText, Id } from "../schemas";
import { parseInput } from "../validation";
import { lockCell, normalizeCellText, writeCellText } from "./write-cell-text";

export const SaveCellInput = z.object({
  text: CellText,
  /** The head revision the editor started from; null for a cell that never had text. */
  baseRevisionId: Id.nullable(),
  /** A save marks work in progress or done; only review (lib/revisions/review.ts) sets reviewed or approved. */
  status: z
    .enum([CellStatus.draft, CellStatus.translated], { error: "must be draft or translated (review decides reviewed and approved)" })
    .optional(),
  /** "conflict_resolution" when the text resolves a 409 (kept, taken or merged). */
  kind: z.enum(["edit", "conflict_resolution"]).default("edit"),
});
export type SaveCellInput = z.input<typeof SaveCellInput>;

export interface CellState {
  id: number;
  text: string;
  status: CellStatus;
  stale: boolean;
  version: number;
  headRevisionId: number | null;
}

export interface RevisionSummary {
  id: number;
  text: string;
  createdAt: Date;
  author: { handle: string; name: string };
}

/** What a 409 carries: the head that moved on, and the base the editor started from. */
export interface CellConflictDetails {
  cell: CellState;
  head: RevisionSummary | null;
  base: RevisionSummary | null;
}

export const cellState = { id: true, text: true, status: true, stale: true, version: true, headRevisionId: true } as const;
export const revisionSummary = { id: true, text: true, createdAt: true, author: { select: { handle: true, name: true } } } as const;

/** Changing approved or reviewed text sends it back for review. */
export function statusAfterEdit(current: CellStatus): CellStatus {
  return current === "reviewed" || current === "approved" ? "translated" : current;
}

/**
 * Locks a cell for a write that names the head it started from. A share lock
 * on the document comes first: it waits for structural operations (which
 * lock it exclusively, then its rows and cells) instead of deadlocking with
 * them, and writes to cells do not wait for each other.
 */
export async function lockCellForWrite(tx: Tx, cellId: number) {
  await tx.$queryRaw`
    SELECT d.id FROM "Document" d JOIN "Segment" s ON s."documentId" = d.id JOIN "Cell" c ON c."segmentId" = s.id
     WHERE c.id = ${cellId} FOR SHARE OF d`;
  return lockCell(tx, cellId);
}

/** The 409 for a write based on a head that is no longer the head, carrying what the client needs to resolve it. */
export async function cellConflict(
  tx: Tx,
  cellId: number,
  headRevisionId: number | null,
  baseRevisionId: number | null,
): Promise<AppError> {
  // One connection serves the transaction: its queries go one after another.
  const cell = await tx.cell.findUniqueOrThrow({ where: { id: cellId }, select: cellState });
  const head = headRevisionId ? await tx.revision.findUnique({ where: { id: headRevisionId }, select: revisionSummary }) : null;
  const base = baseRevisionId ? await tx.revision.findFirst({ where: { id: baseRevisionId, cellId }, select: revisionSummary }) : null;
  const who = head ? `${head.author.name} at ${head.createdAt.toISOString()}` : "someone";
  return new AppError("cell_conflict", `This cell was changed by ${who} after you started editing`, {
    status: 409,
    details: { cell, head, base } satisfies CellConflictDetails,
  });
}

/**
 * Saves what an editor typed. The save names the revision it was based on:
 * when the cell moved on meanwhile, nothing is written and the answer is a
 * 409 carrying the current head (the caller shows the other edit and offers
 * to keep, take or merge). A text that does not change writes no revision.
 */
export async function saveCell(
  db: Db,
  cellId: number,
  rawInput: SaveCellInput,
  options: { authorId: number },
): Promise<{ cell: CellState; revision: RevisionSummary | null }> {
  const input = parseInput(SaveCellInput, rawInput, "cell save");
  return inTransaction(db, async (tx) => {
    const current = await lockCellForWrite(tx, cellId);
    if (current.headRevisionId !== input.baseRevisionId) throw await cellConflict(tx, cellId, current.headRevisionId, input.baseRevisionId);
    const cellNow = await tx.cell.findUniqueOrThrow({ where: { id: cellId }, select: { status: true } });
    const textChanges = normalizeCellText(input.text) !== current.text;
    const status = input.status ?? (textChanges ? statusAfterEdit(cellNow.status) : cellNow.status);
    const written = textChanges
      ? await writeCellText(tx, { cellId, text: input.text, authorId: options.authorId, kind: input.kind })
      : null;
    if (status !== cellNow.status) await tx.cell.update({ where: { id: cellId }, data: { status } });
    const cell = await tx.cell.findUniqueOrThrow({ where: { id: cellId }, select: cellState });
    const revision = written ? await tx.revision.findUniqueOrThrow({ where: { id: written.revision.id }, select: revisionSummary }) : null;
    return { cell, revision };
  });
}
