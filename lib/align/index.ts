import { buildAnchorModel, doubleCountedGain, pairGain, sourceRepeatGain, targetRepeatGain, type AnchorModel } from "./anchors";
import { alignBanded, progressReporter, type Band, type Bead, type BeadShape } from "./banded";
import { GALE_CHURCH_VARIANCE, lengthCost, lengthRatio, prefixSums, type LengthModel } from "./length";
import { sentenceProfile } from "./sentences";

export type { Bead } from "./banded";

export type AlignOptions = {
  /** BCP 47 hints; the aligner relies on signals shared by all languages, so they may be absent. */
  sourceLanguage?: string;
  targetLanguage?: string;
  onProgress?: (done: number, total: number) => void;
};

/**
 * Bead shapes and their prior probabilities. 3:1 and 1:3 were tried and
 * changed nothing on the evaluation set, so the search stays smaller. 2:2
 * (a sentence moved across a paragraph break on both sides) is rare: at
 * 0.005 it swallowed pairs of long paragraphs whose sentence counts differ
 * by one in opposite directions, which free translations do.
 */
const shapes: BeadShape[] = [
  [1, 1],
  [1, 0],
  [0, 1],
  [2, 1],
  [1, 2],
  [2, 2],
];
const sourceCountOf = Int8Array.from(shapes, ([di]) => di);
const targetCountOf = Int8Array.from(shapes, ([, dj]) => dj);
const priors = [0.85, 0.03, 0.03, 0.035, 0.035, 0.002];

/** Translators keep sentences: each long sentence more on one side of a bead costs this much (nats). */
const longSentenceWeight = 1.5;
/** ...and each sentence of any length, a little less. */
const sentenceWeight = 0.7;

/**
 * Translators keep the order of sentences: the first sentences of a bead's
 * two sides should match in length, and so should the last ones. The cost
 * is their log length ratio, capped, since sentences are split and joined too.
 */
const edgeWeight = 0.5;

/**
 * The costs add up evidence that is not independent (length, sentences and
 * anchors of the same text), so posteriors computed from them directly are
 * overconfident. Dividing costs by 2 before summing over paths gave the best
 * trade-off on the evaluation set: 9 of 14 wrong beads fall below
 * LOW_CONFIDENCE (lib/schemas.ts), and 6% of the right ones.
 */
const temperature = 2;

/** A length ratio off by more than this (3%) after a first alignment is corrected and the texts aligned again. */
const ratioTolerance = 0.03;

/** Characters of slack in the length model, so that one-liners ("Thank you." / "Спасибо.") are not held to a ratio. */
const lengthFloor = 30;

/**
 * Aligns two lists of paragraphs: dynamic programming over beads 1:1, 1:0,
 * 0:1, 2:1, 1:2 and 2:2 within a band around the diagonal, each scored by
 * - length (Gale & Church, with the ratio estimated from the two texts, then
 *   from the beads of a first alignment, realigning if it differs by over 3%),
 * - sentence counts,
 * - anchors that survive translation: numbers, names and cognates compared
 *   through transliteration, marks, list markers, separators;
 * and given a confidence: its posterior probability over all alignments.
 * Every paragraph lands in exactly one bead, in document order; a paragraph
 * without counterpart gets a bead with an empty other side.
 */
