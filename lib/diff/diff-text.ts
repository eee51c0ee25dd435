import DiffMatchPatch from "diff-match-patch";
import { AppError } from "../errors";

export type DiffOp = { op: "equal" | "insert" | "delete"; text: string };

export interface DiffOptions {
  /** "word" (default) compares words, spaces and single signs; "char" compares grapheme clusters. */
  granularity?: "word" | "char";
  /** Show changes that only touch whitespace and punctuation as equal (with the after text). Default false. */
  hideTrivial?: boolean;
  /** How long diff-match-patch may look for the smallest diff before settling for a coarser one. Default 1. */
  timeoutSeconds?: number;
}

/** A diff op over tokens, for callers that need base positions (the three-way merge). */
export type TokenDiffOp = { op: DiffOp["op"]; tokens: string[] };

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
// V8's segment iterator slows down quadratically with the length of the text (370,000 characters
// took minutes), so long texts are segmented in windows of this many code units.
const SEGMENT_WINDOW = 512;

function isHighSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The graphemes of text[start…] that a window can settle. A boundary depends on what precedes it
 * within its cluster and on the one code point after it, so every boundary inside a window that
 * starts at a boundary and ends on a whole code point is right except possibly the last: the last
 * grapheme may go on past the window and is left for the next one.
 */
function settledGraphemes(text: string, start: number): string[] {
  for (let size = SEGMENT_WINDOW; ; size *= 2) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && isHighSurrogate(text, end - 1)) end -= 1;
    const parts = Array.from(graphemeSegmenter.segment(text.slice(start, end)), (part) => part.segment);
    if (end === text.length) return parts;
    // A single grapheme longer than the window (say, hundreds of stacked accents) needs a wider one.
    if (parts.length > 1) return parts.slice(0, -1);
  }
}

/** User-perceived characters: an emoji with its modifiers, or a letter with its accents, stays whole. */
export function splitGraphemes(text: string): string[] {
  const graphemes: string[] = [];
  for (let start = 0; start < text.length;) {
    for (const grapheme of settledGraphemes(text, start)) {
      graphemes.push(grapheme);
      start += grapheme.length;
    }
  }
  return graphemes;
}

type TokenKind = "word" | "space" | "other";

const WORD_GRAPHEME = /^[\p{L}\p{M}\p{N}]/u;
const SPACE_GRAPHEME = /^\s/u;
// Between two word characters these belong to the word, so "don't", "l’homme" and "северо-запад"
// each change as one word rather than as three tokens.
const WORD_JOINERS = new Set(["'", "’", "ʼ", "-", "‐", "‑"]);

function kindOf(grapheme: string | undefined): TokenKind | undefined {
  if (grapheme === undefined) return undefined;
  if (WORD_GRAPHEME.test(grapheme)) return "word";
  if (SPACE_GRAPHEME.test(grapheme)) return "space";
  return "other";
}

/**
 * Runs of word characters, runs of whitespace, and every other grapheme on its own.
 * Working on graphemes (not code units) keeps emoji and combining accents whole.
 */
export function tokenizeWords(text: string): string[] {
  const graphemes = splitGraphemes(text);
  const tokens: string[] = [];
  let current = "";
  let currentKind: TokenKind | undefined;
  graphemes.forEach((grapheme, index) => {
    let kind = kindOf(grapheme);
    if (currentKind === "word" && WORD_JOINERS.has(grapheme) && kindOf(graphemes[index + 1]) === "word") kind = "word";
    if (kind === currentKind && kind !== "other") {
      current += grapheme;
      return;
    }
    if (current !== "") tokens.push(current);
    current = grapheme;
    currentKind = kind;
  });
  if (current !== "") tokens.push(current);
  return tokens;
}

// Each token becomes one UTF-16 code unit so diff_main can compare tokens as characters. Code units
// in the surrogate block are never used: diff_main would treat them as halves of pairs.
const SURROGATE_START = 0xd800;
const SURROGATE_COUNT = 0x800;
const SYMBOL_COUNT = 0x10000 - SURROGATE_COUNT;
// Tokens found on one side only can never be matched, so each side shares one symbol for all of
// them; only tokens present on both sides need symbols of their own.
const ONLY_BEFORE = symbol(0);
const ONLY_AFTER = symbol(1);
const FIRST_SHARED_SYMBOL = 2;

function symbol(index: number): string {
  return String.fromCharCode(index < SURROGATE_START ? index : index + SURROGATE_COUNT);
}

/**
 * Symbols for the tokens present on both sides, in order of first appearance in `before`. When
 * there are more of them than symbols, the rest are treated as one-sided: the diff shows them as
 * deleted and inserted (coarser) but still reproduces both texts exactly.
 */
function symbolsForSharedTokens(before: string[], after: string[]): Map<string, string> {
  const inAfter = new Set(after);
  const symbols = new Map<string, string>();
  let next = FIRST_SHARED_SYMBOL;
  for (const token of before) {
    if (next === SYMBOL_COUNT) break;
    if (inAfter.has(token) && !symbols.has(token)) symbols.set(token, symbol(next++));
  }
  return symbols;
}

function encode(tokens: string[], symbols: Map<string, string>, unmatched: string): string {
  return tokens.map((token) => symbols.get(token) ?? unmatched).join("");
}

