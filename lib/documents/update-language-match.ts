import { diffTokens, tokenizeWords } from "../diff/diff-text";
import { PARAGRAPH_JOINER } from "./bead-layout";

/**
 * How a revised file's paragraphs line up with a language's current cells
 * (same language, so no aligner: identical paragraphs anchor the match and
 * the stretches between anchors are paired by word overlap). Indexes are
 * into the `cells` and `paragraphs` arrays given to matchParagraphs.
 */
export type MatchStep =
  /** One cell, one paragraph (identical or edited). */
  | { kind: "pair"; cell: number; paragraph: number }
  /** Two consecutive cells that the file joined into one paragraph. */
  | { kind: "merged"; cells: [number, number]; paragraph: number }
  /** One cell that the file split into two consecutive paragraphs. */
  | { kind: "split"; cell: number; paragraphs: [number, number] }
  /** A cell the file lacks. */
  | { kind: "missing"; cell: number }
  /** A paragraph new in the file, belonging after cell `after` (-1: before the first). */
  | { kind: "new"; paragraph: number; after: number };

/** Whitespace runs as one space: a paragraph re-wrapped in a file is the same paragraph. */
export function normalizeParagraph(text: string): string {
  return text.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** A text's words, lower-cased, with how often each occurs. */
function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) bag.set(word, (bag.get(word) ?? 0) + 1);
  return bag;
}

// Bags are never changed once made, so each one's size is counted once.
const bagSizes = new WeakMap<Map<string, number>, number>();

function bagSize(bag: Map<string, number>): number {
  let size = bagSizes.get(bag);
  if (size === undefined) {
    size = 0;
    for (const count of bag.values()) size += count;
    bagSizes.set(bag, size);
  }
  return size;
}

function joinBags(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const joined = new Map(a);
  for (const [word, count] of b) joined.set(word, (joined.get(word) ?? 0) + count);
  return joined;
}

/** Dice coefficient of two word bags: 1 for the same words, 0 for none in common (two texts without words are alike). */
export function similarity(a: Map<string, number>, b: Map<string, number>): number {
  const total = bagSize(a) + bagSize(b);
  if (total === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [word, count] of small) common += Math.min(count, large.get(word) ?? 0);
  return (2 * common) / total;
}

// Costs of the stretch alignment: leaving a cell or a paragraph unmatched
// costs 1; pairing costs less than leaving both unmatched however different
// the two are, so a paragraph rewritten in place is a change, not a removal
// and an addition. A split or merge costs a little more than a pair of the
// same likeness, so it is chosen only when the joined text fits better.
const UNMATCHED = 1;
const PAIR_WEIGHT = 1.9;
const JOIN_PENALTY = 0.1;
/** Stretches with more cell × paragraph pairs than this are paired in order (the alignment is quadratic). */
export const MAX_STRETCH_PAIRS = 250_000;

/**
 * Matches a file's paragraphs to the current cells of one language, both in
 * reading order (empty cells left out by the caller). Identical paragraphs
 * (whitespace aside) are found first as a longest common subsequence; each
 * stretch between them is aligned by dynamic programming over pairs,
 * merges (2 cells : 1 paragraph), splits (1 : 2), missing cells and new
 * paragraphs, scored by word overlap. Steps come in reading order.
 */
export function matchParagraphs(cells: string[], paragraphs: string[]): MatchStep[] {
  const before = cells.map(normalizeParagraph);
  const after = paragraphs.map(normalizeParagraph);
  const steps: MatchStep[] = [];
  let cell = 0;
  let paragraph = 0;
  let stretch = { cells: [] as number[], paragraphs: [] as number[] };
  const flush = () => {
    steps.push(...alignStretch(stretch.cells, stretch.paragraphs, cells, paragraphs, cell - stretch.cells.length - 1));
    stretch = { cells: [], paragraphs: [] };
  };
  for (const { op, tokens } of diffTokens(before, after, { timeoutSeconds: 5, semanticCleanup: false })) {
    if (op === "equal") {
      flush();
      for (let index = 0; index < tokens.length; index++) steps.push({ kind: "pair", cell: cell++, paragraph: paragraph++ });
    } else if (op === "delete") {
      for (let index = 0; index < tokens.length; index++) stretch.cells.push(cell++);
    } else {
      for (let index = 0; index < tokens.length; index++) stretch.paragraphs.push(paragraph++);
    }
  }
  flush();
  return steps;
}

