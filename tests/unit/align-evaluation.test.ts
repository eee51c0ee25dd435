import { describe, expect, it } from "vitest";
import { alignParagraphs } from "@/lib/align";
import { alignmentLinks, flagging, linkAgreement } from "@/lib/align/evaluation";
import { galeChurchAlign } from "@/lib/align/gale-church";
import { LOW_CONFIDENCE } from "@/lib/schemas";
import {
  corpusCases,
  corpusText,
  corpusTexts,
  evaluationCases,
  hardCases,
  isHeading,
  languages,
  parallelTexts,
} from "@/tests/fixtures/alignment/cases";

const cases = evaluationCases();

describe("the evaluation set", () => {
  it("covers every language pair, perturbations on both sides, and one-liners", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const texts = parallelTexts();
    for (const language of ["fr", "es", "uk"] as const) expect(texts[language]).toHaveLength(26);
    const shapes = new Set(cases.flatMap((testCase) => testCase.gold.map((bead) => `${bead.source.length}:${bead.target.length}`)));
    for (const shape of ["1:1", "1:0", "0:1", "2:1", "1:2"]) expect(shapes).toContain(shape);
    expect(cases.some((testCase) => testCase.source.some((text) => text.length <= 10))).toBe(true);
  });

  it("gold alignments hold every paragraph once", () => {
    for (const testCase of cases) {
      expect(testCase.gold.flatMap((bead) => bead.source)).toEqual(testCase.source.map((_, i) => i));
      expect(testCase.gold.flatMap((bead) => bead.target)).toEqual(testCase.target.map((_, j) => j));
    }
  });
});

describe("link F1", () => {
  it("is 1 for the gold itself and falls with every wrong link", () => {
    const gold = [
      { source: [0], target: [0], score: 1 },
      { source: [1, 2], target: [1], score: 1 },
    ];
    expect(linkAgreement(gold, gold).f1).toBe(1);
    const wrong = [
      { source: [0], target: [0], score: 1 },
      { source: [1], target: [1], score: 1 },
      { source: [2], target: [], score: 1 },
    ];
    expect(alignmentLinks(wrong)).toEqual(new Set(["0:0", "1:1"]));
    expect(linkAgreement(wrong, gold)).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8 });
  });
});

describe("alignParagraphs on the evaluation set", () => {
  const results = cases.map((testCase) => ({
    name: testCase.name,
    baseline: linkAgreement(galeChurchAlign(testCase.source, testCase.target), testCase.gold).f1,
    ours: linkAgreement(alignParagraphs(testCase.source, testCase.target), testCase.gold).f1,
  }));

  it.each(results)("$name: link F1 at least 0.97", ({ ours }) => {
    expect(ours).toBeGreaterThanOrEqual(0.97);
  });

  it("beats the Gale-Church baseline overall", () => {
    console.table(results.map(({ name, baseline, ours }) => ({ case: name, "Gale-Church": baseline.toFixed(3), ours: ours.toFixed(3) })));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(results.map((result) => result.ours))).toBeGreaterThan(mean(results.map((result) => result.baseline)) + 0.1);
    expect(Math.min(...results.map((result) => result.baseline))).toBeLessThan(0.9);
  });
});

