// The editor's row filters and search modes. Kept apart from rows.ts, which
// queries the database, so browser code can import them.

export const ROW_FILTERS = ["all", "empty", "stale", "changed", "unconfirmed", "not-one-to-one", "low-confidence"] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

export const SEARCH_MODES = ["words", "text"] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** Rows scored below this by the automatic aligner are shown for a human to check. */
export const LOW_CONFIDENCE = 0.5;