export function alignParagraphs(source: string[], target: string[], options: AlignOptions = {}): Bead[] {
  const sourceLengths = source.map((text) => text.length);
  const targetLengths = target.map((text) => text.length);
  const lengthModel: LengthModel = { ratio: lengthRatio(sourceLengths, targetLengths), variance: GALE_CHURCH_VARIANCE, floor: lengthFloor };
  const sourceSums = prefixSums(sourceLengths);
  const targetSums = prefixSums(targetLengths);
  const sourceCounts = source.map(sentenceProfile);
  const targetCounts = target.map(sentenceProfile);
  const sourceLong = prefixSums(sourceCounts.map((count) => count.long));
  const targetLong = prefixSums(targetCounts.map((count) => count.long));
  const sourceAll = prefixSums(sourceCounts.map((count) => count.all));
  const targetAll = prefixSums(targetCounts.map((count) => count.all));
  const sourceFirst = Float64Array.from(sourceCounts, (count) => count.firstLength);
  const targetFirst = Float64Array.from(targetCounts, (count) => count.firstLength);
  const sourceLast = Float64Array.from(sourceCounts, (count) => count.lastLength);
  const targetLast = Float64Array.from(targetCounts, (count) => count.lastLength);
  const anchors = buildAnchorModel(source, target);
  const sourceMiss = prefixSums(anchors.sourceMiss);
  const targetMiss = prefixSums(anchors.targetMiss);
  const sourceChance = prefixSums(anchors.sourceChance);
  const targetChance = prefixSums(anchors.targetChance);
  const sentenceEdgeCost = (a: number, b: number) => Math.min(1, Math.abs(Math.log((lengthModel.ratio * a + 20) / (b + 20))));
  const priorCosts = priors.map((prior) => -Math.log(prior));
  const span = (sums: Float64Array, from: number, count: number) => sums[from + count]! - sums[from]!;

  const scorerFor = (band: Band) => {
    // Per cell of the band, what cost() asks for many times: the anchors a pair shares, and those it shares with the next paragraph of one side.
    const pairs = new Float32Array(band.size);
    const sourceRepeats = new Float32Array(band.size);
    const targetRepeats = new Float32Array(band.size);
    for (let i = 0; i < band.n; i++) {
      const sourceHasRepeats = i < anchors.sourceNext.length && anchors.sourceNext[i]!.length > 0;
      for (let j = band.lo[i]!; j <= band.hi[i]! && j < band.m; j++) {
        const cell = band.index(i, j);
        pairs[cell] = pairGain(anchors, i, j);
        if (sourceHasRepeats) sourceRepeats[cell] = sourceRepeatGain(anchors, i, j);
        targetRepeats[cell] = targetRepeatGain(anchors, i, j);
      }
    }
    const inBand = (values: Float32Array, gainOf: (model: AnchorModel, i: number, j: number) => number) => (i: number, j: number) => {
      const cell = band.index(i, j);
      return cell < 0 ? gainOf(anchors, i, j) : values[cell]!;
    };
    const gain = inBand(pairs, pairGain);
    const sourceRepeat = inBand(sourceRepeats, sourceRepeatGain);
    const targetRepeat = inBand(targetRepeats, targetRepeatGain);
    return {
      cost(i: number, j: number, shape: number) {
        const di = sourceCountOf[shape]!;
        const dj = targetCountOf[shape]!;
        // A paragraph without counterpart costs only its prior: its anchors and sentences have nothing to disagree with.
        if (!di || !dj) return priorCosts[shape]!;
        let cost = priorCosts[shape]! + lengthCost(span(sourceSums, i, di), span(targetSums, j, dj), lengthModel);
        cost += longSentenceWeight * Math.abs(span(sourceLong, i, di) - span(targetLong, j, dj));
        cost += sentenceWeight * Math.abs(span(sourceAll, i, di) - span(targetAll, j, dj));
        cost += edgeWeight * sentenceEdgeCost(sourceFirst[i]!, targetFirst[j]!);
        cost += edgeWeight * sentenceEdgeCost(sourceLast[i + di - 1]!, targetLast[j + dj - 1]!);
        cost += span(sourceMiss, i, di) + span(targetMiss, j, dj);
        cost += dj * span(sourceChance, i, di) + di * span(targetChance, j, dj);
        for (let a = i; a < i + di; a++) for (let b = j; b < j + dj; b++) cost -= gain(a, b);
        if (di > 1 || dj > 1) cost += doubleCountedGain(anchors, i, di, j, dj, sourceRepeat, targetRepeat);
        return cost;
      },
    };
  };
  const report = progressReporter(options.onProgress);
  const first = alignBanded(source.length, target.length, shapes, scorerFor, { temperature, report: (fraction) => report(0.6 * fraction) });
  // Paragraphs that one side lacks skew the ratio of the whole texts; the aligned beads give a truer one.
  let sourceAligned = 0;
  let targetAligned = 0;
  for (const bead of first) {
    if (!bead.source.length || !bead.target.length) continue;
    sourceAligned += span(sourceSums, bead.source[0]!, bead.source.length);
    targetAligned += span(targetSums, bead.target[0]!, bead.target.length);
  }
  const alignedRatio = sourceAligned && targetAligned ? targetAligned / sourceAligned : lengthModel.ratio;
  if (Math.abs(Math.log(alignedRatio / lengthModel.ratio)) <= ratioTolerance) {
    report(1);
    return first;
  }
  lengthModel.ratio = alignedRatio;
  return alignBanded(source.length, target.length, shapes, scorerFor, {
    temperature,
    guide: first,
    report: (fraction) => report(0.6 + 0.4 * fraction),
  });
}
