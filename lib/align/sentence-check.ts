import { buildAnchorModel, conceptPartsModel, joinAnchorModels, pairGain, type AnchorModel, type Concepts } from "./anchors";
import type { Bead } from "./banded";
import { LOW_CONFIDENCE } from "../schemas";
import { lengthCost, type LengthModel } from "./length";
import { memoizedNameKey } from "./names";
import { splitSentences } from "./sentences";
import { wordIdsOf } from "./words";

/**
 * A check of paragraph breaks sentence by sentence. The paragraph-level alignment sees a bead's
 * lengths, sentence counts and anchors as sums, so two beads 1:1 where the gold is one 2:2 (a short
 * unit moved across the paragraph break on one side) or a 1:0 beside a 0:1 where the gold is one
 * 1:1 (a merged paragraph whose partner lost a part) look alike to it. Aligning the sentences of two
 * neighbouring beads (or three), once apart and once joined, shows where the breaks fall: if a
 * sentence of one bead belongs with a sentence of another, the joined bead aligns its sentences at a
 * much lower cost than the beads apart, and they are joined.
 */

export type SentenceCheckContext = {
  /** The paragraphs' anchors (and learned words) over the whole texts: what tells a lone paragraph's partner. */
  anchors: AnchorModel;
  source: string[];
  target: string[];
  lengthModel: LengthModel;
  /**
   * Whether a 1:1 bead's sentence counts, length and anchors agree: such a bead is not checked against
   * its neighbours (most of a long text), since no sentence of it is likely to belong elsewhere.
   */
  settled: (bead: Bead) => boolean;
  words?: {
    concepts: Concepts;
    conceptOf: (word: number, side: 0 | 1) => number;
    sourceWordIds: Map<string, number>;
    targetWordIds: Map<string, number>;
  };
};

/** Paragraph-level bead priors by shape (source count, target count); shapes not listed are not formed. */
const paragraphPrior: Record<string, number> = {
  "1:1": 0.85,
  "1:0": 0.03,
  "0:1": 0.03,
  "2:1": 0.035,
  "1:2": 0.035,
  "2:2": 0.005,
  "3:1": 0.005,
  "1:3": 0.005,
  "3:2": 0.002,
  "2:3": 0.002,
};

const sentenceWeights = {
  /** Sentence bead priors: 1:1, and 2:1 / 1:2 (translators split and join sentences). */
  oneToOne: 0.85,
  merged: 0.05,
  /** A sentence of one side without counterpart inside a bead with both sides: the first of a run, and each further one. */
  deleteFirst: 4.6,
  deleteNext: 1.5,
  /** What joining must win (nats) over the paragraph priors, and more when a paragraph without counterpart is given one. */
  margin: 0.25,
  loneMargin: 2,
  /** Subtracted from each sentence bead's length cost: about what unrelated sentences pay, so that a match is evidence. */
  lengthBase: 3,
  /** The anchors and words a paragraph without counterpart must share with its new partner (nats, beyond chance). */
  minimumSupport: 0,
};

/**
 * At most this many windows (base + per bead) are aligned sentence by sentence: about a quarter of a
 * second of CPU more than a well-anchored text of 10,000 paragraphs needs (285 windows).
 */
const windowBudget = { base: 200, perBead: 0.1 };

type Sentences = { text: string[]; length: Float64Array; concepts?: Int32Array[] };

/** Beads with neighbours joined where the sentences show that a paragraph break was misplaced. */
export function checkParagraphBreaks(beads: Bead[], context: SentenceCheckContext): Bead[] {
  const sourceSentences = new Map<number, Sentences>();
  const targetSentences = new Map<number, Sentences>();
  const sentencesOf = (cache: Map<number, Sentences>, texts: string[], index: number) => {
    let found = cache.get(index);
    if (!found) {
      const text = splitSentences(texts[index]!);
      found = { text, length: Float64Array.from(text, (sentence) => sentence.length) };
      cache.set(index, found);
    }
    return found;
  };
  const nameKey = memoizedNameKey();
  const out: Bead[] = [];
  const isLone = (bead: Bead) => !bead.source.length || !bead.target.length;
  /** Joins the last `count` beads of `out` if that pays; whether it did. */
  let windows = 0;
  const budget = windowBudget.base + windowBudget.perBead * beads.length;
  const tryJoin = (count: number) => {
    if (out.length < count) return false;
    const parts = out.slice(-count);
    const joined = { source: parts.flatMap((part) => part.source), target: parts.flatMap((part) => part.target) };
    const shape = `${joined.source.length}:${joined.target.length}`;
    if (!(shape in paragraphPrior) || !joined.source.length || !joined.target.length) return false;
    if (parts.some(context.settled)) return false;
    // Texts whose beads are seldom settled (few anchors, no words learned) would cost a window per bead.
    if (windows++ >= budget) return false;
    const gain = joinGain(
      parts,
      joined,
      context,
      (i) => sentencesOf(sourceSentences, context.source, i),
      (j) => sentencesOf(targetSentences, context.target, j),
      nameKey,
    );
    const lone = parts.some(isLone);
    const excess = gain - sentenceWeights.margin - (lone ? sentenceWeights.loneMargin : 0);
    if (excess <= 0) return false;
    if (count === 2 && lone && support(parts[0]!, parts[1]!, context.anchors) <= sentenceWeights.minimumSupport) return false;
    // A joined bead overrules the paragraph alignment: always flagged, the surer ones higher.
    out.splice(out.length - count, count, { ...joined, score: (LOW_CONFIDENCE * excess) / (excess + 2) });
    return true;
  };
  for (const bead of beads) {
    out.push(bead);
    // Join the last bead with the one before it (or the two before it) while that pays; a joined bead may join again.
    while (tryJoin(2) || tryJoin(3));
  }
  return out;
}

