import type { DiffOp } from "@/lib/diff";

/** How a reader likes diffs shown; one choice for every diff on the page. */
export interface DiffPreferences {
  layout: "inline" | "side-by-side";
  granularity: "word" | "char";
  /** Show changes touching only whitespace and punctuation as unchanged. */
  hideTrivial: boolean;
}

export const DEFAULT_DIFF_PREFERENCES: DiffPreferences = { layout: "inline", granularity: "word", hideTrivial: false };

export const DIFF_PREFERENCES_KEY = "wb_diff_view";

/**
 * The preferences stored in localStorage. Whatever is missing or unreadable
 * (an older format, a hand edit) falls back to the default for that field
 * rather than losing the rest.
 */
export function parseDiffPreferences(stored: string | null): DiffPreferences {
  let value: Partial<Record<keyof DiffPreferences, unknown>> = {};
  try {
    const parsed: unknown = stored === null ? null : JSON.parse(stored);
    if (parsed && typeof parsed === "object") value = parsed;
  } catch {
    // Unreadable: every field takes its default.
  }
  return {
    layout: value.layout === "side-by-side" ? "side-by-side" : "inline",
    granularity: value.granularity === "char" ? "char" : "word",
    hideTrivial: value.hideTrivial === true,
  };
}

/**
 * The two columns of a side-by-side diff: the before text with its deletions
 * on the left, the after text with its insertions on the right.
 */
export function splitSides(ops: DiffOp[]): { before: DiffOp[]; after: DiffOp[] } {
  return {
    before: ops.filter((op) => op.op !== "insert"),
    after: ops.filter((op) => op.op !== "delete"),
  };
}