/** The steps for one stretch between anchors; `lastCellBefore` is the cell before it (-1: none), where new paragraphs at its start belong. */
function alignStretch(
  cellIds: number[],
  paragraphIds: number[],
  cells: string[],
  paragraphs: string[],
  lastCellBefore: number,
): MatchStep[] {
  const n = cellIds.length;
  const m = paragraphIds.length;
  if (n === 0 && m === 0) return [];
  const steps: MatchStep[] = [];
  if (n * m > MAX_STRETCH_PAIRS) {
    for (let index = 0; index < Math.max(n, m); index++) {
      if (index < n && index < m) steps.push({ kind: "pair", cell: cellIds[index]!, paragraph: paragraphIds[index]! });
      else if (index < n) steps.push({ kind: "missing", cell: cellIds[index]! });
      else steps.push({ kind: "new", paragraph: paragraphIds[index]!, after: n ? cellIds[n - 1]! : lastCellBefore });
    }
    return steps;
  }
  const cellBags = cellIds.map((id) => wordBag(cells[id]!));
  const paragraphBags = paragraphIds.map((id) => wordBag(paragraphs[id]!));
  // Neighbours joined once each, not once per pair they are compared with.
  const joinedCells = cellBags.map((bag, index) => (index > 0 ? joinBags(cellBags[index - 1]!, bag) : bag));
  const joinedParagraphs = paragraphBags.map((bag, index) => (index > 0 ? joinBags(paragraphBags[index - 1]!, bag) : bag));
  type Move = "pair" | "missing" | "new" | "merged" | "split";
  const width = m + 1;
  const cost = new Float64Array((n + 1) * width).fill(Infinity);
  const move: Move[] = new Array((n + 1) * width);
  cost[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const at = i * width + j;
      const consider = (previous: number, extra: number, kind: Move) => {
        if (cost[previous]! + extra < cost[at]!) {
          cost[at] = cost[previous]! + extra;
          move[at] = kind;
        }
      };
      if (i > 0 && j > 0) consider(at - width - 1, PAIR_WEIGHT * (1 - similarity(cellBags[i - 1]!, paragraphBags[j - 1]!)), "pair");
      if (i > 0) consider(at - width, UNMATCHED, "missing");
      if (j > 0) consider(at - 1, UNMATCHED, "new");
      if (i > 1 && j > 0) {
        consider(at - 2 * width - 1, JOIN_PENALTY + PAIR_WEIGHT * (1 - similarity(joinedCells[i - 1]!, paragraphBags[j - 1]!)), "merged");
      }
      if (i > 0 && j > 1) {
        consider(at - width - 2, JOIN_PENALTY + PAIR_WEIGHT * (1 - similarity(cellBags[i - 1]!, joinedParagraphs[j - 1]!)), "split");
      }
    }
  }
  // Walk back from the end, then read the steps forwards.
  const reversed: { kind: Move; i: number; j: number }[] = [];
  for (let i = n, j = m; i > 0 || j > 0;) {
    const kind = move[i * width + j]!;
    reversed.push({ kind, i, j });
    i -= kind === "pair" || kind === "missing" || kind === "split" ? 1 : kind === "merged" ? 2 : 0;
    j -= kind === "pair" || kind === "new" || kind === "merged" ? 1 : kind === "split" ? 2 : 0;
  }
  for (const { kind, i, j } of reversed.reverse()) {
    if (kind === "pair") steps.push({ kind, cell: cellIds[i - 1]!, paragraph: paragraphIds[j - 1]! });
    else if (kind === "missing") steps.push({ kind, cell: cellIds[i - 1]! });
    else if (kind === "new") steps.push({ kind, paragraph: paragraphIds[j - 1]!, after: i > 0 ? cellIds[i - 1]! : lastCellBefore });
    else if (kind === "merged") steps.push({ kind, cells: [cellIds[i - 2]!, cellIds[i - 1]!], paragraph: paragraphIds[j - 1]! });
    else steps.push({ kind, cell: cellIds[i - 1]!, paragraphs: [paragraphIds[j - 2]!, paragraphIds[j - 1]!] });
  }
  return steps;
}

/**
 * A paragraph that the file made of two cells, dealt back to them: the word
 * diff between the two cells' joined text and the paragraph says where the
 * boundary between them went (edits at the boundary go to the first cell).
 */
export function divideMerged(first: string, second: string, paragraph: string): [string, string] {
  const boundary = tokenizeWords(first).length;
  const newTokens = tokenizeWords(paragraph);
  let oldAt = 0;
  let newAt = 0;
  let cut: number | null = boundary === 0 ? 0 : null;
  for (const { op, tokens } of diffTokens(tokenizeWords(`${first}${PARAGRAPH_JOINER}${second}`), newTokens, {
    timeoutSeconds: 1,
    semanticCleanup: false,
  })) {
    if (op === "insert") {
      newAt += tokens.length;
      continue;
    }
    if (cut === null && oldAt + tokens.length >= boundary) {
      // The boundary falls inside this op: an equal run keeps it in place, a deletion moves it to where the deletion is.
      cut = op === "equal" ? newAt + (boundary - oldAt) : newAt;
    }
    oldAt += tokens.length;
    if (op === "equal") newAt += tokens.length;
  }
  const at = cut ?? newTokens.length;
  return [newTokens.slice(0, at).join("").trim(), newTokens.slice(at).join("").trim()];
}

/** The text a cell gets from its step: the paragraph, a split's two paragraphs on their own lines, or its share of a merged one. */
export function newCellTexts(steps: MatchStep[], cells: string[], paragraphs: string[]): Map<number, string> {
  const texts = new Map<number, string>();
  for (const step of steps) {
    if (step.kind === "pair") texts.set(step.cell, paragraphs[step.paragraph]!);
    else if (step.kind === "split") {
      texts.set(step.cell, step.paragraphs.map((index) => paragraphs[index]!).join(PARAGRAPH_JOINER));
    } else if (step.kind === "merged") {
      const [first, second] = step.cells;
      const shares = divideMerged(cells[first]!, cells[second]!, paragraphs[step.paragraph]!);
      texts.set(first, shares[0]);
      texts.set(second, shares[1]);
    }
  }
  return texts;
}

/** Whether a cell's text and the text the file gives it read the same (whitespace aside, as the anchors compare). */
export function sameParagraph(a: string, b: string): boolean {
  return normalizeParagraph(a) === normalizeParagraph(b);
}
