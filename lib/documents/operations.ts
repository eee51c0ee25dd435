import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { Id, LanguageCode } from "../schemas";
import {
  confirmSegments,
  deleteSegment,
  insertSegment,
  mergeSegmentWithNext,
  moveSegment,
  redoAlignmentChange,
  restoreSegment,
  shiftCell,
  splitSegment,
  undoAlignmentChange,
} from "../segments";
import { parseInput } from "../validation";

/** Every structural change the editor can ask for, as the API takes it. */
export const AlignmentOperation = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("split"),
    segmentId: Id,
    languageCode: LanguageCode,
    offset: z.number().int(),
    splitOthers: z.boolean().default(false),
  }),
  z.object({ op: z.literal("merge"), segmentId: Id }),
  z.object({ op: z.literal("insert"), segmentId: Id, where: z.enum(["above", "below"]) }),
  z.object({ op: z.literal("delete"), segmentId: Id }),
  z.object({ op: z.literal("restore"), segmentId: Id }),
  z.object({ op: z.literal("shift"), segmentId: Id, languageCode: LanguageCode, direction: z.enum(["up", "down"]) }),
  z.object({ op: z.literal("move"), segmentId: Id, toIndex: z.number().int().min(0) }),
  z.object({ op: z.literal("confirm"), segmentId: Id, scope: z.enum(["row", "above"]) }),
  // The change the person saw as what undo (redo) would act on; another is a 409 undo_target_changed.
  z.object({ op: z.literal("undo"), changeId: Id }),
  z.object({ op: z.literal("redo"), changeId: Id }),
]);
export type AlignmentOperation = z.input<typeof AlignmentOperation>;

/**
 * The languages an operation changes, for translators limited to some
 * languages (docs/api.md): a shift, and a split that cuts only its own
 * cell, change one language's text; every other operation rearranges whole
 * rows (and undo and redo revert whatever the document's latest change was,
 * whoever made it), so it changes every language. Ids of the document's
 * languages; an unknown language code is left to the operation to refuse.
 */
export async function languagesChangedBy(db: Db, documentId: number, rawOperation: unknown): Promise<number[]> {
  const operation = parseInput(AlignmentOperation, rawOperation, "operation");
  const oneLanguage = operation.op === "shift" || (operation.op === "split" && !operation.splitOthers) ? operation.languageCode : null;
  const languages = await db.documentLanguage.findMany({
    where: { documentId, deletedAt: null, ...(oneLanguage === null ? {} : { code: oneLanguage }) },
    select: { id: true },
  });
  return languages.map((language) => language.id);
}

/**
 * Runs one structural operation on a document's rows, on behalf of
 * `authorId`. A segment of another document is, for this document, unknown.
 */
export async function runAlignmentOperation(db: Db, slug: string, rawOperation: unknown, authorId: number) {
  const operation = parseInput(AlignmentOperation, rawOperation, "operation");
  const document = await db.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  if ("segmentId" in operation) {
    const segment = await db.segment.findUnique({ where: { id: operation.segmentId }, select: { documentId: true } });
    if (segment?.documentId !== document.id) {
      throw new AppError("segment_not_found", `Document "${slug}" has no row ${operation.segmentId}`, { status: 404 });
    }
  }
  switch (operation.op) {
    case "split":
      return splitSegment(db, { ...operation, authorId });
    case "merge":
      return mergeSegmentWithNext(db, { segmentId: operation.segmentId, authorId });
    case "insert":
      return insertSegment(db, { segmentId: operation.segmentId, where: operation.where, authorId });
    case "delete":
      return deleteSegment(db, { segmentId: operation.segmentId, authorId });
    case "restore":
      return restoreSegment(db, { segmentId: operation.segmentId, authorId });
    case "shift":
      return shiftCell(db, {
        segmentId: operation.segmentId,
        languageCode: operation.languageCode,
        direction: operation.direction,
        authorId,
      });
    case "move":
      return moveSegment(db, { segmentId: operation.segmentId, toIndex: operation.toIndex, authorId });
    case "confirm":
      return confirmSegments(db, { segmentId: operation.segmentId, scope: operation.scope, authorId });
    case "undo":
      return undoAlignmentChange(db, { documentId: document.id, authorId, changeId: operation.changeId });
    case "redo":
      return redoAlignmentChange(db, { documentId: document.id, authorId, changeId: operation.changeId });
  }
}
