import {
  bandGains,
  buildAnchorModel,
  doubleCountedGain,
  pairGain,
  sourceRepeatGain,
  targetIndex,
  targetRepeatGain,
  type AnchorModel,
  withConcepts,
} from "./anchors";
import { alignBanded, progressReporter, type Band, type Bead, type BeadShape } from "./banded";
import { GALE_CHURCH_VARIANCE, lengthCost, lengthDeviation, lengthRatio, prefixSums, type LengthModel } from "./length";
import { LOW_CONFIDENCE } from "../schemas";
import { checkParagraphBreaks } from "./sentence-check";
import { sentenceProfile } from "./sentences";
import { learnConcepts, paragraphWords } from "./words";

export type { Bead } from "./banded";

export type AlignOptions = {
  /** BCP 47 hints; the aligner relies on signals shared by all languages, so they may be absent. */
  sourceLanguage?: string;
  targetLanguage?: string;
  /**
   * Paragraph pairs people confirmed, as the stems of their words (paragraphStems in the two languages
   * above): learned from like the confident beads of the text itself. Plain data, for the worker thread.
   */
  learned?: Array<[string[], string[]]>;
  onProgress?: (done: number, total: number) => void;
};

/**
 * Bead shapes and their prior probabilities. 2:2 (a sentence moved across a
 * paragraph break on both sides, or merges on both sides that overlap) and
 * 3:1 / 1:3 (three paragraphs merged) are rare; at 0.005 2:2 once swallowed
 * pairs of long paragraphs whose sentence counts differ by one in opposite
 * directions, but with word evidence it no longer does, and heavy merges
 * need it (BENCHMARKS.md, "The harder evaluation").
 */
const shapes: BeadShape[] = [
  [1, 1],
  [1, 0],
  [0, 1],
  [2, 1],
  [1, 2],
  [2, 2],
  [3, 1],
  [1, 3],
];
/**
 * The first pass over the whole text leaves out 2:2, 3:1 and 1:3: they cost a sixth of its time or
 * more and are rare, and the beads around where they belong come out doubtful or not 1:1, so the
 * stretches realigned with words (which use every shape) find them.
 */
const wholeTextShapes = shapes.slice(0, 5);
const sourceCountOf = Int8Array.from(shapes, ([di]) => di);
const targetCountOf = Int8Array.from(shapes, ([, dj]) => dj);
const priors = [0.85, 0.03, 0.03, 0.035, 0.035, 0.005, 0.005, 0.005];

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
 * overconfident. The passes over the whole text divide costs by 2 before
 * summing over paths: which beads are doubtful (realigned below) and which
 * teach words are chosen on that scale; `calibrated` places the flagging threshold.
 */
const temperature = 2;

/**
 * The stretches realigned with words (and every bead shape) score their beads at a low temperature:
 * a bead's posterior then tells by about how many nats the best path beats the paths without it
 * (T · log(p / (1 - p))), which ranks the wrong beads below the right ones better than the
 * posterior at 2 (BENCHMARKS.md, issue 16: with 90% of the tuning draw's wrong beads flagged, 8.2%
 * of its right ones instead of 12.4%, thresholds fit to each; 0.35 to 0.7 about alike). The best
 * path does not depend on it.
 */
const stretchTemperature = 0.5;

/** A length ratio off by more than this (3%) after a first alignment is corrected and the texts aligned again. */
const ratioTolerance = 0.03;

/**
 * Beads scored this high teach words; word pairs this associated (Dice) count. One round of learning
 * and realigning: a second one, learning from the realigned beads, changed no F1 on the evaluation.
 */
const lexicon = { minimumScore: 0.5, minimumDice: 0.7 };

/** A 1:1 bead whose length deviates less than this (standard deviations), with as many sentences on both sides, is settled. */
const settledDeviation = 1.5;

/** Characters of slack in the length model, so that one-liners ("Thank you." / "Спасибо.") are not held to a ratio. */
const lengthFloor = 30;

