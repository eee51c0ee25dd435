import { z } from "zod";
import type { Db } from "../db/client";
import type { AlignmentChangeKind } from "../db/generated/enums";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";

export const ListAlignmentChangesInput = z.object({
  documentId: Id,
  limit: z.number().int().min(1).max(500).default(50),
});
export type ListAlignmentChangesInput = z.input<typeof ListAlignmentChangesInput>;

export interface AlignmentChangeEntry {
  id: number;
  kind: AlignmentChangeKind;
  createdAt: Date;
  author: { handle: string; name: string };
  /** See lib/segments/details.ts; the import entry has its own shape ({ rows, languages }). */
  details: unknown;
  /** For undo and redo: the entry reverted. */
  revertsId: number | null;
  /** Whether a later undo (or, for an undo, a redo) has reverted this entry, and which. */
  reverted: boolean;
  revertedById: number | null;
}

/** A document's alignment log, newest first. */
export async function listAlignmentChanges(db: Db, rawInput: ListAlignmentChangesInput): Promise<AlignmentChangeEntry[]> {
  const input = parseInput(ListAlignmentChangesInput, rawInput, "change list");
  const document = await db.document.findUnique({ where: { id: input.documentId }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document ${input.documentId}`, { status: 404 });
  const changes = await db.alignmentChange.findMany({
    where: { documentId: input.documentId },
    orderBy: { id: "desc" },
    take: input.limit,
    select: {
      id: true,
      kind: true,
      createdAt: true,
      details: true,
      revertsId: true,
      author: { select: { handle: true, name: true } },
      revertedBy: { select: { id: true } },
    },
  });
  return changes.map(({ revertedBy, ...change }) => ({ ...change, reverted: revertedBy !== null, revertedById: revertedBy?.id ?? null }));
}