/**
 * What the anchors (and learned words) of the paragraphs of a bead with one side empty share with the
 * other side of its neighbour, beyond what unrelated paragraphs share by chance.
 */
function support(a: Bead, b: Bead, model: AnchorModel): number {
  const between = (sources: number[], targets: number[]) => {
    let total = 0;
    for (const i of sources) for (const j of targets) total += pairGain(model, i, j) - model.sourceChance[i]! - model.targetChance[j]!;
    return total;
  };
  // The lone bead's paragraphs against the other bead's other side.
  if (!a.target.length && !b.source.length) return between(a.source, b.target);
  if (!a.source.length && !b.target.length) return between(b.source, a.target);
  if (!a.target.length) return between(a.source, b.target);
  if (!a.source.length) return between(b.source, a.target);
  if (!b.target.length) return between(b.source, a.target);
  return between(a.source, b.target);
}

function priorCost(source: number, target: number): number {
  return -Math.log(paragraphPrior[`${source}:${target}`] ?? 1e-4);
}

type WindowCost = (sourceFrom: number, sourceCount: number, targetFrom: number, targetCount: number) => number;

/** Cost of the beads apart minus that of the joined bead (positive: joining pays); -Infinity when too long to check. */
function joinGain(
  parts: Bead[],
  joined: { source: number[]; target: number[] },
  context: SentenceCheckContext,
  sourceOf: (i: number) => Sentences,
  targetOf: (j: number) => Sentences,
  nameKey: (word: string) => string,
): number {
  const cost = windowCost(joined, context, sourceOf, targetOf, nameKey);
  if (!cost) return -Infinity;
  let apart = 0;
  let sourceFrom = 0;
  let targetFrom = 0;
  for (const part of parts) {
    apart += cost(sourceFrom, part.source.length, targetFrom, part.target.length);
    sourceFrom += part.source.length;
    targetFrom += part.target.length;
  }
  return apart - cost(0, joined.source.length, 0, joined.target.length);
}

/**
 * The cost of any bead within the window `joined` (paragraphs given by offset and count on each side):
 * its prior and, with both sides, the cost of its sentences' best alignment; undefined when the
 * window holds too many sentences to align.
 */
