import { type DiffOp, type DiffOptions, diffText } from "../diff";

/**
 * Unchanged characters kept on each side of the changed stretch: diffText's
 * semantic cleanup then sees the same surroundings as over the whole texts,
 * so the ops come out the same.
 */
const CONTEXT = 80;

// Characters that continue what precedes them: a whitespace run (one token),
// or a grapheme cluster (combining marks, joiners, emoji modifiers).
const CONTINUES = /^[\s\p{M}\u200C\u200D\u{1F3FB}-\u{1F3FF}]/u;

/** Right after whitespace and before a character that starts a new token and a new grapheme. */
function isCut(text: string, index: number): boolean {
  return /\s/.test(text.charAt(index - 1)) && !CONTINUES.test(text.slice(index, index + 2));
}

/**
 * diffText for two versions of a cell, which usually share most of their
 * text: the common start and end are left out of the diff (each cut where
 * whitespace ends, which is a token and grapheme boundary, CONTEXT
 * characters away from the change) and come back as equal ops. Tokenizing
 * segments graphemes with Intl.Segmenter at about a microsecond a
 * character, the bulk of diffing a long document; this keeps it to the
 * words around each change.
 */
export function diffCellText(before: string, after: string, options: DiffOptions = {}): DiffOp[] {
  const shorter = Math.min(before.length, after.length);
  let common = 0;
  while (common < shorter && before.charCodeAt(common) === after.charCodeAt(common)) common++;
  let commonEnd = 0;
  while (
    commonEnd < shorter - common &&
    before.charCodeAt(before.length - 1 - commonEnd) === after.charCodeAt(after.length - 1 - commonEnd)
  )
    commonEnd++;

  let start = common - CONTEXT;
  while (start > 0 && !isCut(before, start)) start--;
  start = Math.max(start, 0);
  let end = before.length - commonEnd + CONTEXT;
  while (end < before.length && !isCut(before, end)) end++;
  end = Math.min(end, before.length);
  const afterEnd = end + after.length - before.length;

  const ops: DiffOp[] = [];
  for (const op of [
    { op: "equal" as const, text: before.slice(0, start) },
    ...diffText(before.slice(start, end), after.slice(start, afterEnd), options),
    { op: "equal" as const, text: before.slice(end) },
  ]) {
    const last = ops.at(-1);
    if (op.text === "") continue;
    if (last?.op === op.op) last.text += op.text;
    else ops.push({ ...op });
  }
  return ops;
}
