// The history of documents: each cell's revisions, reverting a cell,
// snapshots, the document as it was at a snapshot or a moment, what changed
// between two versions, review, stale translations and bulk revert.
export { diffCellText } from "./cell-diff";
export {
  diffDocument,
  DiffDocumentInput,
  type DocumentDiff,
  longestIncreasingSubsequence,
  type RowTexts,
  type VersionInfo,
} from "./diff-document";
export {
  type CellHistory,
  diffRevisions,
  DiffRevisionsInput,
  type HistoryEntry,
  listCellHistory,
  ListCellHistoryInput,
  type RevisionInfo,
} from "./history";
export { Moment, PastPoint, Point } from "./inputs";
export { type DocumentAt, readDocumentAt, ReadDocumentAtInput } from "./read-document-at";
export { revertCell, RevertCellInput } from "./revert-cell";
export { createSnapshot, CreateSnapshotInput, listSnapshots, ListSnapshotsInput, type SnapshotSummary } from "./snapshots";
export { type LanguageInfo, SNAPSHOT_FORMAT, SnapshotState } from "./versions";
export { applyBulkRevert, previewBulkRevert } from "./bulk-revert";
export { decideReview, decideReviews, listReviewDecisions } from "./review";
export { listChangesToMyWork } from "./review-changes";
export { getReviewQueue } from "./review-queue";
export { confirmStillValid, sourceChangeSince } from "./stale";
export { type ActivityEntry, type ActivityPage, listActivity, ListActivityInput } from "./activity";
