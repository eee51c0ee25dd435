import type { Band } from "./banded";
import { extractNumbers } from "./numbers";
import { matchNames, memoizedNameKey, wordAnchors } from "./names";

/**
 * Anchors: the parts of a paragraph that survive translation whatever the
 * languages — numbers, proper names, question and exclamation marks, quotes,
 * list markers and clause numbers, lines of dialogue, and paragraphs made of
 * symbols only ("* * *"). Each paragraph becomes a sorted list of anchor ids;
 * an anchor repeated in a paragraph gets one id per occurrence, so counts are
 * compared too.
 */

type AnchorKind = "number" | "name" | "cognate" | "mark" | "list" | "symbols" | "word";

/**
 * What an anchor is worth, in nats. `bonus` scales the anchor's rarity
 * (inverse document frequency) when both sides of a bead share it; `miss`
 * is paid, in a bead with both sides, for each anchor without a partner.
 * Names are often rendered differently ("Mr Kolokoltsev" for "Владимир
 * Александрович") and cognates are only likely, so their misses cost little
 * or nothing.
 */
const kinds: Record<AnchorKind, { bonus: number; miss: number }> = {
  number: { bonus: 1, miss: 1 },
  name: { bonus: 0.6, miss: 0.3 },
  cognate: { bonus: 0.3, miss: 0 },
  mark: { bonus: 0.4, miss: 0.3 },
  list: { bonus: 0.4, miss: 0.5 },
  symbols: { bonus: 1, miss: 1 },
  // Word concepts learned from a first alignment (words.ts): translators paraphrase, so a miss costs little.
  word: { bonus: 0.5, miss: 0.15 },
};

const maximumRarity = 5;

export type AnchorModel = {
  source: Int32Array[];
  target: Int32Array[];
  /** Per anchor id: what sharing it is worth, the misses it saves included. */
  gain: Float64Array;
  /** Per paragraph: the cost of leaving all its anchors without a partner. */
  sourceMiss: Float64Array;
  targetMiss: Float64Array;
  /**
   * Per paragraph: the gain it would get on average from an unrelated
   * paragraph of the other side. Subtracted from every pair, so that chance
   * matches do not make larger beads look better than they are.
   */
  sourceChance: Float64Array;
  targetChance: Float64Array;
  /** Per paragraph but the last: the anchors it shares with the next one. */
  sourceNext: Int32Array[];
  targetNext: Int32Array[];
};

