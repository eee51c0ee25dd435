/**
 * Alignment as a shortest path through a band around the diagonal of the
 * source × target grid. Cell (i, j) means "the first i source and j target
 * paragraphs are aligned"; a bead of shape (di, dj) steps from
 * (i - di, j - dj) to (i, j). Only cells within `width` of the diagonal
 * (scaled by m / n) exist, so time and memory grow with (n + m) × width, and
 * the band is widened and the search rerun when the best path runs along its
 * edge. Besides the best path (Viterbi), forward and backward sums over all
 * paths give each chosen bead its posterior probability: its confidence.
 */

export type Bead = { source: number[]; target: number[]; score: number };
export type BeadShape = readonly [sourceCount: number, targetCount: number];

export interface BeadScorer {
  /** The cost (a negative log-probability) of the bead of `shape` starting at source i and target j. */
  cost(i: number, j: number, shape: number): number;
}

export class Band {
  readonly start: Int32Array;
  readonly size: number;

  /** Row i holds the cells (i, lo[i]) to (i, hi[i]); both bounds never decrease from row to row. */
  constructor(
    readonly n: number,
    readonly m: number,
    readonly lo: Int32Array,
    readonly hi: Int32Array,
  ) {
    this.start = new Int32Array(n + 2);
    for (let i = 0; i <= n; i++) this.start[i + 1] = this.start[i]! + hi[i]! - lo[i]! + 1;
    this.size = this.start[n + 1]!;
  }

  /** The cells within `width` of the diagonal, scaled by m / n. */
  static diagonal(n: number, m: number, width: number): Band {
    const lo = new Int32Array(n + 1);
    const hi = new Int32Array(n + 1);
    for (let i = 0; i <= n; i++) {
      const centre = n === 0 ? 0 : (i * m) / n;
      lo[i] = Math.max(0, Math.floor(centre) - width);
      hi[i] = n === 0 ? m : Math.min(m, Math.ceil(centre) + width);
    }
    return new Band(n, m, lo, hi);
  }

  /** The cells within `width` of a path, given as the first and last column it visits in each row. */
  static around(first: Int32Array, last: Int32Array, m: number, width: number): Band {
    const n = first.length - 1;
    const lo = Int32Array.from(first, (j) => Math.max(0, j - width));
    const hi = Int32Array.from(last, (j) => Math.min(m, j + width));
    return new Band(n, m, lo, hi);
  }

  /** The cell's position in band-shaped arrays, or -1 outside the band. */
  index(i: number, j: number): number {
    if (i < 0 || i > this.n || j < this.lo[i]! || j > this.hi[i]!) return -1;
    return this.start[i]! + j - this.lo[i]!;
  }

  /** Whether (i, j) lies on an edge of the band that is not an edge of the grid. */
  onEdge(i: number, j: number): boolean {
    return (j === this.lo[i] && j > 0) || (j === this.hi[i] && j < this.m);
  }

  /** Whether the band is the whole grid. */
  get complete(): boolean {
    return this.lo.every((j) => j === 0) && this.hi.every((j) => j === this.m);
  }

  /** The narrowest band in which every row overlaps the next, so every cell stays reachable. */
  static minimumWidth(n: number, m: number): number {
    return Math.ceil(Math.max(n, m) / Math.max(1, Math.min(n, m))) + 3;
  }
}

/** Reports progress at most about 100 times, never going backwards. */
export function progressReporter(onProgress?: (done: number, total: number) => void) {
  let last = -1;
  return (fraction: number) => {
    const percent = Math.min(100, Math.floor(fraction * 100));
    if (onProgress && percent > last) {
      last = percent;
      onProgress(percent, 100);
    }
  };
}

/** log Σ exp(values[k]) over the first `count` values, whose largest is `max`. */
function logSumExp(values: Float64Array, count: number, max: number): number {
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < count; k++) sum += Math.exp(values[k]! - max);
  return max + Math.log(sum);
}

/** The best path in a band, its beads, and the first and last column it visits in each row. */
export type BandResult = { beads: Bead[]; touchesEdge: boolean; first: Int32Array; last: Int32Array };

/**
 * Best path and bead posteriors within one band. `temperature` softens the
 * posteriors: costs are divided by it before summing over paths.
 */
