import * as snowball from "snowball-stemmers";
import type { Bead } from "./banded";

/**
 * Word evidence learned from the texts being aligned (Moore 2002, hunalign's
 * second pass): the confident one-to-one beads of a first alignment show
 * which source words travel with which target words; those pairs then count
 * as anchors in the next pass, where they tell apart neighbouring paragraphs
 * that length, numbers and names cannot.
 */

/** Snowball's stemmers by the primary subtag of a BCP 47 tag. */
const snowballAlgorithms: Record<string, string> = {
  ar: "arabic",
  ca: "catalan",
  cs: "czech",
  da: "danish",
  de: "german",
  en: "english",
  es: "spanish",
  eu: "basque",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hu: "hungarian",
  hy: "armenian",
  it: "italian",
  nb: "norwegian",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sl: "slovene",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
};

/** Without a stemmer (language unknown or not covered), a word's first letters stand for its stem. */
const PREFIX_STEM = 6;

/** A language tag's primary subtag, lower-cased: `en` of `en-GB`, `ru` of `ru-revised`. */
export function primarySubtag(language: string): string {
  return language.toLowerCase().split("-")[0]!;
}

/** A word's stem in the language given, lower-cased. */
export function stemmerFor(language?: string): (word: string) => string {
  const algorithm = language ? snowballAlgorithms[primarySubtag(language)] : undefined;
  const stemmer = algorithm ? snowball.newStemmer(algorithm) : undefined;
  return (word) => (stemmer ? stemmer.stem(word.toLowerCase()) : word.toLowerCase().slice(0, PREFIX_STEM));
}

/** Words of three letters or more: shorter ones are mostly function words, no evidence of which paragraph is which. */
const WORD = /[\p{L}\p{M}]{3,}/gu;

/**
 * A paragraph's distinct word stems, sorted: what a row a person confirmed
 * teaches (stored per language pair, LearnedRow), in the form paragraphWords gives ids to.
 */
export function paragraphStems(text: string, language: string): string[] {
  const stem = stemmerFor(language);
  return [...new Set((text.match(WORD) ?? []).map(stem))].sort();
}

/**
 * Each paragraph as the sorted, distinct ids of the stems of its words of three letters or more
 * (shorter ones are mostly function words, no evidence of which paragraph is which); ids are per side.
 */
export function paragraphWords(
  texts: string[],
  language?: string,
): { words: Int32Array[]; stemIds: Map<string, number>; wordIds: Map<string, number> } {
  const stem = stemmerFor(language);
  const stemIds = new Map<string, number>();
  // Word as written → id of its stem: most words of a long text have been seen before.
  const ids = new Map<string, number>();
  const words = texts.map((text) => {
    const found = new Set<number>();
    for (const word of text.match(WORD) ?? []) {
      let id = ids.get(word);
      if (id === undefined) {
        const key = stem(word);
        id = stemIds.get(key);
        if (id === undefined) {
          id = stemIds.size;
          stemIds.set(key, id);
        }
        ids.set(word, id);
      }
      found.add(id);
    }
    return Int32Array.from(found).sort();
  });
  return { words, stemIds, wordIds: ids };
}

export type LexiconOptions = {
  /** Beads scored below this are not trusted to teach anything. */
  minimumScore: number;
  /** Dice coefficient a pair of words needs to count as a translation. */
  minimumDice: number;
};

/** At most this many beads are learned from: more add little, and counting pairs grows with them. */
const MAXIMUM_TRAINING_BEADS = 1000;
/** Words in more than this share of the training beads ("the", "это") are left out: they pair with everything. */
const MAXIMUM_SHARE = 0.25;

/**
 * Word concepts learned from an alignment: pairs of a source and a target
 * word that occur together in at least two confident 1:1 beads, and whose
 * Dice coefficient (shared beads over beads of either) is high, joined into
 * groups (a word's forms that stem apart, or synonyms, end up in one). Each
 * paragraph is returned as the sorted, distinct concepts its words belong to.
 * `learned`: word ids of paragraph pairs people confirmed (in any document of
 * the language pair), counted as further training beads.
 */
