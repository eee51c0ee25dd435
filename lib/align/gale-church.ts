import { alignBanded, type Bead, type BeadShape } from "./banded";
import { GALE_CHURCH_VARIANCE, lengthCost, lengthRatio, prefixSums, type LengthModel } from "./length";

/** Gale & Church (1993): bead shapes and their prior probabilities. */
const shapes: BeadShape[] = [
  [1, 1],
  [1, 0],
  [0, 1],
  [2, 1],
  [1, 2],
  [2, 2],
];
const priors = [0.89, 0.0099 / 2, 0.0099 / 2, 0.089 / 2, 0.089 / 2, 0.011];

/**
 * The length-only aligner of Gale & Church, kept as the baseline our
 * aligner is measured against. Omissions are scored like any bead, by the
 * length model against an empty side.
 */
export function galeChurchAlign(source: string[], target: string[]): Bead[] {
  const sourceLengths = source.map((text) => text.length);
  const targetLengths = target.map((text) => text.length);
  const model: LengthModel = { ratio: lengthRatio(sourceLengths, targetLengths), variance: GALE_CHURCH_VARIANCE, floor: 1 };
  const sourceSums = prefixSums(sourceLengths);
  const targetSums = prefixSums(targetLengths);
  const priorCosts = priors.map((prior) => -Math.log(prior));
  return alignBanded(source.length, target.length, shapes, () => ({
    cost(i, j, shape) {
      const [di, dj] = shapes[shape]!;
      const sourceLength = sourceSums[i + di]! - sourceSums[i]!;
      const targetLength = targetSums[j + dj]! - targetSums[j]!;
      return priorCosts[shape]! + lengthCost(sourceLength, targetLength, model);
    },
  }));
}
