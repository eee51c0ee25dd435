import { describe, expect, it } from "vitest";
import { alignParagraphs, type Bead } from "@/lib/align";
import { conceptAnchorModel, pairGain } from "@/lib/align/anchors";
import { learnConcepts, paragraphStems, paragraphWords, stemmerFor } from "@/lib/align/words";
import { parallelText, textWithoutRepeats } from "@/tests/helpers/parallel-text";

const pairs = (beads: Bead[]) => beads.map((bead) => [bead.source, bead.target]);

describe("word evidence learned from the texts", () => {
  it("stems with Snowball where it has the language, else keeps a word's first letters", () => {
    expect(stemmerFor("en")("Rivers")).toBe("river");
    expect(stemmerFor("ru-RU")("реками")).toBe("рек");
    expect(stemmerFor("uk")("річками")).toBe("річкам");
    expect(stemmerFor(undefined)("lighthouses")).toBe("lighth");
  });

  it("pairs words that travel together through the confident beads, and no others", () => {
    const { en, ru } = parallelText(40, 1);
    const source = paragraphWords(en, "en");
    const target = paragraphWords(ru, "ru");
    const beads = en.map((_, k) => ({ source: [k], target: [k], score: 0.9 }));
    const concepts = learnConcepts(source.words, target.words, beads, { minimumScore: 0.5, minimumDice: 0.7 });
    expect(concepts.concepts).toBeGreaterThanOrEqual(20);
    const model = conceptAnchorModel(concepts);
    // A paragraph shares concepts with its translation, and few with any other paragraph.
    for (let k = 0; k + 1 < en.length; k++) expect(pairGain(model, k, k)).toBeGreaterThan(pairGain(model, k, k + 1));
    // Untrusted beads teach nothing.
    const doubtful = beads.map((bead) => ({ ...bead, score: 0.2 }));
    expect(learnConcepts(source.words, target.words, doubtful, { minimumScore: 0.5, minimumDice: 0.7 }).concepts).toBe(0);
  });

  it("finds which of two neighbours of the same length was left out, by their words only", () => {
    for (const seed of [2, 3, 4]) {
      const { en, ru } = parallelText(40, seed, [12, 25]);
      for (const dropped of [12, 13, 25, 26]) {
        const target = ru.filter((_, k) => k !== dropped);
        const beads = alignParagraphs(en, target, { sourceLanguage: "en", targetLanguage: "ru" });
        const expected = en.map((_, k) => [[k], k === dropped ? [] : [k < dropped ? k : k - 1]]);
        expect(pairs(beads), `seed ${seed}, paragraph ${dropped} left out`).toEqual(expected);
      }
    }
  });

  it("tells apart merged neighbours by their words", () => {
    const { en, ru } = parallelText(40, 5);
    const target = [...ru.slice(0, 20), `${ru[20]} ${ru[21]} ${ru[22]}`, ...ru.slice(23)];
    const beads = alignParagraphs(en, target);
    expect(beads.find((bead) => bead.source.includes(21))).toMatchObject({ source: [20, 21, 22], target: [20] });
  });
});

describe("word evidence learned from rows people confirmed", () => {
  // Paragraphs 4 and 5 are of the same length; one of them has no translation, and only words tell which.
  const { en, ru } = textWithoutRepeats();
  // Rows confirmed in another document of the pair: the same vocabulary in other sentences.
  const confirmed = parallelText(40, 7);
  const learned = confirmed.en.map((text, k): [string[], string[]] => [paragraphStems(text, "en"), paragraphStems(confirmed.ru[k]!, "ru")]);
  const expected = (dropped: number) => en.map((_, k) => [[k], k === dropped ? [] : [k < dropped ? k : k - 1]]);

  it("keeps the stems of a paragraph's words of three letters or more", () => {
    expect(paragraphStems("The rivers, the river and a bridge.", "en")).toEqual(["and", "bridg", "river", "the"]);
  });

  it("tells apart two neighbours that nothing else does", () => {
    const options = { sourceLanguage: "en", targetLanguage: "ru" };
    const outcomes = [4, 5].map((dropped) => {
      const target = ru.filter((_, k) => k !== dropped);
      const without = alignParagraphs(en, target, options);
      const withLearned = alignParagraphs(en, target, { ...options, learned });
      expect(pairs(withLearned), `paragraph ${dropped} left out`).toEqual(expected(dropped));
      return pairs(without);
    });
    // Without the evidence the aligner guesses the same way both times, so it is wrong once.
    expect(outcomes[0]).toEqual(outcomes[1]);
  });

  it("learns nothing from rows whose words this text lacks", () => {
    const target = ru.filter((_, k) => k !== 4);
    const unrelated: Array<[string[], string[]]> = learned.map(() => [["lighthous"], ["маяк"]]);
    const options = { sourceLanguage: "en", targetLanguage: "ru" };
    expect(alignParagraphs(en, target, { ...options, learned: unrelated })).toEqual(alignParagraphs(en, target, options));
  });
});
