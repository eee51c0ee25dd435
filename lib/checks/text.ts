/**
 * Checks of one translation against the original of its row, and of any
 * text on its own (spaces, repeated words, Russian typography). Pure
 * functions: the document-level ones (length, inconsistency) are in
 * document.ts and call these.
 */
import { extractNumbers } from "../align/numbers";

export const CHECK_KINDS = [
  "empty",
  "untranslated",
  "numbers",
  "length",
  "punctuation",
  "brackets",
  "quotes",
  "spaces",
  "repeated-word",
  "urls",
  "emails",
  "markup",
  "inconsistent",
  "typography",
  "terminology",
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A failing check: its message is the key `checks.messages.<message>` of the locale files, filled with params. */
export interface Check {
  kind: CheckKind;
  severity: Severity;
  message: string;
  params: Record<string, string | number>;
  /** The other rows a document-level check names (0-based, in the checked rows), so a stored check can name them by row id. */
  rows?: number[];
}

export interface Pair {
  original: string;
  originalLanguage: string;
  translation: string;
  language: string;
}

const fail = (kind: CheckKind, severity: Severity, message: string, params: Record<string, string | number> = {}): Check => ({
  kind,
  severity,
  message,
  params,
});

const baseOf = (code: string) => code.toLowerCase().split("-")[0]!;
const hasLetters = (text: string) => /\p{L}/u.test(text);

/** Each value of `from` not in `of`, as many times as it is missing. */
function missingFrom(from: string[], of: string[]): string[] {
  const left = new Map<string, number>();
  for (const value of of) left.set(value, (left.get(value) ?? 0) + 1);
  return from.filter((value) => {
    const count = left.get(value) ?? 0;
    if (count) left.set(value, count - 1);
    return !count;
  });
}

const list = (values: string[]) => [...new Set(values)].join(", ");

/**
 * Figures compared as sets: a date written "03.03.2021" in one language and
 * "March 3, 2021" in the other names 3 twice in one and once in the other,
 * and neither is wrong.
 */
function numbersCheck({ original, translation }: Pair): Check[] {
  const inOriginal = [...new Set(extractNumbers(original))];
  const inTranslation = [...new Set(extractNumbers(translation))];
  const missing = missingFrom(inOriginal, inTranslation);
  const extra = missingFrom(inTranslation, inOriginal);
  if (missing.length && extra.length)
    return [fail("numbers", "error", "numbersDiffer", { original: list(missing), translation: list(extra) })];
  if (missing.length) return [fail("numbers", "error", "numbersMissing", { original: list(missing) })];
  if (extra.length) return [fail("numbers", "error", "numbersExtra", { translation: list(extra) })];
  return [];
}

/** The script most of a text's letters are in, when it is Cyrillic or Latin. */
function scriptOf(text: string): "cyrillic" | "latin" | undefined {
  // Code ranges rather than \p{Script=…}: the same answer for these two scripts, several times faster.
  let cyrillic = 0;
  let latin = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x400 && code <= 0x52f) cyrillic++;
    else if (
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)
    )
      latin++;
  }
  if (cyrillic + latin < 4) return undefined;
  if (cyrillic > 2 * latin) return "cyrillic";
  if (latin > 2 * cyrillic) return "latin";
  return undefined;
}

// Languages whose writing is certain enough to say a text is not in it; the others are not judged by script.
const CYRILLIC_LANGUAGES = new Set(["ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn"]);
const LATIN_LANGUAGES = new Set([
  "en",
  "fr",
  "de",
  "es",
  "it",
  "pt",
  "nl",
  "pl",
  "cs",
  "sk",
  "sv",
  "da",
  "no",
  "nb",
  "fi",
  "et",
  "lv",
  "lt",
  "ro",
  "hu",
  "tr",
  "hr",
  "sl",
  "id",
  "vi",
]);
const scriptOfLanguage = (code: string) =>
  CYRILLIC_LANGUAGES.has(baseOf(code)) ? "cyrillic" : LATIN_LANGUAGES.has(baseOf(code)) ? "latin" : undefined;

function untranslatedCheck({ original, originalLanguage, translation, language }: Pair): Check[] {
  if (!hasLetters(original) || !translation.trim()) return [];
  if (translation.trim() === original.trim() && baseOf(language) !== baseOf(originalLanguage)) {
    return [fail("untranslated", "warning", "sameAsOriginal")];
  }
  const expected = scriptOfLanguage(language);
  const written = scriptOf(wordsOnly(translation));
  if (expected && written && written !== expected && written === scriptOf(wordsOnly(original))) {
    return [fail("untranslated", "error", "originalScript")];
  }
  return [];
}