export function alignInBand(
  band: Band,
  shapes: readonly BeadShape[],
  scorer: BeadScorer,
  temperature: number,
  report: (fraction: number) => void,
): BandResult {
  const { n, m } = band;
  const shapeCount = shapes.length;
  const sourceStep = Int32Array.from(shapes, ([di]) => di);
  const targetStep = Int32Array.from(shapes, ([, dj]) => dj);
  const best = new Float64Array(band.size).fill(Infinity);
  const forward = new Float64Array(band.size).fill(-Infinity);
  const backward = new Float64Array(band.size).fill(-Infinity);
  const choice = new Int8Array(band.size).fill(-1);
  // The cost of the bead of shape s ending in each cell, kept for the backward pass.
  const costs = new Float64Array(band.size * shapeCount).fill(Infinity);
  const terms = new Float64Array(shapeCount);
  const every = Math.max(1, Math.floor(n / 50));

  best[0] = 0;
  forward[0] = 0;
  for (let i = 0; i <= n; i++) {
    if (i % every === 0) report((0.5 * i) / (n + 1));
    for (let j = band.lo[i]!, cell = band.index(i, j); j <= band.hi[i]!; j++, cell++) {
      let count = 0;
      let max = -Infinity;
      for (let s = 0; s < shapeCount; s++) {
        const di = sourceStep[s]!;
        const dj = targetStep[s]!;
        const previous = band.index(i - di, j - dj);
        if (previous < 0 || best[previous] === Infinity) continue;
        const cost = scorer.cost(i - di, j - dj, s);
        costs[cell * shapeCount + s] = cost;
        if (best[previous]! + cost < best[cell]!) {
          best[cell] = best[previous]! + cost;
          choice[cell] = s;
        }
        const term = forward[previous]! - cost / temperature;
        terms[count++] = term;
        if (term > max) max = term;
      }
      if (count) forward[cell] = logSumExp(terms, count, max);
    }
  }

  const end = band.index(n, m);
  backward[end] = 0;
  for (let i = n; i >= 0; i--) {
    if (i % every === 0) report(0.5 + (0.5 * (n - i)) / (n + 1));
    for (let j = band.hi[i]!, cell = band.index(i, j); j >= band.lo[i]!; j--, cell--) {
      if (cell === end) continue;
      let count = 0;
      let max = -Infinity;
      for (let s = 0; s < shapeCount; s++) {
        const next = band.index(i + sourceStep[s]!, j + targetStep[s]!);
        if (next < 0 || backward[next] === -Infinity) continue;
        const term = backward[next]! - costs[next * shapeCount + s]! / temperature;
        terms[count++] = term;
        if (term > max) max = term;
      }
      if (count) backward[cell] = logSumExp(terms, count, max);
    }
  }

  const total = forward[end]!;
  const beads: Bead[] = [];
  let touchesEdge = false;
  const first = new Int32Array(n + 1);
  const last = new Int32Array(n + 1).fill(-1);
  for (let i = n, j = m; ;) {
    first[i] = j;
    if (last[i] === -1) last[i] = j;
    if (i === 0 && j === 0) break;
    const cell = band.index(i, j);
    if (band.onEdge(i, j)) touchesEdge = true;
    const [di, dj] = shapes[choice[cell]!]!;
    const previous = band.index(i - di, j - dj);
    const cost = costs[cell * shapes.length + choice[cell]!]!;
    const posterior = Math.exp(forward[previous]! - cost / temperature + backward[cell]! - total);
    beads.push({
      source: Array.from({ length: di }, (_, k) => i - di + k),
      target: Array.from({ length: dj }, (_, k) => j - dj + k),
      score: Math.min(1, Math.max(0, posterior)),
    });
    i -= di;
    j -= dj;
  }
  return { beads: beads.reverse(), touchesEdge, first, last };
}

const guideWidth = 20;

/** The first and last column a path of beads visits in each row of the grid. */
function pathRows(beads: Bead[], n: number): { first: Int32Array; last: Int32Array } {
  const first = new Int32Array(n + 1).fill(-1);
  const last = new Int32Array(n + 1);
  let i = 0;
  let j = 0;
  const visit = () => {
    if (first[i] === -1) first[i] = j;
    last[i] = j;
  };
  visit();
  for (const bead of beads) {
    i += bead.source.length;
    j += bead.target.length;
    visit();
  }
  return { first, last };
}

/**
 * Aligns in a band around the diagonal (or around an earlier alignment). When the best path runs along the
 * band's edge, the band is moved to follow that path (with a wider margin)
 * and the search rerun, until the path stays clear of the edges.
 */
export function alignBanded(
  n: number,
  m: number,
  shapes: readonly BeadShape[],
  scorerFor: (band: Band) => BeadScorer,
  options: { temperature?: number; report?: (fraction: number) => void; guide?: Bead[] } = {},
): Bead[] {
  const report = options.report ?? (() => {});
  let width: number;
  let band: Band;
  if (options.guide) {
    // An earlier alignment of the same texts: the path will stay close to it.
    width = Math.max(guideWidth, Band.minimumWidth(n, m));
    const { first, last } = pathRows(options.guide, n);
    band = Band.around(first, last, m, width);
  } else {
    // Omissions make the path drift from the diagonal like a random walk: about √n.
    width = Math.max(Math.ceil(0.75 * Math.sqrt(Math.max(n, m))), 20, Band.minimumWidth(n, m));
    band = Band.diagonal(n, m, width);
  }
  for (;;) {
    const result = alignInBand(band, shapes, scorerFor(band), options.temperature ?? 1, report);
    if (!result.touchesEdge || band.complete) {
      report(1);
      return result.beads;
    }
    width = Math.ceil(width * 1.5);
    band = Band.around(result.first, result.last, m, width);
  }
}
