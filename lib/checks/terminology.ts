/**
 * Terminology: glossary terms found in a text by their word stems (so
 * "особо тяжкие преступления" is found in "особо тяжких преступлений", and
 * "crime" in "crimes"), and the check that a translation uses a term's
 * agreed translation where its original has the term, and no forbidden
 * variant anywhere. Pure and browser-safe: the workbench highlights terms
 * in the original with the same matching.
 */
import { primarySubtag, stemmerFor } from "../align/words";
import type { Check } from "./text";

/** A glossary term as the checks and the workbench see it: its wordings per language (BCP 47 tag → texts). */
export interface GlossaryTerm {
  id: number;
  /** Agreed wordings per language; the first of a language is the preferred one. */
  translations: Record<string, string[]>;
  /** Wordings that must not be used, per language. */
  forbidden: Record<string, string[]>;
  note: string;
}

/** A word of a text: its stem and where it stands (UTF-16 offsets). */
interface Word {
  stem: string;
  start: number;
  end: number;
}

/** One wording of a term, as the stems of its words. */
interface Pattern {
  term: GlossaryTerm;
  text: string;
  stems: string[];
}

/** A language's wordings of one kind, by the stem of their first word: where a text's word can start one. */
type Patterns = Map<string, Pattern[]>;

/** Words: letters, marks and digits; hyphens and apostrophes separate them, alike in terms and texts. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Stemmers and the stems of words already seen, per language: a document repeats most of its words. */
const stemCaches = new Map<string, { stem: (word: string) => string; seen: Map<string, string> }>();
/** Words remembered per language before the memory starts over. */
const STEMS_REMEMBERED = 100_000;

function stemOf(language: string): (word: string) => string {
  let cache = stemCaches.get(language);
  if (!cache) {
    cache = { stem: stemmerFor(language), seen: new Map() };
    stemCaches.set(language, cache);
  }
  const { stem, seen } = cache;
  return (word) => {
    let found = seen.get(word);
    if (found === undefined) {
      if (seen.size >= STEMS_REMEMBERED) seen.clear();
      found = stem(word);
      seen.set(word, found);
    }
    return found;
  };
}

/** A word's first two letters, lower-cased, ё as е: what a word and its inflections share (Snowball only strips endings). */
const prefixOf = (word: string) => {
  const prefix = word.slice(0, 2).toLowerCase();
  return prefix.includes("ё") ? prefix.replace(/ё/g, "е") : prefix;
};

/** A text's words, each with the stem `stem` gives it. */
function wordsOf(text: string, stem: (word: string) => string): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    words.push({ stem: stem(match[0]), start: match.index, end: match.index + match[0].length });
  }
  return words;
}

/**
 * A term's wordings for a document's language: those of exactly its tag, or
 * when there are none those of its primary language (a glossary's "en"
 * serves an "en-GB" column, and its "pt-BR" a "pt" one).
 */
export function wordingsFor(wordings: Record<string, string[]>, language: string): string[] {
  const exact = Object.entries(wordings).find(([tag]) => tag.toLowerCase() === language.toLowerCase());
  if (exact) return exact[1];
  const base = primarySubtag(language);
  return Object.entries(wordings)
    .filter(([tag]) => primarySubtag(tag) === base)
    .flatMap(([, texts]) => texts);
}

/**
 * A glossary made ready for matching: per language of the documents it
 * serves, each term's agreed and forbidden wordings as stems, built once
 * per check of a document.
 */
export class TermIndex {
  private readonly agreed = new Map<string, Patterns>();
  private readonly banned = new Map<string, Patterns>();
  /** Per language: a word as written → its stem, or "" for a word no wording of the glossary can start like. */
  private readonly stems = new Map<string, { stem: (word: string) => string; seen: Map<string, string> }>();

  constructor(readonly terms: readonly GlossaryTerm[]) {}

  get isEmpty(): boolean {
    return this.terms.length === 0;
  }

  /** Each term's agreed wordings in this language, as stems. */
  patterns(language: string): Patterns {
    return this.patternsOf(this.agreed, language, (term) => term.translations);
  }

  /** Each term's forbidden wordings in this language, as stems. */
  forbiddenPatterns(language: string): Patterns {
    return this.patternsOf(this.banned, language, (term) => term.forbidden);
  }

  /**
   * A text's words with their stems. A word that starts otherwise than
   * every word of the glossary's wordings in this language cannot be part
   * of a term and is not stemmed (its stem is left empty): stemming is most
   * of the check's cost.
   */
  words(text: string, language: string): Word[] {
    let memo = this.stems.get(language);
    if (!memo) {
      const prefixes = new Set<string>();
      for (const term of this.terms) {
        for (const wording of [...wordingsFor(term.translations, language), ...wordingsFor(term.forbidden, language)]) {
          for (const [word] of wording.matchAll(WORD)) prefixes.add(prefixOf(word));
        }
      }
      const stem = stemOf(language);
      const seen = new Map<string, string>();
      memo = {
        seen,
        stem: (word) => {
          let found = seen.get(word);
          if (found === undefined) {
            if (seen.size >= STEMS_REMEMBERED) seen.clear();
            found = prefixes.has(prefixOf(word)) ? stem(word) : "";
            seen.set(word, found);
          }
          return found;
        },
      };
      this.stems.set(language, memo);
    }
    return wordsOf(text, memo.stem);
  }

