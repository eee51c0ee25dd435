import type { Db } from "@/lib/db/client";
import { redoAlignmentChange, undoAlignmentChange, undoTargets } from "@/lib/segments/undo";

/** An id no change has: what a test names when it expects nothing to undo or redo. */
const NO_CHANGE = 2_147_483_647;

/** Undoes what undo would act on now, naming it as the workbench does (its button shows it). */
export async function undoLatest(db: Db, input: { documentId: number; authorId: number }) {
  const { undo } = await undoTargets(db, input.documentId);
  return undoAlignmentChange(db, { ...input, changeId: undo?.id ?? NO_CHANGE });
}

/** Redoes what redo would act on now, naming it. */
export async function redoLatest(db: Db, input: { documentId: number; authorId: number }) {
  const { redo } = await undoTargets(db, input.documentId);
  return redoAlignmentChange(db, { ...input, changeId: redo?.id ?? NO_CHANGE });
}