/** A separator line such as "* * *" that ended up inside a merged paragraph. */
const separatorRun = /([*#=~_·•])(?:[ \t]*\1){2,}/g;
const quotes = /[«»“”„"]/g;
/** A line of dialogue: a dash ("— Да.", "—¿Y tú?") or an opening quote before a capital, whichever the language uses. */
const directSpeech = /^\s*(?:[—–-]\s*|[«"“„]\s*)[¿¡]?\p{Lu}/u;
/** A bullet, a clause number ("3.", "2.1.", "4)") or a letter ("b)") opening a paragraph. */
const listMarker = /^\s*(?:[-–—•*·▪]|(\d{1,3}(?:\.\d{1,3})*)[.)]|\p{L}\))\s/u;

function anchorsOf(
  text: string,
  words: { names: string[]; cognates: string[] },
  names: (name: string) => string,
): Array<[AnchorKind, string]> {
  const found: Array<[AnchorKind, string]> = [];
  for (const number of extractNumbers(text)) found.push(["number", number]);
  for (const name of words.names) found.push(["name", names(name)]);
  for (const prefix of words.cognates) found.push(["cognate", prefix]);
  for (const mark of text.match(/[?¿!¡:;()]/g) ?? []) found.push(["mark", mark.replace("¿", "?").replace("¡", "!")]);
  for (let pair = 0; pair < Math.floor((text.match(quotes) ?? []).length / 2); pair++) found.push(["mark", "quote"]);
  const marker = listMarker.exec(text);
  if (directSpeech.test(text)) found.push(["list", "speech"]);
  // Clause numbers are kept by translators, so "2)" and "3)" tell items of one list apart.
  else if (marker) found.push(["list", marker[1] ?? "bullet"]);
  if (!/[\p{L}\p{N}]/u.test(text)) found.push(["symbols", text.replace(/\s+/g, "")]);
  else for (const separator of text.match(separatorRun) ?? []) found.push(["symbols", separator.replace(/\s+/g, "")]);
  return found;
}

/** `key` may be shared by calls on parts of the same texts (sentence-check.ts), so each word is keyed once. */
export function buildAnchorModel(source: string[], target: string[], key = memoizedNameKey()): AnchorModel {
  const sourceWords = source.map((text) => wordAnchors(text, key));
  const targetWords = target.map((text) => wordAnchors(text, key));
  const sourceNames = matchNames(
    sourceWords.flatMap((words) => words.names),
    targetWords.flatMap((words) => words.names),
  );
  const ids = new Map<string, number>();
  const kindOf: AnchorKind[] = [];
  // Per anchor id: in how many paragraphs of each side it occurs.
  const sourceFrequency: number[] = [];
  const targetFrequency: number[] = [];
  const paragraphAnchors = (
    texts: string[],
    words: Array<{ names: string[]; cognates: string[] }>,
    names: (name: string) => string,
    frequency: number[],
  ) =>
    texts.map((text, index) => {
      const occurrences = new Map<string, number>();
      const list: number[] = [];
      for (const [kind, value] of anchorsOf(text, words[index]!, names)) {
        const anchor = `${kind}:${value}`;
        const occurrence = (occurrences.get(anchor) ?? 0) + 1;
        occurrences.set(anchor, occurrence);
        const anchorKey = `${anchor}#${occurrence}`;
        let id = ids.get(anchorKey);
        if (id === undefined) {
          id = kindOf.length;
          ids.set(anchorKey, id);
          kindOf.push(kind);
          sourceFrequency.push(0);
          targetFrequency.push(0);
        }
        frequency[id]!++;
        list.push(id);
      }
      return Int32Array.from(list).sort();
    });
  const sourceAnchors = paragraphAnchors(source, sourceWords, (name) => sourceNames.get(name) ?? name, sourceFrequency);
  const targetAnchors = paragraphAnchors(target, targetWords, (name) => name, targetFrequency);
  return anchorModel(sourceAnchors, targetAnchors, sourceFrequency, targetFrequency, (id) => kinds[kindOf[id]!]);
}

/** Word concepts per paragraph of each side (learnConcepts in words.ts), each id at most once per paragraph. */
export type Concepts = { source: Int32Array[]; target: Int32Array[]; concepts: number };

/**
 * The anchor model with word concepts learned from a first alignment added as anchors of kind
 * "word": their ids come after the model's own, so each paragraph's list stays sorted.
 */
export function withConcepts(model: AnchorModel, concepts: Concepts): AnchorModel {
  return joinAnchorModels(model, conceptAnchorModel(concepts));
}

/** Two anchor models of the same paragraphs as one: the second one's ids come after the first one's. */
export function joinAnchorModels(model: AnchorModel, words: AnchorModel): AnchorModel {
  const offset = model.gain.length;
  const join = (own: Int32Array[], added: Int32Array[]) =>
    own.map((list, index) => {
      const joined = new Int32Array(list.length + added[index]!.length);
      joined.set(list);
      joined.set(
        added[index]!.map((id) => id + offset),
        list.length,
      );
      return joined;
    });
  const sum = (own: Float64Array, added: Float64Array) => own.map((value, index) => value + added[index]!);
  const gain = new Float64Array(offset + words.gain.length);
  gain.set(model.gain);
  gain.set(words.gain, offset);
  return {
    source: join(model.source, words.source),
    target: join(model.target, words.target),
    gain,
    sourceMiss: sum(model.sourceMiss, words.sourceMiss),
    targetMiss: sum(model.targetMiss, words.targetMiss),
    sourceChance: sum(model.sourceChance, words.sourceChance),
    targetChance: sum(model.targetChance, words.targetChance),
    sourceNext: join(model.sourceNext, words.sourceNext),
    targetNext: join(model.targetNext, words.targetNext),
  };
}

/** The anchor model of word concepts alone. */
export function conceptAnchorModel(concepts: Concepts): AnchorModel {
  const frequency = (paragraphs: Int32Array[]) => {
    const counts = new Array<number>(concepts.concepts).fill(0);
    for (const list of paragraphs) for (const id of list) counts[id]!++;
    return counts;
  };
  return anchorModel(concepts.source, concepts.target, frequency(concepts.source), frequency(concepts.target), () => kinds.word);
}

/**
 * The anchor model of word concepts given per sentence (or any part of paragraphs), with their rarity
 * and chance rates taken from the paragraphs of the whole texts (`concepts`), which say more than a
 * few sentences can.
 */
export function conceptPartsModel(concepts: Concepts, source: Int32Array[], target: Int32Array[]): AnchorModel {
  let frequencies = conceptFrequencies.get(concepts);
  if (!frequencies) {
    const frequency = (paragraphs: Int32Array[]) => {
      const counts = new Array<number>(concepts.concepts).fill(0);
      for (const list of paragraphs) for (const id of list) counts[id]!++;
      return counts;
    };
    frequencies = { source: frequency(concepts.source), target: frequency(concepts.target) };
    conceptFrequencies.set(concepts, frequencies);
  }
  // The parts hold few of the concepts: they are numbered afresh, so the model's arrays are as short.
  const local = new Map<number, number>();
  const renumber = (lists: Int32Array[]) =>
    lists.map((list) =>
      list.map((id) => {
        let found = local.get(id);
        if (found === undefined) local.set(id, (found = local.size));
        return found;
      }),
    );
  const sourceParts = renumber(source);
  const targetParts = renumber(target);
  // Renumbering in order of first sight keeps each list sorted only if it was; sort to be sure.
  for (const list of [...sourceParts, ...targetParts]) list.sort();
  const sourceFrequency = new Array<number>(local.size);
  const targetFrequency = new Array<number>(local.size);
  for (const [id, found] of local) {
    sourceFrequency[found] = frequencies.source[id]!;
    targetFrequency[found] = frequencies.target[id]!;
  }
  return anchorModel(sourceParts, targetParts, sourceFrequency, targetFrequency, () => kinds.word, {
    source: concepts.source.length,
    target: concepts.target.length,
  });
}

/** Per concept, in how many paragraphs of each side it occurs: counted once per alignment. */
const conceptFrequencies = new WeakMap<Concepts, { source: number[]; target: number[] }>();

/**
 * Gains, misses and chance rates of anchors given per paragraph as sorted ids, with how many paragraphs of each side hold each id
 * (out of `totals` paragraphs a side when the frequencies are of other texts than the lists given).
 */
function anchorModel(
  sourceAnchors: Int32Array[],
  targetAnchors: Int32Array[],
  sourceFrequency: number[],
  targetFrequency: number[],
  weightOf: (id: number) => { bonus: number; miss: number },
  totals = { source: sourceAnchors.length, target: targetAnchors.length },
): AnchorModel {
  const paragraphs = totals.source + totals.target;
  const gain = new Float64Array(sourceFrequency.length);
  const miss = new Float64Array(sourceFrequency.length);
  gain.forEach((_, id) => {
    const rarity = Math.min(maximumRarity, Math.max(0.5, Math.log((paragraphs + 1) / (sourceFrequency[id]! + targetFrequency[id]! + 1))));
    const weight = weightOf(id);
    miss[id] = weight.miss;
    gain[id] = weight.bonus * rarity + 2 * weight.miss;
  });
  const missOf = (anchors: Int32Array[]) => Float64Array.from(anchors, (list) => list.reduce((sum, id) => sum + miss[id]!, 0));
  const chanceOf = (anchors: Int32Array[], otherFrequency: number[], otherCount: number) =>
    Float64Array.from(anchors, (list) =>
      list.reduce((sum, id) => sum + (gain[id]! * Math.min(1, otherFrequency[id]! / Math.max(1, otherCount))) / 2, 0),
    );
  return {
    source: sourceAnchors,
    target: targetAnchors,
    gain,
    sourceMiss: missOf(sourceAnchors),
    targetMiss: missOf(targetAnchors),
    sourceChance: chanceOf(sourceAnchors, targetFrequency, totals.target),
    targetChance: chanceOf(targetAnchors, sourceFrequency, totals.source),
    sourceNext: sharedWithNext(sourceAnchors),
    targetNext: sharedWithNext(targetAnchors),
  };
}

function sharedWithNext(anchors: Int32Array[]): Int32Array[] {
  return anchors.slice(0, -1).map((list, index) => {
    const next = new Set(anchors[index + 1]);
    return list.filter((id) => next.has(id));
  });
}

/** Whether a sorted list holds the id. */
function holds(list: Int32Array, id: number): boolean {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (list[middle]! < id) low = middle + 1;
    else if (list[middle]! > id) high = middle - 1;
    else return true;
  }
  return false;
}

/** What the anchors found in both sorted lists are worth. */
function sharedGain(model: AnchorModel, left: Int32Array, right: Int32Array): number {
  let gain = 0;
  // The anchors two neighbours share are few: looking each one up beats walking a whole paragraph's list.
  if (left.length * 4 < right.length) {
    for (let a = 0; a < left.length; a++) if (holds(right, left[a]!)) gain += model.gain[left[a]!]!;
    return gain;
  }
  if (right.length * 4 < left.length) {
    for (let b = 0; b < right.length; b++) if (holds(left, right[b]!)) gain += model.gain[right[b]!]!;
    return gain;
  }
  for (let a = 0, b = 0; a < left.length && b < right.length;) {
    if (left[a]! < right[b]!) a++;
    else if (left[a]! > right[b]!) b++;
    else {
      gain += model.gain[left[a]!]!;
      a++;
      b++;
    }
  }
  return gain;
}

/** What the anchors shared by source paragraph i and target paragraph j are worth. */
export function pairGain(model: AnchorModel, i: number, j: number): number {
  return sharedGain(model, model.source[i]!, model.target[j]!);
}

/** What the anchors that source paragraphs i and i + 1 both hold and target paragraph j holds too are worth. */
export function sourceRepeatGain(model: AnchorModel, i: number, j: number): number {
  return i < model.sourceNext.length ? sharedGain(model, model.sourceNext[i]!, model.target[j]!) : 0;
}

/** What the anchors that target paragraphs j and j + 1 both hold and source paragraph i holds too are worth. */
export function targetRepeatGain(model: AnchorModel, i: number, j: number): number {
  return j < model.targetNext.length ? sharedGain(model, model.source[i]!, model.targetNext[j]!) : 0;
}

/** Per anchor id, the target paragraphs that hold it and those that share it with their next one, in order. */
export type TargetIndex = { holding: Int32Array[]; sharedWithNext: Int32Array[] };

export function targetIndex(model: AnchorModel): TargetIndex {
  const postings = (lists: Int32Array[]) => {
    const counts = new Int32Array(model.gain.length);
    for (const list of lists) for (const id of list) counts[id]!++;
    const found = Array.from(counts, (count) => new Int32Array(count));
    counts.fill(0);
    lists.forEach((list, j) => {
      for (const id of list) found[id]![counts[id]!++] = j;
    });
    return found;
  };
  return { holding: postings(model.target), sharedWithNext: postings(model.targetNext) };
}

/**
 * pairGain, sourceRepeatGain and targetRepeatGain of every cell of a band over the grid shifted by
 * (i0, j0), at once: for each anchor of a source paragraph, the target paragraphs of its row that
 * hold it are looked up in the index, so the work is the matches found rather than, per cell, the
 * lengths of two lists. Sums are taken in the same order as sharedGain's, so the values are the same.
 */
export function bandGains(model: AnchorModel, index: TargetIndex, band: Band, i0: number, j0: number) {
  const pairs = new Float32Array(band.size);
  const sourceRepeats = new Float32Array(band.size);
  const targetRepeats = new Float32Array(band.size);
  const row = { pairs: new Float64Array(0), sourceRepeats: new Float64Array(0), targetRepeats: new Float64Array(0) };
  /** Adds the gain of each anchor in `anchors` to the row's cells whose target paragraph `postings` lists for it. */
  const add = (into: Float64Array, anchors: Int32Array, postings: Int32Array[], from: number, to: number) => {
    for (const id of anchors) {
      const holders = postings[id]!;
      let low = 0;
      let high = holders.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (holders[middle]! < from) low = middle + 1;
        else high = middle;
      }
      const gain = model.gain[id]!;
      for (let k = low; k < holders.length && holders[k]! <= to; k++) into[holders[k]! - from]! += gain;
    }
  };
  for (let i = 0; i < band.n && i0 + i < model.source.length; i++) {
    const lo = band.lo[i]!;
    const hi = Math.min(band.hi[i]!, band.m - 1);
    if (hi < lo) continue;
    const width = hi - lo + 1;
    if (row.pairs.length < width) {
      row.pairs = new Float64Array(width);
      row.sourceRepeats = new Float64Array(width);
      row.targetRepeats = new Float64Array(width);
    } else {
      row.pairs.fill(0, 0, width);
      row.sourceRepeats.fill(0, 0, width);
      row.targetRepeats.fill(0, 0, width);
    }
    const source = model.source[i0 + i]!;
    add(row.pairs, source, index.holding, j0 + lo, j0 + hi);
    if (i0 + i < model.sourceNext.length) add(row.sourceRepeats, model.sourceNext[i0 + i]!, index.holding, j0 + lo, j0 + hi);
    add(row.targetRepeats, source, index.sharedWithNext, j0 + lo, j0 + hi);
    const start = band.index(i, lo);
    for (let k = 0; k < width; k++) {
      pairs[start + k] = row.pairs[k]!;
      sourceRepeats[start + k] = row.sourceRepeats[k]!;
      targetRepeats[start + k] = row.targetRepeats[k]!;
    }
  }
  return { pairs, sourceRepeats, targetRepeats };
}

type RepeatGain = (i: number, j: number) => number;

/**
 * In a bead of two paragraphs on a side, an anchor that both of them hold
 * (a ";" ending every item of a list, a list marker, a common word) is
 * found by the pair gains of each against the other side, so summing them
 * counts one match twice and makes merging look better than it is. This is
 * the surplus: the bead's pair gains minus what its anchors are worth when
 * each one is matched at most once. The repeat gains may come from a cache.
 */
export function doubleCountedGain(
  model: AnchorModel,
  i: number,
  sourceCount: number,
  j: number,
  targetCount: number,
  sourceRepeat: RepeatGain = (a, b) => sourceRepeatGain(model, a, b),
  targetRepeat: RepeatGain = (a, b) => targetRepeatGain(model, a, b),
): number {
  let surplus = 0;
  // In a run of three, each neighbouring pair's shared anchors are counted once too many.
  for (let a = i; a < i + sourceCount - 1; a++) for (let b = j; b < j + targetCount; b++) surplus += sourceRepeat(a, b);
  for (let b = j; b < j + targetCount - 1; b++) for (let a = i; a < i + sourceCount; a++) surplus += targetRepeat(a, b);
  if (sourceCount === 2 && targetCount === 2) surplus -= 2 * sharedGain(model, model.sourceNext[i]!, model.targetNext[j]!);
  return surplus;
}