export function learnConcepts(
  source: Int32Array[],
  target: Int32Array[],
  beads: Bead[],
  options: LexiconOptions,
  learned: Array<[Int32Array, Int32Array]> = [],
): { source: Int32Array[]; target: Int32Array[]; concepts: number; conceptOf: (word: number, side: 0 | 1) => number } {
  // Only one-to-one beads teach: a merged side would pair every word of two paragraphs with the other side.
  const confident = beads.filter((bead) => bead.source.length === 1 && bead.target.length === 1 && bead.score >= options.minimumScore);
  const step = Math.max(1, confident.length / MAXIMUM_TRAINING_BEADS);
  const training: Array<[Int32Array, Int32Array]> = [];
  for (let k = 0; k < confident.length; k += step) {
    const bead = confident[Math.floor(k)]!;
    training.push([source[bead.source[0]!]!, target[bead.target[0]!]!]);
  }
  // Rows people confirmed elsewhere teach like confident beads of this text.
  training.push(...learned);
  const sourceCount = new Map<number, number>();
  const targetCount = new Map<number, number>();
  for (const [sourceBag, targetBag] of training) {
    for (const word of sourceBag) sourceCount.set(word, (sourceCount.get(word) ?? 0) + 1);
    for (const word of targetBag) targetCount.set(word, (targetCount.get(word) ?? 0) + 1);
  }
  const ceiling = Math.max(2, MAXIMUM_SHARE * training.length);
  const useful = (count: number | undefined) => count !== undefined && count >= 2 && count <= ceiling;
  // Pairs as one number: source word × target vocabulary bound + target word.
  const bound = 1 + Math.max(0, ...targetCount.keys());
  const together = new Map<number, number>();
  for (const [sourceBag, targetBag] of training) {
    const targetWords = targetBag.filter((word) => useful(targetCount.get(word)));
    for (const s of sourceBag) {
      if (!useful(sourceCount.get(s))) continue;
      for (const t of targetWords) together.set(s * bound + t, (together.get(s * bound + t) ?? 0) + 1);
    }
  }
  // Keep a pair when it is the best of its source word or of its target word.
  const bestOfSource = new Map<number, number>();
  const bestOfTarget = new Map<number, number>();
  const dice = new Map<number, number>();
  for (const [pair, count] of together) {
    if (count < 2) continue;
    const s = Math.floor(pair / bound);
    const t = pair % bound;
    const score = (2 * count) / (sourceCount.get(s)! + targetCount.get(t)!);
    if (score < options.minimumDice) continue;
    dice.set(pair, score);
    if (score > (bestOfSource.get(s) ?? 0)) bestOfSource.set(s, score);
    if (score > (bestOfTarget.get(t) ?? 0)) bestOfTarget.set(t, score);
  }
  // Union-find over source words (even ids) and target words (odd ids).
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const [pair, score] of dice) {
    const s = Math.floor(pair / bound);
    const t = pair % bound;
    if (score < bestOfSource.get(s)! && score < bestOfTarget.get(t)!) continue;
    const a = find(2 * s);
    const b = find(2 * t + 1);
    if (a !== b) parent.set(a, b);
  }
  const conceptOf = new Map<number, number>();
  const concept = (node: number) => {
    if (!parent.has(node)) return -1;
    const root = find(node);
    let id = conceptOf.get(root);
    if (id === undefined) {
      id = conceptOf.size;
      conceptOf.set(root, id);
    }
    return id;
  };
  const concepts = (paragraphs: Int32Array[], side: 0 | 1) =>
    paragraphs.map((words) => {
      const found = new Set<number>();
      for (const word of words) {
        const id = concept(2 * word + side);
        if (id >= 0) found.add(id);
      }
      return Int32Array.from(found).sort();
    });
  const sourceConcepts = concepts(source, 0);
  const targetConcepts = concepts(target, 1);
  return {
    source: sourceConcepts,
    target: targetConcepts,
    concepts: conceptOf.size,
    conceptOf: (word, side) => (parent.has(2 * word + side) ? (conceptOf.get(find(2 * word + side)) ?? -1) : -1),
  };
}

/** The sorted, distinct ids (paragraphWords' `wordIds`) of a piece of text's words of three letters or more that the map holds. */
export function wordIdsOf(text: string, wordIds: Map<string, number>): Int32Array {
  const found = new Set<number>();
  for (const word of text.match(WORD) ?? []) {
    const id = wordIds.get(word);
    if (id !== undefined) found.add(id);
  }
  return Int32Array.from(found).sort();
}