function windowCost(
  joined: { source: number[]; target: number[] },
  context: SentenceCheckContext,
  sourceOf: (i: number) => Sentences,
  targetOf: (j: number) => Sentences,
  nameKey: (word: string) => string,
): WindowCost | undefined {
  const words = context.words;
  const conceptsOf = (sentences: Sentences, ids: Map<string, number>, side: 0 | 1) =>
    (sentences.concepts ??= sentences.text.map((text) => {
      const found = new Set<number>();
      for (const word of wordIdsOf(text, ids)) {
        const concept = words!.conceptOf(word, side);
        if (concept >= 0) found.add(concept);
      }
      return Int32Array.from(found).sort();
    }));
  // One side's sentences in the joined bead, where each of its paragraphs begins, and their learned words' concepts.
  const gather = (paragraphs: number[], sentencesOf: (index: number) => Sentences, side: 0 | 1) => {
    const texts: string[] = [];
    const lengths: number[] = [];
    const starts: number[] = [];
    const concepts: Int32Array[] = [];
    for (const index of paragraphs) {
      starts.push(texts.length);
      const sentences = sentencesOf(index);
      texts.push(...sentences.text);
      lengths.push(...sentences.length);
      if (words) concepts.push(...conceptsOf(sentences, side === 0 ? words.sourceWordIds : words.targetWordIds, side));
    }
    starts.push(texts.length);
    return { texts, lengths, starts, concepts };
  };
  const {
    texts: sourceTexts,
    lengths: sourceLengths,
    starts: sourceParagraphStart,
    concepts: sourceConcepts,
  } = gather(joined.source, sourceOf, 0);
  const {
    texts: targetTexts,
    lengths: targetLengths,
    starts: targetParagraphStart,
    concepts: targetConcepts,
  } = gather(joined.target, targetOf, 1);
  if (sourceTexts.length > 40 || targetTexts.length > 40) return undefined;
  let model = buildAnchorModel(sourceTexts, targetTexts, nameKey);
  if (words) model = joinAnchorModels(model, conceptPartsModel(words.concepts, sourceConcepts, targetConcepts));
  const scorer = sentenceScorer(model, sourceLengths, targetLengths, context.lengthModel);
  return (sourceFrom, sourceCount, targetFrom, targetCount) => {
    const prior = priorCost(sourceCount, targetCount);
    if (!sourceCount || !targetCount) return prior;
    const i0 = sourceParagraphStart[sourceFrom]!;
    const i1 = sourceParagraphStart[sourceFrom + sourceCount]!;
    const j0 = targetParagraphStart[targetFrom]!;
    const j1 = targetParagraphStart[targetFrom + targetCount]!;
    return prior + alignSentences(scorer, i0, i1, j0, j1);
  };
}

const sentenceShapes: Array<[number, number]> = [
  [1, 1],
  [2, 1],
  [1, 2],
];

type SentenceScorer = (i: number, di: number, j: number, dj: number) => number;

function sentenceScorer(model: AnchorModel, sourceLengths: number[], targetLengths: number[], lengthModel: LengthModel): SentenceScorer {
  const oneToOne = -Math.log(sentenceWeights.oneToOne);
  const merged = -Math.log(sentenceWeights.merged);
  return (i, di, j, dj) => {
    let sourceLength = 0;
    let targetLength = 0;
    let cost = di === 1 && dj === 1 ? oneToOne : merged;
    for (let a = i; a < i + di; a++) {
      sourceLength += sourceLengths[a]!;
      cost += model.sourceMiss[a]! + dj * model.sourceChance[a]!;
    }
    for (let b = j; b < j + dj; b++) {
      targetLength += targetLengths[b]!;
      cost += model.targetMiss[b]! + di * model.targetChance[b]!;
    }
    for (let a = i; a < i + di; a++) for (let b = j; b < j + dj; b++) cost -= pairGain(model, a, b);
    return cost + lengthCost(sourceLength, targetLength, lengthModel) - (sentenceWeights.lengthBase * (di + dj)) / 2;
  };
}

/**
 * The lowest cost of aligning sentences [i0, i1) with [j0, j1): 1:1, 2:1 and 1:2 beads, and sentences
 * without counterpart, a run of them costing less per sentence than the first one.
 */
function alignSentences(score: SentenceScorer, i0: number, i1: number, j0: number, j1: number): number {
  const n = i1 - i0;
  const m = j1 - j0;
  const width = m + 1;
  // Per cell, three states: the last step matched, or left a source / a target sentence without counterpart.
  const best = new Float64Array((n + 1) * width * 3).fill(Infinity);
  const at = (i: number, j: number, state: number) => (i * width + j) * 3 + state;
  best[at(0, 0, 0)] = 0;
  const { deleteFirst, deleteNext } = sentenceWeights;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) continue;
      let matched = Infinity;
      for (const [di, dj] of sentenceShapes) {
        if (i < di || j < dj) continue;
        const before = Math.min(best[at(i - di, j - dj, 0)]!, best[at(i - di, j - dj, 1)]!, best[at(i - di, j - dj, 2)]!);
        if (before === Infinity) continue;
        matched = Math.min(matched, before + score(i0 + i - di, di, j0 + j - dj, dj));
      }
      best[at(i, j, 0)] = matched;
      if (i > 0)
        best[at(i, j, 1)] = Math.min(
          best[at(i - 1, j, 0)]! + deleteFirst,
          best[at(i - 1, j, 1)]! + deleteNext,
          best[at(i - 1, j, 2)]! + deleteFirst,
        );
      if (j > 0)
        best[at(i, j, 2)] = Math.min(
          best[at(i, j - 1, 0)]! + deleteFirst,
          best[at(i, j - 1, 2)]! + deleteNext,
          best[at(i, j - 1, 1)]! + deleteFirst,
        );
    }
  }
  return Math.min(best[at(n, m, 0)]!, best[at(n, m, 1)]!, best[at(n, m, 2)]!);
}