  /** The agreed wordings in a text; the last text's are kept, as each translation of a row asks for its original's. */
  termsIn(text: string, language: string): TermMatch[] {
    if (this.last?.text !== text || this.last.language !== language) {
      this.last = { text, language, matches: matchesIn(this.words(text, language), this.patterns(language)) };
    }
    return this.last.matches;
  }

  private last?: { text: string; language: string; matches: TermMatch[] };

  private patternsOf(cache: Map<string, Patterns>, language: string, of: (term: GlossaryTerm) => Record<string, string[]>) {
    let patterns = cache.get(language);
    if (!patterns) {
      patterns = new Map();
      for (const term of this.terms) {
        for (const text of wordingsFor(of(term), language)) {
          const stems = wordsOf(text, stemOf(language)).map((word) => word.stem);
          if (!stems.length) continue;
          const list = patterns.get(stems[0]!);
          if (list) list.push({ term, text, stems });
          else patterns.set(stems[0]!, [{ term, text, stems }]);
        }
      }
      cache.set(language, patterns);
    }
    return patterns;
  }
}

/** A wording of a term found in a text: where, and which. */
export interface TermMatch {
  start: number;
  end: number;
  term: GlossaryTerm;
  /** The glossary's wording that matched (not the text's inflected form). */
  wording: string;
}

/** Where the patterns occur in the words: every occurrence, its words in a row with the same stems. */
function matchesIn(words: Word[], byFirstStem: Patterns): TermMatch[] {
  if (!byFirstStem.size || !words.length) return [];
  const found: TermMatch[] = [];
  words.forEach((word, index) => {
    for (const pattern of byFirstStem.get(word.stem) ?? []) {
      const last = index + pattern.stems.length - 1;
      if (last >= words.length) continue;
      if (pattern.stems.every((stem, offset) => words[index + offset]!.stem === stem)) {
        found.push({ start: word.start, end: words[last]!.end, term: pattern.term, wording: pattern.text });
      }
    }
  });
  return found;
}

/**
 * The terms of a glossary in a text, for highlighting: each stretch once,
 * the longest wording where two overlap ("Ministry of Internal Affairs"
 * over "Ministry"), in text order.
 */
export function findTerms(text: string, language: string, index: TermIndex): TermMatch[] {
  if (index.isEmpty || !text) return [];
  const all = matchesIn(index.words(text, language), index.patterns(language));
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TermMatch[] = [];
  for (const match of all) if (!kept.length || match.start >= kept.at(-1)!.end) kept.push(match);
  return kept;
}

/** How the expected translations read in a message: "A" or "A / B". */
const alternatives = (texts: string[]) => texts.join(" / ");

/** The checks once each: a term in both the document's and the shared glossary, or twice in a text, is one finding. */
function once(checks: Check[]): Check[] {
  const seen = new Set<string>();
  return checks.filter((check) => {
    const key = `${check.message}:${JSON.stringify(check.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Forbidden variants used in a text: an error each, naming the agreed wording when the term has one. */
function forbiddenChecks(words: Word[], language: string, index: TermIndex): Check[] {
  return matchesIn(words, index.forbiddenPatterns(language)).map((match): Check => {
    const agreed = wordingsFor(match.term.translations, language);
    return {
      kind: "terminology",
      severity: "error",
      message: agreed.length ? "termForbidden" : "termForbiddenNoAlternative",
      params: { variant: match.wording, expected: alternatives(agreed) },
    };
  });
}

/**
 * The terminology checks of one cell. An original is checked for forbidden
 * variants only; a translation also for each term its original has whose
 * agreed translation in this language it lacks (any of the agreed wordings
 * will do, in any inflection).
 */
export function terminologyChecks(
  cell: { text: string; language: string; original?: { text: string; language: string } },
  index: TermIndex | undefined,
): Check[] {
  if (!index || index.isEmpty || !cell.text.trim()) return [];
  const { original, language } = cell;
  const forbidden = index.forbiddenPatterns(language);
  // The original's terms that ask something of this language (most rows have none: then the translation is not even read).
  const asked =
    original?.text.trim() && index.patterns(language).size
      ? index.termsIn(original.text, original.language).filter((match) => wordingsFor(match.term.translations, language).length)
      : [];
  if (!forbidden.size && !asked.length) return [];
  const words = index.words(cell.text, language);
  const checks = forbiddenChecks(words, language, index);
  if (asked.length) {
    const present = new Set(matchesIn(words, index.patterns(language)).map((match) => match.term.id));
    for (const { term, wording } of asked) {
      if (present.has(term.id)) continue;
      const expected = wordingsFor(term.translations, language);
      checks.push({
        kind: "terminology",
        severity: "warning",
        message: "termMissing",
        params: { term: wording, expected: alternatives(expected) },
      });
    }
  }
  return once(checks);
}
