// Structural changes to a document's rows, each one transaction and one
// entry of the document's alignment log, and their undo and redo.
export type { ChangeWritten } from "./alignment-edit";
export { confirmSegments, ConfirmSegmentsInput, type ConfirmSegmentsResult } from "./confirm-segments";
export { deleteSegment, DeleteSegmentInput, restoreSegment, RestoreSegmentInput, type SegmentChangeResult } from "./delete-segment";
export { type CellEffect, type ChangeDetails, type ChangeSummaries, readDetails, type RowEffect } from "./details";
export { insertSegment, InsertSegmentInput, type InsertSegmentResult } from "./insert-segment";
export { type AlignmentChangeEntry, listAlignmentChanges, ListAlignmentChangesInput } from "./list-alignment-changes";
export { mergeSegmentWithNext, MergeSegmentInput, type MergeSegmentResult } from "./merge-segment";
export { moveSegment, MoveSegmentInput, type MoveSegmentResult } from "./move-segment";
export { shiftCell, ShiftCellInput, type ShiftCellResult } from "./shift-cell";
export { splitOffsetProblem, suggestSplitOffset } from "./split-offset";
export { splitSegment, SplitSegmentInput, type SplitSegmentResult } from "./split-segment";
export { redoAlignmentChange, RedoInput, type RevertResult, undoAlignmentChange, UndoInput } from "./undo";