const OPS: Record<number, DiffOp["op"]> = {
  [DiffMatchPatch.DIFF_EQUAL]: "equal",
  [DiffMatchPatch.DIFF_INSERT]: "insert",
  [DiffMatchPatch.DIFF_DELETE]: "delete",
};

/**
 * Tokens are restored by position, not by symbol: one-sided tokens share symbols, and the diff
 * consumes `before` with equal and delete ops and `after` with equal and insert ops.
 */
function decode(diffs: DiffMatchPatch.Diff[], before: string[], after: string[]): TokenDiffOp[] {
  let beforeAt = 0;
  let afterAt = 0;
  return diffs.map(([code, encoded]) => {
    const op = OPS[code]!;
    const from = op === "insert" ? after : before;
    const start = op === "insert" ? afterAt : beforeAt;
    if (op !== "insert") beforeAt += encoded.length;
    if (op !== "delete") afterAt += encoded.length;
    return { op, tokens: from.slice(start, start + encoded.length) };
  });
}

function checkTimeout(timeoutSeconds: number): void {
  // diff-match-patch reads 0 or less as "no limit", which a pathological pair would turn into minutes.
  if (!(timeoutSeconds > 0 && Number.isFinite(timeoutSeconds))) {
    throw new AppError("invalid_input", `Invalid diff timeout: ${timeoutSeconds} (a positive number of seconds)`, { status: 400 });
  }
}

/**
 * Token-level diff. Semantic cleanup groups edits the way a reader sees them, absorbing short
 * unchanged stretches between changes; without it the diff is minimal.
 */
export function diffTokens(
  before: string[],
  after: string[],
  { timeoutSeconds, semanticCleanup }: { timeoutSeconds: number; semanticCleanup: boolean },
): TokenDiffOp[] {
  checkTimeout(timeoutSeconds);
  const symbols = symbolsForSharedTokens(before, after);
  const dmp = new DiffMatchPatch();
  dmp.Diff_Timeout = timeoutSeconds;
  const diffs = dmp.diff_main(encode(before, symbols, ONLY_BEFORE), encode(after, symbols, ONLY_AFTER), false);
  if (semanticCleanup) dmp.diff_cleanupSemantic(diffs);
  return decode(diffs, before, after);
}

const WHITESPACE_AND_PUNCTUATION = /[\s\p{P}]/gu;

const withoutTrivia = (text: string) => text.replace(WHITESPACE_AND_PUNCTUATION, "");

/**
 * A run of deletes and inserts between two equal ops whose two sides differ only in whitespace and
 * punctuation reads as the after text. Comparing the sides stripped of both, rather than asking
 * whether each op is trivial, also catches runs that semantic cleanup has widened over a word
 * («Привет», → "Привет").
 */
function hideTrivialChanges(ops: DiffOp[]): DiffOp[] {
  const result: DiffOp[] = [];
  let run: DiffOp[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const deleted = run
      .filter((change) => change.op === "delete")
      .map((change) => change.text)
      .join("");
    const inserted = run
      .filter((change) => change.op === "insert")
      .map((change) => change.text)
      .join("");
    if (withoutTrivia(deleted) === withoutTrivia(inserted)) result.push({ op: "equal", text: inserted });
    else result.push(...run);
    run = [];
  };
  for (const op of ops) {
    if (op.op !== "equal") {
      run.push(op);
      continue;
    }
    flush();
    result.push(op);
  }
  flush();
  return result;
}

/** No empty ops, and no two neighbours of the same kind. */
function normalise(ops: DiffOp[]): DiffOp[] {
  const result: DiffOp[] = [];
  for (const op of ops) {
    if (op.text === "") continue;
    const last = result.at(-1);
    if (last?.op === op.op) last.text += op.text;
    else result.push({ ...op });
  }
  return result;
}

/**
 * What changed from `before` to `after`, as plain-text ops (the renderer escapes them). Without
 * hideTrivial, equal + delete texts give `before` and equal + insert texts give `after`.
 */
export function diffText(before: string, after: string, options: DiffOptions = {}): DiffOp[] {
  const split = options.granularity === "char" ? splitGraphemes : tokenizeWords;
  const diff = diffTokens(split(before), split(after), { timeoutSeconds: options.timeoutSeconds ?? 1, semanticCleanup: true });
  const ops = diff.map(({ op, tokens }) => ({ op, text: tokens.join("") }));
  return normalise(options.hideTrivial ? hideTrivialChanges(ops) : ops);
}

/** Characters (graphemes) inserted and deleted, for summaries such as "+12 −3". */
export function diffStats(ops: DiffOp[]): { inserted: number; deleted: number } {
  let inserted = 0;
  let deleted = 0;
  for (const { op, text } of ops) {
    if (op === "insert") inserted += splitGraphemes(text).length;
    if (op === "delete") deleted += splitGraphemes(text).length;
  }
  return { inserted, deleted };
}

/** The two texts a diff was made from: before is what was kept and deleted, after what was kept and inserted. */
export function sidesOf(ops: DiffOp[]): { before: string; after: string } {
  let before = "";
  let after = "";
  for (const { op, text } of ops) {
    if (op !== "insert") before += text;
    if (op !== "delete") after += text;
  }
  return { before, after };
}
