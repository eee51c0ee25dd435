import { describe, expect, it } from "vitest";
import { diffTuples, differenceScore, sameLanguage, wordChanges } from "@/lib/documents/compare-score";

describe("differenceScore: the share of words changed", () => {
  it("is 0 for the same words, whatever the spaces and punctuation", () => {
    expect(differenceScore("The cat sat.", "The cat sat.")).toBe(0);
    expect(differenceScore("The cat sat.", "The  cat sat!")).toBe(0);
    expect(differenceScore("", "")).toBe(0);
    expect(differenceScore("", " … ")).toBe(0);
  });

  it("counts removed and added words over the words of both texts", () => {
    // "cat" removed and "dog" added: 2 of 6 words.
    expect(wordChanges("The cat sat", "The dog sat")).toEqual({ changed: 2, total: 6 });
    expect(differenceScore("The cat sat", "The dog sat")).toBe(2 / 6);
    // One word added: 1 of 3 + 4 words.
    expect(differenceScore("The cat sat", "The black cat sat")).toBe(1 / 7);
    expect(differenceScore("The cat sat", "")).toBe(1);
    expect(differenceScore("", "Всё новое")).toBe(1);
    expect(differenceScore("one two", "three four")).toBe(1);
  });

  it("never counts an unchanged word as changed (the smallest diff, not the readable one)", () => {
    // Semantic cleanup would show "a b c" → "x b y" as one replacement; "b" is kept.
    expect(wordChanges("a b c", "x b y")).toEqual({ changed: 4, total: 6 });
  });

  it("counts a word with an apostrophe or a hyphen as one word, in any script", () => {
    expect(wordChanges("don't stop", "do not stop")).toEqual({ changed: 3, total: 5 });
    expect(wordChanges("северо-запад страны", "северо-восток страны")).toEqual({ changed: 2, total: 4 });
  });

  it("is symmetric", () => {
    expect(differenceScore("The black cat sat", "The cat sat down")).toBe(differenceScore("The cat sat down", "The black cat sat"));
  });
});

describe("diffTuples", () => {
  it("gives diff-match-patch's ops: -1 removed, 0 same, 1 added, by words or by characters", () => {
    expect(diffTuples("The cat sat", "The dog sat", "word")).toEqual([
      [0, "The "],
      [-1, "cat"],
      [1, "dog"],
      [0, " sat"],
    ]);
    expect(diffTuples("attended", "attends", "char")).toEqual([
      [0, "attend"],
      [-1, "ed"],
      [1, "s"],
    ]);
    expect(diffTuples("same", "same", "word")).toEqual([[0, "same"]]);
  });
});

describe("sameLanguage", () => {
  it("holds for versions of one language, by the primary subtag", () => {
    expect(sameLanguage("en", "en-revised")).toBe(true);
    expect(sameLanguage("en-GB", "en-revised")).toBe(true);
    expect(sameLanguage("en", "ru")).toBe(false);
  });
});
