import type { Tx } from "../db/client";
import type { Cell, Revision } from "../db/generated/client";
import type { RevisionKind } from "../db/generated/enums";
import { AppError } from "../errors";

/**
 * The stored form of a cell's text: surrounding whitespace is dropped, so a
 * whitespace-only text is the empty cell and trailing spaces never make a
 * revision nobody can see.
 */
export function normalizeCellText(text: string): string {
  return text.trim();
}

export interface CellWrite {
  cellId: number;
  text: string;
  authorId: number;
  kind: RevisionKind;
  note?: string | null;
  /**
   * The text moves between rows (split, merge and their undo) rather than
   * changing what it says, so no translation becomes stale.
   */
  structural?: boolean;
}

export interface CellWritten {
  cell: Cell;
  revision: Revision;
}

/** Locks a cell row until the transaction ends; 404 when it does not exist. */
export async function lockCell(tx: Tx, cellId: number) {
  const [cell] = await tx.$queryRaw<
    { id: number; segmentId: number; languageId: number; text: string; headRevisionId: number | null; version: number }[]
  >`
    SELECT id, "segmentId", "languageId", text, "headRevisionId", version FROM "Cell" WHERE id = ${cellId} FOR UPDATE`;
  if (!cell) throw new AppError("cell_not_found", `There is no cell ${cellId}`, { status: 404 });
  return cell;
}

/**
 * The one way a cell's text changes, inside the caller's transaction: a new
 * revision whose parent is the current head, and the cell's text, head and
 * version moved to it. Returns null, writing nothing, when the text does not
 * change. A change of content (not `structural`) clears the cell's own stale
 * flag and, in the original language, flags the row's other cells stale.
 */
export async function writeCellText(tx: Tx, write: CellWrite): Promise<CellWritten | null> {
  const current = await lockCell(tx, write.cellId);
  const text = normalizeCellText(write.text);
  if (text === current.text) return null;

  const revision = await tx.revision.create({
    data: {
      cellId: current.id,
      text,
      parentId: current.headRevisionId,
      authorId: write.authorId,
      kind: write.kind,
      note: write.note ?? null,
    },
  });
  const changesContent = !write.structural;
  const cell = await tx.cell.update({
    where: { id: current.id },
    data: { text, headRevisionId: revision.id, version: { increment: 1 }, ...(changesContent ? { stale: false } : {}) },
  });
  if (changesContent) {
    await tx.$executeRaw`
      UPDATE "Cell" AS other SET stale = true
        FROM "DocumentLanguage" AS language
       WHERE language.id = ${current.languageId} AND language."isOriginal"
         AND other."segmentId" = ${current.segmentId} AND other.id <> ${current.id} AND other.text <> ''`;
  }
  return { cell, revision };
}
