export type SentenceProfile = { all: number; long: number; firstLength: number; lastLength: number };

/** Three runs of non-spaces: a sentence of three words or more. */
const threeWords = /\S\s+\S+\s+\S/;

/**
 * Sentences of a paragraph: runs ending with a final mark followed by a space
 * or the end (so "4.3" and "В.Путин" do not split). Long sentences (three
 * words or more) are counted apart: translators keep them, but add and drop
 * short ones ("Товарищи!") more freely. The lengths of the first and last
 * sentence tell on which side of a merged paragraph a short sentence such
 * as "Thank you." belongs.
 */
export function sentenceProfile(text: string): SentenceProfile {
  const sentences = splitSentences(text);
  return {
    all: sentences.length,
    long: sentences.filter((sentence) => threeWords.test(sentence)).length,
    firstLength: sentences[0]?.length ?? 0,
    lastLength: sentences.at(-1)?.length ?? 0,
  };
}

/** A paragraph's sentences, as sentenceProfile counts them. */
export function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?…。]["»”’)]*)\s+/).filter((sentence) => sentence.trim() !== "");
}
