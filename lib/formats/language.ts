/**
 * Guesses the language of a text from its script and, within Cyrillic and
 * Latin, from frequent short words and letters only some languages use.
 * Returns null when the text is too short or the evidence is not clear.
 */
export function suggestLanguage(text: string): string | null {
  const sample = text.slice(0, SAMPLE_CHARACTERS).toLowerCase();
  const letters = sample.match(/\p{L}/gu) ?? [];
  if (letters.length < MIN_LETTERS) return null;
  const scripts = countScripts(letters);
  const [dominant, count] = [...scripts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  if (count < letters.length * 0.7) return null;
  if (dominant === "Cyrillic") return byWords(sample, CYRILLIC_PROFILES);
  if (dominant === "Latin") return byWords(sample, LATIN_PROFILES);
  if (dominant === "Arabic") return /[پچژگ]/.test(sample) ? "fa" : "ar";
  if (dominant === "Han") return kana(sample) ? "ja" : "zh";
  return SINGLE_LANGUAGE_SCRIPTS[dominant] ?? null;
}

const SAMPLE_CHARACTERS = 20_000;
const MIN_LETTERS = 20;
const MIN_WORDS = 4;

const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Armenian", "Georgian", "Han", "Hangul", "Thai", "Devanagari"] as const;
type Script = (typeof SCRIPTS)[number];
/** Japanese mixes kanji and kana in every sentence, so kana count as Han here and decide Japanese afterwards. */
const SCRIPT_PATTERNS = SCRIPTS.map(
  (script) =>
    [
      script,
      new RegExp(script === "Han" ? "[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]" : `\\p{Script=${script}}`, "u"),
    ] as const,
);

function kana(text: string): boolean {
  return /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);
}

const SINGLE_LANGUAGE_SCRIPTS: Partial<Record<Script, string>> = {
  Greek: "el",
  Hebrew: "he",
  Armenian: "hy",
  Georgian: "ka",
  Hangul: "ko",
  Thai: "th",
  Devanagari: "hi",
};

function countScripts(letters: string[]): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const letter of letters) {
    const script = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(letter))?.[0];
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  if (counts.size === 0) counts.set("Latin", 0);
  return counts;
}

type Profile = {
  code: string;
  /** Frequent short words, each counted once per occurrence. */
  words: string;
  /** Letters characteristic of the language: each occurrence counts like a word. */
  letters?: string;
  /** Letters the language does not use: each occurrence counts against it. */
  foreign?: string;
};

const CYRILLIC_PROFILES: Profile[] = [
  {
    code: "ru",
    words:
      "и в не на что я с он как это по но его к из у за от же так все она для мы о было быть бы ты они был только еще уже когда если или мне",
    letters: "ыэъё",
    foreign: "іїєґўђјљњћџ",
  },
  {
    code: "uk",
    words:
      "і й в не на що я з він як це та але до його у за від же так все вона для ми про було бути б ти вони був тільки ще вже коли якщо або мені",
    letters: "іїєґ",
    foreign: "ыэъёўђјљњћџ",
  },
  {
    code: "be",
    words: "і й у не на што я з ён як гэта да але яго ад так усё яна для мы пра было быць бы ты яны быў толькі яшчэ ўжо калі ці мне",
    letters: "ўі",
    foreign: "ищъїєґђјљњћџ",
  },
  {
    code: "bg",
    words: "и в не на че да се с от за е това как но той тя са по към ще като беше има във със",
    letters: "щъ",
    foreign: "ыэёіїєґўђјљњћџ",
  },
  {
    code: "sr",
    words: "и у не на да је се са за од то као али што су из по ће био",
    letters: "ђјљњћџ",
    foreign: "ыэъёіїєґўщ",
  },
];

const LATIN_PROFILES: Profile[] = [
  {
    code: "en",
    words: "the of and to in is that it was for on with as be by this are at from his have not but which they you had an were",
  },
  {
    code: "fr",
    words: "le la les de des du et un une est que qui dans pour pas sur au aux il elle ne se ce son sont avec nous vous plus",
    letters: "éèêàçùœâîôû",
  },
  {
    code: "es",
    words: "el la los las de del y en que un una es por con para no se su al lo como más pero sus le ya fue este",
    letters: "ñ¿¡áíóú",
  },
  {
    code: "de",
    words: "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als wir sie er ich",
    letters: "äöüß",
  },
  { code: "it", words: "il la di che e è un una per non in del della sono le gli si con da al dei lo ma anche come più", letters: "àèìòù" },
  { code: "pt", words: "o a os as de do da dos das e que um uma é em no na não para com por se mais mas como foi ao", letters: "ãõçâêô" },
  { code: "nl", words: "de het een en van is dat niet te op in ik zijn voor met die ook aan er maar om", letters: "ĳ" },
  { code: "pl", words: "i w nie na się z że jest do to jak o co ale po tak za od jego", letters: "ąęłńśźż" },
];

function byWords(sample: string, profiles: Profile[]): string | null {
  const words = sample.match(/[\p{L}\p{M}'’]+/gu) ?? [];
  if (words.length < MIN_WORDS) return null;
  const scored = profiles
    .map((profile) => ({ code: profile.code, score: score(profile, words, sample) }))
    .sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || best.score < Math.max(2, words.length * 0.08)) return null;
  if (second && second.score > 0 && best.score < second.score * 1.25) return null;
  return best.code;
}

const WORD_SETS = new WeakMap<Profile, Set<string>>();

function score(profile: Profile, words: string[], sample: string): number {
  let wordSet = WORD_SETS.get(profile);
  if (!wordSet) {
    wordSet = new Set(profile.words.split(" "));
    WORD_SETS.set(profile, wordSet);
  }
  let total = 0;
  for (const word of words) if (wordSet.has(word)) total++;
  for (const letter of sample) {
    if (profile.letters?.includes(letter)) total++;
    if (profile.foreign?.includes(letter)) total -= 2;
  }
  return total;
}
