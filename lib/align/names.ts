import { transliterate } from "../transliteration";

/**
 * Proper names across scripts: a name is reduced to a rough Latin spelling
 * key (Cyrillic transliterated, accents dropped, spelling habits of English,
 * French and Spanish folded together), and two keys match when their
 * character trigrams are similar enough. So "Колокольцев", "Kolokoltsev" and
 * "Kolokóltsev" share a key, and "Путин" matches "Poutine".
 */

/** Spelling variants that stand for the same sound in the languages we meet, longest first. */
const foldings: Array<[RegExp, string]> = [
  [/shch|sch/g, "sh"],
  [/tch/g, "ch"],
  [/zh/g, "j"],
  [/kh/g, "h"],
  [/ou/g, "u"],
  [/ph/g, "f"],
  [/ck|q|c(?!h)/g, "k"],
  [/x/g, "ks"],
  [/w/g, "v"],
  [/y/g, "i"],
  [/(.)\1+/g, "$1"],
  [/(.{4,})e$/, "$1"],
];

/** The rough Latin key of a word, in lower case, letters only. */
export function nameKey(word: string): string {
  let key = transliterate(word)
    .normalize("NFD")
    .replace(/[^a-z]/g, "");
  for (const [pattern, replacement] of foldings) key = key.replace(pattern, replacement);
  return key;
}

export function trigrams(key: string): string[] {
  const padded = ` ${key} `;
  const grams: string[] = [];
  for (let index = 0; index + 3 <= padded.length; index++) grams.push(padded.slice(index, index + 3));
  return grams;
}

/** Dice coefficient of two trigram lists (as multisets). */
export function trigramDice(left: string[], right: string[]): number {
  if (!left.length || !right.length) return 0;
  const counts = new Map<string, number>();
  for (const gram of left) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of right) {
    const count = counts.get(gram);
    if (count) {
      shared++;
      counts.set(gram, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

/** nameKey with a memory, for the many repeated words of a long text. */
export function memoizedNameKey(): (word: string) => string {
  const keys = new Map<string, string>();
  return (word) => {
    let key = keys.get(word);
    if (key === undefined) {
      key = nameKey(word);
      keys.set(word, key);
    }
    return key;
  };
}

const COGNATE_PREFIX = 5;

/**
 * The words of a text that can anchor an alignment, as rough Latin keys:
 * names (capitalised words and acronyms, in any script) and cognates (the
 * first letters of every longer word, so that "коронавирус" and
 * "coronavirus", or "статистика" and "statistiques", meet; words that merely
 * look alike add noise, which rarity weighting keeps small).
 */
export function wordAnchors(text: string, key: (word: string) => string = nameKey): { names: string[]; cognates: string[] } {
  const names: string[] = [];
  const cognates = new Set<string>();
  for (const word of text.match(/[\p{L}\p{M}]{2,}/gu) ?? []) {
    const wordKey = key(word);
    if (word[0] !== word[0]!.toLowerCase() && wordKey.length >= 2) names.push(wordKey);
    if (wordKey.length > COGNATE_PREFIX) cognates.add(wordKey.slice(0, COGNATE_PREFIX));
  }
  return { names, cognates: [...cognates] };
}

export const NAME_SIMILARITY = 0.5;

/**
 * For every key of `from`, the most similar key of `to` if it is similar
 * enough, else the key itself; found through a trigram index so that large
 * vocabularies are not compared pair by pair.
 */
export function matchNames(from: Iterable<string>, to: Iterable<string>): Map<string, string> {
  const targets = [...new Set(to)];
  const targetGrams = targets.map(trigrams);
  const index = new Map<string, number[]>();
  targetGrams.forEach((grams, position) => {
    for (const gram of new Set(grams)) {
      const list = index.get(gram);
      if (list) list.push(position);
      else index.set(gram, [position]);
    }
  });
  const matches = new Map<string, string>();
  for (const key of new Set(from)) {
    const grams = trigrams(key);
    const candidates = new Set<number>();
    for (const gram of new Set(grams)) for (const position of index.get(gram) ?? []) candidates.add(position);
    let best = key;
    let bestSimilarity = NAME_SIMILARITY;
    for (const position of candidates) {
      const similarity = trigramDice(grams, targetGrams[position]!);
      if (similarity >= bestSimilarity) {
        bestSimilarity = similarity;
        best = targets[position]!;
      }
    }
    matches.set(key, best);
  }
  return matches;
}
