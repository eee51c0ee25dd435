/**
 * Gale & Church's length model: the target length of a bead is about `ratio`
 * times its source length, with a variance growing with the length. The
 * cost is -log P(|δ| at least this large) under a standard normal.
 */

/** log(erfc(x)) for x ≥ 0, in the log domain so that large x do not underflow (Abramowitz & Stegun 7.1.26). */
function logErfc(x: number): number {
  const t = 1 / (1 + 0.3275911 * x);
  const polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.log(polynomial) - x * x;
}

export type LengthModel = { ratio: number; variance: number; floor: number };

/** Gale & Church's constant: variance of target characters per source character. */
export const GALE_CHURCH_VARIANCE = 6.8;

/** The standardised length difference of a bead. */
export function lengthDeviation(sourceLength: number, targetLength: number, model: LengthModel): number {
  const mean = (sourceLength + targetLength / model.ratio) / 2;
  return (targetLength - model.ratio * sourceLength) / Math.sqrt(model.variance * mean + model.floor);
}

export function lengthCost(sourceLength: number, targetLength: number, model: LengthModel): number {
  return -logErfc(Math.abs(lengthDeviation(sourceLength, targetLength, model)) / Math.SQRT2);
}

/** The length ratio of two texts, estimated from the texts themselves. */
export function lengthRatio(sourceLengths: ArrayLike<number>, targetLengths: ArrayLike<number>): number {
  let source = 0;
  let target = 0;
  for (let i = 0; i < sourceLengths.length; i++) source += sourceLengths[i]!;
  for (let j = 0; j < targetLengths.length; j++) target += targetLengths[j]!;
  return source > 0 && target > 0 ? target / source : 1;
}

/** Prefix sums, so that the length of any run of paragraphs is one subtraction. */
export function prefixSums(values: ArrayLike<number>): Float64Array {
  const sums = new Float64Array(values.length + 1);
  for (let k = 0; k < values.length; k++) sums[k + 1] = sums[k]! + values[k]!;
  return sums;
}
