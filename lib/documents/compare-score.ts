// Comparing two versions of a text in one language (a translation and its
// revision, a machine draft and the final text), cell by cell. Browser-safe:
// the workbench scores a cell again as it is typed.
import { diffText, type DiffOp } from "../diff";
import { diffTokens, tokenizeWords } from "../diff/diff-text";

export const COMPARE_GRANULARITIES = ["word", "char"] as const;
export type CompareGranularity = (typeof COMPARE_GRANULARITIES)[number];

/** A diff as the API gives it, in diff-match-patch's form: -1 removed, 0 same, 1 added. */
export type DiffTuple = [-1 | 0 | 1, string];

const CODES: Record<DiffOp["op"], DiffTuple[0]> = { delete: -1, equal: 0, insert: 1 };

const WORD = /^[\p{L}\p{M}\p{N}]/u;
const words = (tokens: string[]) => tokens.filter((token) => WORD.test(token)).length;

/**
 * The words removed from the reference plus the words added (`changed`), and
 * the words of both texts (`total`). Spaces and punctuation do not count. The
 * diff is the smallest one (no cleanup for readability), so an unchanged word
 * is never counted as changed.
 */
export function wordChanges(reference: string, text: string): { changed: number; total: number } {
  // Most rows of a revised copy are unchanged: their text is split once, not twice.
  if (reference === text) return { changed: 0, total: 2 * words(tokenizeWords(text)) };
  const before = tokenizeWords(reference);
  const after = tokenizeWords(text);
  const total = words(before) + words(after);
  const changed = diffTokens(before, after, { timeoutSeconds: 1, semanticCleanup: false })
    .filter((op) => op.op !== "equal")
    .reduce((sum, op) => sum + words(op.tokens), 0);
  return { changed, total };
}

/** The share of words changed, from 0 (the same words in the same order) to 1 (no word in common); two empty texts do not differ. */
export function shareChanged({ changed, total }: { changed: number; total: number }): number {
  return total === 0 ? 0 : changed / total;
}

/** The difference score of a version against the reference: the share of words changed (see wordChanges). */
export const differenceScore = (reference: string, text: string) => shareChanged(wordChanges(reference, text));

/** The diff from the reference cell to another version's cell, as the API gives it (the same diff revision diffs show). */
export function diffTuples(reference: string, text: string, granularity: CompareGranularity): DiffTuple[] {
  return diffText(reference, text, { granularity }).map(({ op, text: part }) => [CODES[op], part]);
}

/** The API's diff back in lib/diff's form, for the renderers of revision diffs. */
export function diffOpsOf(tuples: DiffTuple[]): DiffOp[] {
  return tuples.map(([code, text]) => ({ op: code === -1 ? "delete" : code === 1 ? "insert" : "equal", text }));
}

/**
 * Whether two columns are versions of one language: the same primary
 * language subtag (`en`, `en-revised`, `en-GB`). Only those are compared.
 */
export function sameLanguage(code: string, other: string): boolean {
  return code.split("-")[0] === other.split("-")[0];
}