/**
 * Aligns two lists of paragraphs: dynamic programming over beads 1:1, 1:0,
 * 0:1, 2:1 and 1:2 within a band around the diagonal, each scored by
 * - length (Gale & Church, with the ratio estimated from the two texts, then
 *   from the beads of a first alignment, realigning if it differs by over 3%),
 * - sentence counts,
 * - anchors that survive translation: numbers, names and cognates compared
 *   through transliteration, marks, list markers, separators;
 * and given a confidence: its posterior probability over all alignments.
 * Then word evidence: word pairs learned from the confident beads of that
 * alignment (words.ts) become anchors too, and every stretch around a bead
 * scored below 0.7 or not 1:1 is aligned again with them, with 2:2, 3:1 and
 * 1:3 beads allowed; scores are then calibrated (`calibrated`). Last, neighbouring beads
 * are aligned sentence by sentence, apart and joined, and joined where the sentences show a
 * misplaced paragraph break (sentence-check.ts); joined beads are flagged.
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
  // Sentence lengths as logarithms (source ones scaled by the ratio, set again when it changes): their edge cost is a difference.
  const sourceFirst = new Float64Array(source.length);
  const sourceLast = new Float64Array(source.length);
  const scaleSourceSentences = () =>
    sourceCounts.forEach((count, i) => {
      sourceFirst[i] = Math.log(lengthModel.ratio * count.firstLength + 20);
      sourceLast[i] = Math.log(lengthModel.ratio * count.lastLength + 20);
    });
  scaleSourceSentences();
  const targetFirst = Float64Array.from(targetCounts, (count) => Math.log(count.firstLength + 20));
  const targetLast = Float64Array.from(targetCounts, (count) => Math.log(count.lastLength + 20));
  const sentenceEdgeCost = (logSource: number, logTarget: number) => Math.min(1, Math.abs(logSource - logTarget));
  const priorCosts = priors.map((prior) => -Math.log(prior));
  const span = (sums: Float64Array, from: number, count: number) => sums[from + count]! - sums[from]!;

  /**
   * Scores beads with an anchor model over the grid shifted by (i0, j0) (a stretch of the texts); per
   * cell of the band, the gains cost() asks for many times are computed once.
   */
  const scorerWith = (anchors: AnchorModel) => {
    const sourceMiss = prefixSums(anchors.sourceMiss);
    const targetMiss = prefixSums(anchors.targetMiss);
    const sourceChance = prefixSums(anchors.sourceChance);
    const targetChance = prefixSums(anchors.targetChance);
    const index = targetIndex(anchors);
    return (i0 = 0, j0 = 0) =>
      (band: Band) => {
        const { pairs, sourceRepeats, targetRepeats } = bandGains(anchors, index, band, i0, j0);
        const inBand = (values: Float32Array, gainOf: (model: AnchorModel, i: number, j: number) => number) => (i: number, j: number) => {
          const cell = band.index(i - i0, j - j0);
          return cell < 0 ? gainOf(anchors, i, j) : values[cell]!;
        };
        const gain = inBand(pairs, pairGain);
        const sourceRepeat = inBand(sourceRepeats, sourceRepeatGain);
        const targetRepeat = inBand(targetRepeats, targetRepeatGain);
        return {
          cost(si: number, sj: number, shape: number) {
            const di = sourceCountOf[shape]!;
            const dj = targetCountOf[shape]!;
            // A paragraph without counterpart costs only its prior: its anchors and sentences have nothing to disagree with.
            if (!di || !dj) return priorCosts[shape]!;
            const i = i0 + si;
            const j = j0 + sj;
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
  };
  const anchors = buildAnchorModel(source, target);
  const scorerFor = scorerWith(anchors)();
  const report = progressReporter(options.onProgress);
  const first = alignBanded(source.length, target.length, wholeTextShapes, scorerFor, {
    temperature,
    report: (fraction) => report(0.6 * fraction),
  });
  // Paragraphs that one side lacks skew the ratio of the whole texts; the aligned beads give a truer one.
  let sourceAligned = 0;
  let targetAligned = 0;
  for (const bead of first) {
    if (!bead.source.length || !bead.target.length) continue;
    sourceAligned += span(sourceSums, bead.source[0]!, bead.source.length);
    targetAligned += span(targetSums, bead.target[0]!, bead.target.length);
  }
  const alignedRatio = sourceAligned && targetAligned ? targetAligned / sourceAligned : lengthModel.ratio;
  let beads = first;
  if (Math.abs(Math.log(alignedRatio / lengthModel.ratio)) > ratioTolerance) {
    lengthModel.ratio = alignedRatio;
    scaleSourceSentences();
    beads = alignBanded(source.length, target.length, wholeTextShapes, scorerFor, {
      temperature,
      guide: first,
      report: (fraction) => report(0.6 + 0.2 * fraction),
    });
  }
  // The sentence check (sentence-check.ts) leaves out 1:1 beads whose sentence counts, lengths and anchors agree.
  const settled = (bead: Bead) => {
    if (bead.source.length !== 1 || bead.target.length !== 1) return false;
    const i = bead.source[0]!;
    const j = bead.target[0]!;
    if (sourceCounts[i]!.all !== targetCounts[j]!.all) return false;
    if (Math.abs(lengthDeviation(span(sourceSums, i, 1), span(targetSums, j, 1), lengthModel)) > settledDeviation) return false;
    // ...and its anchors and learned words must agree beyond chance: a wrong 1:1 bead may match in counts and length.
    return pairGain(settledModel, i, j) - settledModel.sourceChance[i]! - settledModel.targetChance[j]! > 0;
  };
  let settledModel = anchors;
  // Word evidence: learned from the confident beads of the alignment so far, then the doubtful stretches aligned again with it.
  const sourceWords = paragraphWords(source, options.sourceLanguage);
  const targetWords = paragraphWords(target, options.targetLanguage);
  // Stems this text lacks cannot tell its paragraphs apart, so they are left out.
  const idsOf = (stems: string[], ids: Map<string, number>) => Int32Array.from(stems.flatMap((stem) => ids.get(stem) ?? [])).sort();
  const learned = (options.learned ?? []).map(([sourceStems, targetStems]): [Int32Array, Int32Array] => [
    idsOf(sourceStems, sourceWords.stemIds),
    idsOf(targetStems, targetWords.stemIds),
  ]);
  const concepts = learnConcepts(sourceWords.words, targetWords.words, beads, lexicon, learned);
  if (!concepts.concepts) {
    report(1);
    return checkParagraphBreaks(
      beads.map((bead) => calibrated(bead, flagBelow)),
      { anchors, source, target, lengthModel, settled },
    );
  }
  const anchorsWithWords = withConcepts(anchors, concepts);
  settledModel = anchorsWithWords;
  const scorerWithWords = scorerWith(anchorsWithWords);
  const revised: Bead[] = [];
  const sourceStart = startsOf(beads, "source");
  const targetStart = startsOf(beads, "target");
  let copied = 0;
  for (const [from, to] of doubtfulStretches(beads)) {
    revised.push(...beads.slice(copied, from).map((bead) => calibrated(bead, flagBelow)));
    const i0 = sourceStart[from]!;
    const j0 = targetStart[from]!;
    // The stretch is aligned on its own, from the bead boundary before it to the one after it (both confident ones).
    const stretch = alignBanded(sourceStart[to]! - i0, targetStart[to]! - j0, shapes, scorerWithWords(i0, j0), {
      temperature: stretchTemperature,
    });
    const placed = stretch.map((bead) => ({ ...bead, source: bead.source.map((i) => i + i0), target: bead.target.map((j) => j + j0) }));
    const scored = placed.map((bead) => calibrated(bead, stretchFlagBelow));
    // Beads just outside the stretch are confident 1:1 ones (or the texts' ends).
    scored.forEach((bead, k) =>
      revised.push(
        confidentOneToOne(scored[k - 1]) && confidentOneToOne(scored[k + 1]) && !mergedOnBothSides(bead)
          ? calibrated(placed[k]!, betweenConfidentFlagBelow)
          : bead,
      ),
    );
    copied = to;
  }
  revised.push(...beads.slice(copied).map((bead) => calibrated(bead, flagBelow)));
  report(1);
  const words = { concepts, conceptOf: concepts.conceptOf, sourceWordIds: sourceWords.wordIds, targetWordIds: targetWords.wordIds };
  return checkParagraphBreaks(revised, { anchors: anchorsWithWords, source, target, lengthModel, settled, words });
}

type FlagPoints = { oneToOne: number; alone: number; merged: number };

/**
 * The posterior below which a bead of each kind is flagged, for beads of the first pass (scored at
 * `temperature`). Merged beads share their probability with the beads they could be split into, so
 * a right one scores lower than a right 1:1 bead, while a bead without counterpart is more often
 * wrong than either. Chosen on the tuning draw of the harder evaluation (the lowest share of right
 * beads flagged with at least 90% of wrong ones). A first-pass bead that is kept is 1:1 and scored
 * 0.7 or more (the others are realigned), so in a text where words were learned none is flagged.
 */
const flagBelow: FlagPoints = { oneToOne: 0.7, alone: 0.8, merged: 0.5 };

/**
 * The same for beads of the realigned stretches (scored at `stretchTemperature`), given as the
 * margin in nats that a bead must have over the paths without it; chosen the same way.
 */
const atMargin = (nats: number) => 1 / (1 + Math.exp(-nats / stretchTemperature));
const stretchFlagBelow: FlagPoints = { oneToOne: atMargin(2.8), alone: atMargin(2.4), merged: atMargin(2.65) };

/**
 * A bead of a stretch between two 1:1 beads that are not flagged: a wrong bead has a wrong neighbour
 * (the gold bead of one of its paragraphs reaches into it), unless it holds whole gold beads, as an
 * overeager merge or a 1:1 of two paragraphs that each lack a counterpart. So such a bead is seldom
 * wrong, and it is flagged only when it does not even beat the paths without it. Beads merged on
 * both sides (2:2 and larger) are left out: they may be two 1:1 beads, the commonest shape, merged
 * (1 of the tuning draw's 507 beads between unflagged 1:1 ones was wrong, a 2:2, and one 2:2 of the
 * evaluation sets). Of the others, none of the tuning draw's was wrong, while 37 right ones, most of
 * them merged (their posterior is shared with the 1:1 + 1:0 beads they could be split into), were
 * flagged at the points above.
 */
const betweenConfidentFlagBelow: FlagPoints = { oneToOne: atMargin(0), alone: atMargin(0), merged: atMargin(0) };
const mergedOnBothSides = (bead: Bead) => bead.source.length > 1 && bead.target.length > 1;
const confidentOneToOne = (bead: Bead | undefined) =>
  !bead || (bead.source.length === 1 && bead.target.length === 1 && bead.score >= LOW_CONFIDENCE);

/**
 * A bead's score rescaled piecewise linearly so that LOW_CONFIDENCE, the one threshold the CLI, the
 * import summary and the workbench's filter use, falls at its kind's flagging point; the order of
 * scores within a kind is kept.
 */
function calibrated(bead: Bead, flagPoints: FlagPoints): Bead {
  const oneToOne = bead.source.length === 1 && bead.target.length === 1;
  const alone = !bead.source.length || !bead.target.length;
  const at = oneToOne ? flagPoints.oneToOne : alone ? flagPoints.alone : flagPoints.merged;
  const score =
    bead.score < at ? (bead.score / at) * LOW_CONFIDENCE : LOW_CONFIDENCE + ((bead.score - at) / (1 - at)) * (1 - LOW_CONFIDENCE);
  return { ...bead, score };
}

/** Beads scored below this are aligned again once words have been learned, with a few neighbours either side. */
const revisitBelow = 0.7;
const revisitMargin = 1;

/** The stretches of beads [from, to) around the doubtful ones, merged where they touch. */
function doubtfulStretches(beads: Bead[]): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  beads.forEach((bead, k) => {
    if (bead.score >= revisitBelow && bead.source.length === 1 && bead.target.length === 1) return;
    const from = Math.max(0, k - revisitMargin);
    const to = Math.min(beads.length, k + revisitMargin + 1);
    const last = stretches.at(-1);
    if (last && last[1] >= from) last[1] = to;
    else stretches.push([from, to]);
  });
  return stretches;
}

/** Per bead (and one past the last), the index of its first paragraph on one side. */
function startsOf(beads: Bead[], side: "source" | "target"): Int32Array {
  const starts = new Int32Array(beads.length + 1);
  beads.forEach((bead, k) => (starts[k + 1] = starts[k]! + bead[side].length));
  return starts;
}
