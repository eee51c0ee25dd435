// The editor's row filters and search modes. Kept apart from rows.ts, which
// queries the database, so browser code can import them.

export const ROW_FILTERS = [
  "all",
  "empty",
  "stale",
  "changed",
  "unconfirmed",
  "not-one-to-one",
  "low-confidence",
  "differs",
  "checks",
] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

/** Filters that need a comparison (diffAgainst) and are offered only while comparing. */
export const COMPARE_FILTERS: readonly RowFilter[] = ["differs"];

/** The rows' order: the document's, or most different from the reference first (while comparing). */
export const ROW_ORDERS = ["position", "difference"] as const;
export type RowOrder = (typeof ROW_ORDERS)[number];

export const SEARCH_MODES = ["words", "text"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/**
 * The "changed" filter's `since` when it names a snapshot rather than a
 * moment, as URLs write it: `snapshot:12`.
 */
export const SNAPSHOT_SINCE = /^snapshot:([1-9][0-9]*)$/;
export const snapshotSince = (snapshotId: number) => `snapshot:${snapshotId}`;