const TERMINAL = /[.!?…]$/;
/** The text's last mark, past closing quotes and brackets. */
const lastMark = (text: string) =>
  text
    .trim()
    .replace(/[\s»"”“’)\]]+$/u, "")
    .slice(-1);

function punctuationCheck({ original, translation }: Pair): Check[] {
  const [was, is] = [lastMark(original), lastMark(translation)];
  if (!was || !is || was === is) return [];
  if (was === "?" || is === "?") return [fail("punctuation", "warning", "endQuestion", { original: was, translation: is })];
  // A Russian address ends with "!" where the English one ends with a comma: only a full stop against "!" is a difference.
  if ((was === "!" && is === ".") || (was === "." && is === "!")) {
    return [fail("punctuation", "info", "endExclamation", { original: was, translation: is })];
  }
  if (TERMINAL.test(was) !== TERMINAL.test(is) && /[\p{L}\p{N}]/u.test(TERMINAL.test(was) ? is : was)) {
    return [fail("punctuation", "info", "endMark", { original: was, translation: is })];
  }
  return [];
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;
const BRACKETS: Array<[string, string]> = [
  ["(", ")"],
  ["[", "]"],
  ["{", "}"],
];
const bracketsBalanced = (text: string) => BRACKETS.every(([open, close]) => text.split(open).length === text.split(close).length);
/**
 * « » as many as each other, and the double quotes („ “ ” ") an even number:
 * „…“, “…” and "…" all pair up so, whichever convention a language uses.
 */
const quotesBalanced = (text: string) => count(text, /«/g) === count(text, /»/g) && count(text, /[„“”"]/g) % 2 === 0;

function balanceChecks({ original, translation }: Pair): Check[] {
  const checks: Check[] = [];
  if (bracketsBalanced(original) && !bracketsBalanced(translation)) checks.push(fail("brackets", "warning", "bracketsUnbalanced"));
  if (quotesBalanced(original) && !quotesBalanced(translation)) checks.push(fail("quotes", "warning", "quotesUnbalanced"));
  return checks;
}

const URL = /\bhttps?:\/\/[^\s<>«»"“”]+[^\s<>«»"“”.,;:!?)]/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const TAG = /<\/?([a-z][\w:-]*)[^<>]*>|\{\{?\s*[\w.]+\s*\}?\}|%(?:\d+\$)?[sd]/gi;

/** A text without its links, addresses and markup, which are in Latin letters whatever the language. */
const wordsOnly = (text: string) => findAll(TAG, findAll(EMAIL, findAll(URL, text, true), true), true);

/**
 * The text's matches of a pattern, or the text without them; the patterns
 * are tried only where their telling character is (most texts have no "@"
 * and no "://"), which keeps 30,000 cells to milliseconds.
 */
function findAll(pattern: RegExp, text: string, remove: true): string;
function findAll(pattern: RegExp, text: string): string[];
function findAll(pattern: RegExp, text: string, remove = false): string | string[] {
  const telling = pattern === URL ? "://" : pattern === EMAIL ? "@" : /[<{%]/.test(text) ? "" : undefined;
  if (telling === undefined || !text.includes(telling)) return remove ? text : [];
  return remove ? text.replace(pattern, "") : (text.match(pattern) ?? []);
}

function sameThings(kind: CheckKind, pattern: RegExp, { original, translation }: Pair): Check[] {
  const found = (text: string) => findAll(pattern, text).map((thing) => (kind === "markup" ? thing.replace(/\s+[^>]*>/, ">") : thing));
  const [inOriginal, inTranslation] = [found(original), found(translation)];
  const missing = missingFrom(inOriginal, inTranslation);
  const extra = missingFrom(inTranslation, inOriginal);
  if (!missing.length && !extra.length) return [];
  return [
    fail(kind, kind === "markup" ? "warning" : "error", "thingsDiffer", {
      original: list(missing) || "—",
      translation: list(extra) || "—",
    }),
  ];
}

/** The first word said twice in a row, with only spaces between ("must must"), if any. */
function repeatedWord(text: string): string | undefined {
  // Splitting on spaces alone is several times faster than a Unicode word pattern; a mark glued to either word ("must, must") keeps them apart, as it should.
  const tokens = text.split(/\s+/);
  for (let index = 1; index < tokens.length; index++) {
    const [before, word] = [tokens[index - 1]!, tokens[index]!];
    if (word.length === before.length && word.toLowerCase() === before.toLowerCase() && /^\p{L}+$/u.test(word)) return word;
  }
  return undefined;
}

/** Checks of one text whatever its role: doubled and stray spaces, a word said twice, Russian typography. */
export function checkText(text: string, language: string): Check[] {
  const checks: Check[] = [];
  if (/\S {2,}\S/u.test(text)) checks.push(fail("spaces", "warning", "doubledSpace"));
  // French puts a space before ; : ! ? — there it is the rule, not a slip.
  else if (baseOf(language) !== "fr" && /[\p{L}\p{N}] +[,.;:!?](?!\.)/u.test(text))
    checks.push(fail("spaces", "warning", "spaceBeforeMark"));
  else if (/^[ \t]|[ \t]$/m.test(text)) checks.push(fail("spaces", "info", "strayEdgeSpace"));
  const repeated = repeatedWord(text);
  if (repeated) checks.push(fail("repeated-word", "warning", "repeatedWord", { word: repeated }));
  if (baseOf(language) === "ru") checks.push(...typographyChecks(text));
  return checks;
}

/**
 * Russian typography: a number and the unit or word it counts ("21,3 млрд",
 * "5 %"), and a one-letter preposition or conjunction and the next word,
 * are joined by a non-breaking space so a line never breaks between them.
 */
function typographyChecks(text: string): Check[] {
  const checks: Check[] = [];
  const unit = /(?<![\d.,])\d+(?:[.,]\d+)? +(?:%|[а-яё]+)/u.exec(text);
  if (unit) checks.push(fail("typography", "info", "spaceBeforeUnit", { text: unit[0] }));
  const preposition = /(?<![\p{L}\p{N}])([вксуоиаяВКСУОИАЯ]) +(?=\S)/u.exec(text);
  if (preposition) checks.push(fail("typography", "info", "spaceAfterShortWord", { word: preposition[1]! }));
  return checks;
}

/** Every check of one translation against its original that needs nothing else of the document. */
export function checkPair(pair: Pair): Check[] {
  if (!pair.translation.trim()) return pair.original.trim() ? [fail("empty", "warning", "empty")] : [];
  if (!pair.original.trim()) return [];
  return [
    ...untranslatedCheck(pair),
    ...numbersCheck(pair),
    ...punctuationCheck(pair),
    ...balanceChecks(pair),
    ...sameThings("urls", URL, pair),
    ...sameThings("emails", EMAIL, pair),
    ...sameThings("markup", TAG, pair),
  ];
}
