import { describe, expect, it } from "vitest";
import { splitOffsetProblem, suggestSplitOffset } from "@/lib/segments";

/** The two parts a suggested offset makes, trimmed as the split stores them. */
const parts = (text: string, ratio: number) => {
  const offset = suggestSplitOffset(text, ratio);
  return offset === null ? null : [text.slice(0, offset).trim(), text.slice(offset).trim()];
};

describe("suggestSplitOffset", () => {
  it("cuts at the sentence end nearest the relative position", () => {
    const text = "One two three. Four five! Six seven eight? Nine.";
    expect(parts(text, 0.1)).toEqual(["One two three.", "Four five! Six seven eight? Nine."]);
    expect(parts(text, 0.45)).toEqual(["One two three. Four five!", "Six seven eight? Nine."]);
    expect(parts(text, 0.99)).toEqual(["One two three. Four five! Six seven eight?", "Nine."]);
  });

  it("knows ellipses, semicolons, runs of punctuation and closing quotes", () => {
    expect(parts("Он сказал: «Нет!» И ушёл.", 0.5)).toEqual(["Он сказал: «Нет!»", "И ушёл."]);
    expect(parts("Wait… what?! Really.", 0.3)).toEqual(["Wait…", "what?! Really."]);
    expect(parts("Wait... what?! Really.", 0.7)).toEqual(["Wait... what?!", "Really."]);
    expect(parts("first clause; second clause", 0.9)).toEqual(["first clause;", "second clause"]);
    expect(parts("A (note.) B", 0.5)).toEqual(["A (note.)", "B"]);
  });

  it("prefers any sentence end to a nearer space, and falls back to spaces without one", () => {
    expect(parts("Short. and then a long run of words without an end", 0.9)).toEqual([
      "Short.",
      "and then a long run of words without an end",
    ]);
    expect(parts("no sentence end in here at all", 0.5)).toEqual(["no sentence end", "in here at all"]);
    expect(parts("end.no space after", 0.2)).toEqual(["end.no", "space after"]);
  });

  it("ignores a sentence end at the very end, and gives up on one word or nothing", () => {
    expect(parts("Just one sentence.", 0.5)).toEqual(["Just one", "sentence."]);
    expect(suggestSplitOffset("Word.", 0.5)).toBeNull();
    expect(suggestSplitOffset("", 0.5)).toBeNull();
    expect(suggestSplitOffset("   ", 0.5)).toBeNull();
    expect(suggestSplitOffset(" padded ", 0.5)).toBeNull();
  });

  it("takes the earlier candidate on a tie and clamps odd ratios", () => {
    expect(suggestSplitOffset("a b c", 0.4)).toBe(1);
    expect(suggestSplitOffset("a b c", 0.5)).toBe(3);
    expect(suggestSplitOffset("a b c", -3)).toBe(1);
    expect(suggestSplitOffset("a b c", 7)).toBe(3);
    expect(suggestSplitOffset("a b c", Number.NaN)).toBe(3);
  });
});

describe("splitOffsetProblem", () => {
  it("accepts offsets strictly inside the text and outside surrogate pairs", () => {
    expect(splitOffsetProblem("ab", 1)).toBeNull();
    expect(splitOffsetProblem("a😀b", 1)).toBeNull();
    expect(splitOffsetProblem("a😀b", 3)).toBeNull();
    expect(splitOffsetProblem("a😀b", 2)).toContain("surrogate pair");
    expect(splitOffsetProblem("ab", 0)).toContain("between 1 and 1");
    expect(splitOffsetProblem("ab", 2)).toContain("between 1 and 1");
    expect(splitOffsetProblem("a", 1)).toContain("single character");
    expect(splitOffsetProblem("", 1)).toContain("empty");
  });
});
