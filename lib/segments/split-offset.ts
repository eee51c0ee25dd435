/**
 * Where to cut a text so both parts are worth a row: positions just after a
 * sentence end (., !, ?, …, ; with any closing quotes or brackets) that is
 * followed by whitespace; only when there is none, any whitespace. Of those,
 * the one nearest to `ratio` of the text's length (the earlier one on a tie).
 * Null when no cut leaves text on both sides (one word, or nothing).
 *
 * Used to split the other languages of a row at about the place the person
 * split one of them, so the result is a suggestion people then correct.
 */
export function suggestSplitOffset(text: string, ratio: number): number | null {
  const target = Math.min(Math.max(Number.isFinite(ratio) ? ratio : 0.5, 0), 1) * text.length;
  const usable = (offset: number) => text.slice(0, offset).trim() !== "" && text.slice(offset).trim() !== "";
  const sentenceEnds = [...text.matchAll(/[.!?…;]+["'»”’)\]]*(?=\s)/g)].map((match) => match.index + match[0].length).filter(usable);
  const candidates = sentenceEnds.length ? sentenceEnds : [...text.matchAll(/\s+/g)].map((match) => match.index).filter(usable);
  let best: number | null = null;
  for (const offset of candidates) {
    if (best === null || Math.abs(offset - target) < Math.abs(best - target)) best = offset;
  }
  return best;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Why `offset` cannot split `text` (UTF-16 units), or null when it can. */
export function splitOffsetProblem(text: string, offset: number): string | null {
  if (text.length < 2) return text ? "a single character cannot be split" : "the cell is empty";
  if (offset <= 0 || offset >= text.length) return `the offset must be between 1 and ${text.length - 1}, got ${offset}`;
  if (isHighSurrogate(text.charCodeAt(offset - 1)) && isLowSurrogate(text.charCodeAt(offset))) {
    return `offset ${offset} falls inside a character (a surrogate pair)`;
  }
  return null;
}