describe("the second corpus", () => {
  const cases = corpusCases();

  it("holds three texts of other kinds, translated paragraph by paragraph into five languages", () => {
    for (const name of corpusTexts) {
      const texts = corpusText(name);
      const count = texts.ru.length;
      expect(count).toBeGreaterThanOrEqual(30);
      for (const language of languages) expect(texts[language], `${name} ${language}`).toHaveLength(count);
    }
    const dialogue = corpusText("lighthouse").ru.filter((text) => text.startsWith("— ") && text.length <= 30);
    expect(dialogue.length).toBeGreaterThanOrEqual(8);
    expect(corpusText("workshop").en.filter((text) => /^(\d+(\.\d+)*[.)]|•) /.test(text)).length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...corpusText("libraries").fr.map((text) => text.length))).toBeGreaterThan(500);
  });

  it("perturbs every text on both sides, in the held-out pairs both ways", () => {
    const shapes = new Set(cases.flatMap((testCase) => testCase.gold.map((bead) => `${bead.source.length}:${bead.target.length}`)));
    for (const shape of ["1:1", "1:0", "0:1", "2:1", "1:2"]) expect(shapes).toContain(shape);
    for (const pair of ["ru-en", "ru-fr", "uk-es", "en-ru", "fr-ru", "es-uk"])
      for (const name of corpusTexts) expect(cases.some((testCase) => testCase.name.startsWith(`${pair} ${name}`))).toBe(true);
    for (const testCase of cases) {
      expect(testCase.gold.flatMap((bead) => bead.source)).toEqual(testCase.source.map((_, i) => i));
      expect(testCase.gold.flatMap((bead) => bead.target)).toEqual(testCase.target.map((_, j) => j));
    }
  });

  /**
   * In these two an omitted paragraph and its neighbour have the same length and no anchor, and
   * the sentence counts point to the wrong one: only meaning tells them apart (BENCHMARKS.md).
   */
  const meaningOnly = new Map([
    ["ru-fr libraries, seed 122", 0.94],
    ["en-ru libraries, seed 126", 0.96],
  ]);
  const results = cases.map((testCase) => ({
    name: testCase.name,
    required: meaningOnly.get(testCase.name) ?? 0.97,
    baseline: linkAgreement(galeChurchAlign(testCase.source, testCase.target), testCase.gold).f1,
    ours: linkAgreement(alignParagraphs(testCase.source, testCase.target), testCase.gold).f1,
  }));

  it.each(results)("$name: link F1 at least $required", ({ ours, required }) => {
    expect(ours).toBeGreaterThanOrEqual(required);
  });

  it("beats the Gale-Church baseline overall", () => {
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(results.map((result) => result.ours))).toBeGreaterThan(0.99);
    expect(mean(results.map((result) => result.ours))).toBeGreaterThan(mean(results.map((result) => result.baseline)) + 0.1);
  });
});

describe("the harder evaluation (issue 16)", () => {
  const draws = { tuning: hardCases("tuning"), heldOut: hardCases("held-out") };

  it("removes headings, omits target paragraphs and merges on both sides, with a gold that holds every paragraph once", () => {
    for (const cases of Object.values(draws)) {
      const hard = cases.filter((testCase) => testCase.kind === "hard");
      expect(hard.length).toBeGreaterThanOrEqual(36);
      for (const testCase of cases) {
        expect(testCase.gold.flatMap((bead) => bead.source)).toEqual(testCase.source.map((_, i) => i));
        expect(testCase.gold.flatMap((bead) => bead.target)).toEqual(testCase.target.map((_, j) => j));
      }
      for (const testCase of hard) expect(testCase.source.filter(isHeading)).toEqual([]);
      const shapes = new Set(cases.flatMap((testCase) => testCase.gold.map((bead) => `${bead.source.length}:${bead.target.length}`)));
      for (const shape of ["1:1", "1:0", "2:1", "1:2", "3:1", "2:2"]) expect(shapes).toContain(shape);
      expect(shapes).not.toContain("0:1");
    }
    expect(isHeading("1. General")).toBe(true);
    expect(isHeading("— Да.")).toBe(false);
  });

  it("draws the held-out cases with other seeds than the tuning ones", () => {
    const seeds = (cases: typeof draws.tuning) => new Set(cases.map((testCase) => testCase.name.split("seed ")[1]));
    const tuning = seeds(draws.tuning);
    expect([...seeds(draws.heldOut)].filter((seed) => tuning.has(seed))).toEqual([]);
    expect(draws.heldOut.map((testCase) => testCase.target.join("\n"))).not.toEqual(
      draws.tuning.map((testCase) => testCase.target.join("\n")),
    );
  });

  it("counts flagged wrong and right beads", () => {
    const gold = [
      { source: [0], target: [0], score: 1 },
      { source: [1, 2], target: [1], score: 1 },
    ];
    const predicted = [
      { source: [0], target: [0], score: 0.3 },
      { source: [1], target: [1], score: 0.4 },
      { source: [2], target: [], score: 0.9 },
    ];
    expect(flagging(predicted, gold, 0.5)).toEqual({ wrong: 2, wrongFlagged: 1, right: 1, rightFlagged: 1 });
  });
});

