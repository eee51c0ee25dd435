import { z } from "zod";
import type { Db } from "../db/client";
import type { RevisionKind } from "../db/generated/enums";
import { readConsistently } from "../db/transaction";
import type { DiffOp } from "../diff";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { diffCellText } from "./cell-diff";

export const ListCellHistoryInput = z.object({ cellId: Id });
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
  /** Newest first. */
  revisions: HistoryEntry[];
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

/** Every revision of a cell, newest first, each with what it changed. 404 for an unknown cell. */
export async function listCellHistory(db: Db, rawInput: ListCellHistoryInput): Promise<CellHistory> {
  const input = parseInput(ListCellHistoryInput, rawInput, "cell history");
  // Prisma reads the cell and its revisions in separate queries; one
  // repeatable-read transaction keeps the head and the list in step.
  const cell = await readConsistently(db, (tx) =>
    tx.cell.findUnique({
      where: { id: input.cellId },
      select: { id: true, headRevisionId: true, revisions: { orderBy: { id: "desc" }, select: historyEntry } },
    }),
  );
  if (!cell) throw new AppError("cell_not_found", `There is no cell ${input.cellId}`, { status: 404 });
  // A parent is always an earlier revision of the same cell (the head when it was written).
  const textOf = new Map(cell.revisions.map((revision) => [revision.id, revision.text]));
  return {
    cellId: cell.id,
    headRevisionId: cell.headRevisionId,
    revisions: cell.revisions.map((revision) => ({
      ...revision,
      diff: diffCellText(revision.parentId === null ? "" : (textOf.get(revision.parentId) ?? ""), revision.text),
    })),
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
