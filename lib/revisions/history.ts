import { z } from "zod";
import type { Db } from "../db/client";
import type { RevisionKind } from "../db/generated/enums";
import { readConsistently } from "../db/transaction";
import type { DiffOp } from "../diff";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { diffCellText } from "./cell-diff";

/** Revisions in one page of a cell's history unless asked otherwise, and the most one page holds. */
export const HISTORY_PAGE_SIZE = 50;
export const MAX_HISTORY_PAGE_SIZE = 200;

/**
 * Which page of a history: `limit` revisions older than revision `before`
 * (the newest when absent). From a query string too, hence the coercion.
 */
export const HistoryPage = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE_SIZE).default(HISTORY_PAGE_SIZE),
  before: z.coerce.number().pipe(Id).optional(),
});
export const ListCellHistoryInput = HistoryPage.extend({ cellId: Id });
export type ListCellHistoryInput = z.input<typeof ListCellHistoryInput>;

export const DiffRevisionsInput = z.object({
  fromRevisionId: Id,
  toRevisionId: Id,
  granularity: z.enum(["word", "char"]).default("word"),
});
export type DiffRevisionsInput = z.input<typeof DiffRevisionsInput>;

export interface RevisionInfo {
  id: number;
  cellId: number;
  text: string;
  parentId: number | null;
  kind: RevisionKind;
  note: string | null;
  createdAt: Date;
  author: { handle: string; name: string };
}

export interface HistoryEntry extends Omit<RevisionInfo, "cellId"> {
  /** Word diff from the parent's text ('' for the first revision) to this one. */
  diff: DiffOp[];
}

export interface CellHistory {
  cellId: number;
  /** The revision the cell shows now; null for a cell that never had text. */
  headRevisionId: number | null;
  /** Newest first: one page, `limit` at most. */
  revisions: HistoryEntry[];
  /** `before` for the next, older page; null when this page ends with the cell's first revision. */
  nextBefore: number | null;
}

const historyEntry = {
  id: true,
  text: true,
  parentId: true,
  kind: true,
  note: true,
  createdAt: true,
  author: { select: { handle: true, name: true } },
} as const;
const revisionInfo = { ...historyEntry, cellId: true } as const;

/**
 * One page of a cell's revisions, newest first, each with what it changed
 * from its parent (read alongside when it is on an older page). 404 for an
 * unknown cell.
 */
export async function listCellHistory(db: Db, rawInput: ListCellHistoryInput): Promise<CellHistory> {
  const { cellId, limit, before } = parseInput(ListCellHistoryInput, rawInput, "cell history");
  // One repeatable-read transaction keeps the head, the page and its parents in step.
  const read = await readConsistently(db, async (tx) => {
    const cell = await tx.cell.findUnique({ where: { id: cellId }, select: { id: true, headRevisionId: true } });
    if (!cell) return null;
    const page = await tx.revision.findMany({
      where: { cellId, ...(before === undefined ? {} : { id: { lt: before } }) },
      orderBy: { id: "desc" },
      take: limit + 1,
      select: historyEntry,
    });
    const revisions = page.slice(0, limit);
    const onPage = new Set(revisions.map((revision) => revision.id));
    const older = revisions.flatMap(({ parentId }) => (parentId !== null && !onPage.has(parentId) ? [parentId] : []));
    const parents = older.length ? await tx.revision.findMany({ where: { id: { in: older } }, select: { id: true, text: true } }) : [];
    return { cell, revisions, parents, more: page.length > limit };
  });
  if (!read) throw new AppError("cell_not_found", `There is no cell ${cellId}`, { status: 404 });
  const { cell, revisions, parents, more } = read;
  // A parent is always an earlier revision of the same cell (the head when it was written).
  const textOf = new Map([...parents, ...revisions].map((revision) => [revision.id, revision.text]));
  return {
    cellId: cell.id,
    headRevisionId: cell.headRevisionId,
    revisions: revisions.map((revision) => ({
      ...revision,
      diff: diffCellText(revision.parentId === null ? "" : (textOf.get(revision.parentId) ?? ""), revision.text),
    })),
    nextBefore: more ? revisions.at(-1)!.id : null,
  };
}

/** What changed from one revision of a cell to another (either way round). 404 unknown, 400 revisions of different cells. */
export async function diffRevisions(
  db: Db,
  rawInput: DiffRevisionsInput,
): Promise<{ from: RevisionInfo; to: RevisionInfo; ops: DiffOp[] }> {
  const input = parseInput(DiffRevisionsInput, rawInput, "revision diff");
  const found = await db.revision.findMany({ where: { id: { in: [input.fromRevisionId, input.toRevisionId] } }, select: revisionInfo });
  const byId = new Map(found.map((revision) => [revision.id, revision]));
  const from = byId.get(input.fromRevisionId);
  const to = byId.get(input.toRevisionId);
  const missing = [input.fromRevisionId, input.toRevisionId].filter((id) => !byId.has(id));
  if (!from || !to) throw new AppError("revision_not_found", `There is no revision ${missing.join(" or ")}`, { status: 404 });
  if (from.cellId !== to.cellId) {
    throw new AppError(
      "revisions_of_different_cells",
      `Revisions ${from.id} and ${to.id} belong to different cells (${from.cellId} and ${to.cellId}); only revisions of one cell can be compared`,
      {
        status: 400,
      },
    );
  }
  return { from, to, ops: diffCellText(from.text, to.text, { granularity: input.granularity }) };
}