/** Link F1 per case and the flagging counts summed over a draw of the harder evaluation. */
function evaluateDraw(draw: "tuning" | "held-out") {
  const total = { wrong: 0, wrongFlagged: 0, right: 0, rightFlagged: 0 };
  const scores = hardCases(draw).map((testCase) => {
    const beads = alignParagraphs(testCase.source, testCase.target);
    const counts = flagging(beads, testCase.gold, LOW_CONFIDENCE);
    for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += counts[key];
    return { kind: testCase.kind, ours: linkAgreement(beads, testCase.gold).f1 };
  });
  return { total, scores };
}

describe("alignParagraphs on the tuning draw of the harder evaluation", () => {
  const { total, scores } = evaluateDraw("tuning");

  it("keeps link F1 high where Gale-Church falls (BENCHMARKS.md: mean 0.990, lowest 0.944, 1 hard case below 0.95)", () => {
    const ours = scores.map((score) => score.ours);
    expect(ours.reduce((sum, score) => sum + score, 0) / ours.length).toBeGreaterThan(0.989);
    expect(Math.min(...ours)).toBeGreaterThan(0.94);
    expect(scores.filter((score) => score.kind === "hard" && score.ours < 0.95).length).toBeLessThanOrEqual(1);
  });

  /**
   * The sentence check (sentence-check.ts) fixed 53 of the 116 wrong beads, most of them flagged already, so the
   * share flagged of the 63 left was lower (54 flagged, 9 not, against 105 and 11 before); scoring the realigned
   * stretches at a low temperature then flagged 57 of them with fewer right ones (209 instead of 269), and leaving
   * unflagged the beads of those stretches (but 2:2 and larger) between two unflagged 1:1 beads unless they lose to
   * the paths without them, 172.
   */
  it("scores most of its wrong beads below LOW_CONFIDENCE, and a fifteenth of the right ones (BENCHMARKS.md: 90.5%, 6.8%)", () => {
    expect(total.wrong).toBeGreaterThan(50);
    expect(total.wrong).toBeLessThanOrEqual(66);
    expect(total.wrong - total.wrongFlagged).toBeLessThanOrEqual(6);
    expect(total.wrongFlagged / total.wrong).toBeGreaterThanOrEqual(0.9);
    expect(total.rightFlagged / total.right).toBeLessThan(0.069);
  });
});

/**
 * The held-out draw, read only as these sums (never case by case while tuning): a change that helps
 * the tuning draw by fitting it would show here first. Drawn afresh on 2026-12-02 (seeds 40,000 on, two
 * cases per text and pair), since the first one had been read case by case; it measured as the first did.
 */
describe("alignParagraphs on the held-out draw of the harder evaluation", () => {
  const { total, scores } = evaluateDraw("held-out");

  it("keeps link F1 where it was measured (BENCHMARKS.md: hard cases mean 0.989, 6 of 81 below 0.95)", () => {
    const hard = scores.filter((score) => score.kind === "hard").map((score) => score.ours);
    expect(hard.length).toBeGreaterThanOrEqual(72);
    expect(hard.reduce((sum, score) => sum + score, 0) / hard.length).toBeGreaterThan(0.988);
    expect(hard.filter((score) => score < 0.95).length).toBeLessThanOrEqual(6);
  });

  it("flags the wrong beads as measured (BENCHMARKS.md: 94 of 114 wrong beads, 82.5%; 7.4% of right ones)", () => {
    expect(total.wrong).toBeGreaterThan(100);
    expect(total.wrong).toBeLessThanOrEqual(120);
    expect(total.wrong - total.wrongFlagged).toBeLessThanOrEqual(20);
    expect(total.wrongFlagged / total.wrong).toBeGreaterThanOrEqual(0.82);
    expect(total.rightFlagged / total.right).toBeLessThan(0.075);
  });
});
