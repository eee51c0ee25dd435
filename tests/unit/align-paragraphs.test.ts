import { describe, expect, it } from "vitest";
import { alignParagraphs, type Bead } from "@/lib/align";
import { Band } from "@/lib/align/banded";
import { linkAgreement } from "@/lib/align/evaluation";
import { LOW_CONFIDENCE } from "@/lib/schemas";
import { corpusRates, corpusText, parallelTexts, perturb } from "@/tests/fixtures/alignment/cases";

/** Every index of both sides exactly once, in document order. */
function expectComplete(beads: Bead[], sourceCount: number, targetCount: number) {
  expect(beads.flatMap((bead) => bead.source)).toEqual(Array.from({ length: sourceCount }, (_, i) => i));
  expect(beads.flatMap((bead) => bead.target)).toEqual(Array.from({ length: targetCount }, (_, j) => j));
  for (const bead of beads) {
    expect(bead.source.length + bead.target.length).toBeGreaterThan(0);
    expect(bead.score).toBeGreaterThanOrEqual(0);
    expect(bead.score).toBeLessThanOrEqual(1);
  }
}

describe("alignParagraphs", () => {
  const { ru, en } = parallelTexts();

  it("aligns the speech one to one with high confidence", () => {
    const beads = alignParagraphs(ru, en, { sourceLanguage: "ru", targetLanguage: "en" });
    expect(beads.map((bead) => [bead.source, bead.target])).toEqual(ru.map((_, k) => [[k], [k]]));
    expect(beads.filter((bead) => bead.score < LOW_CONFIDENCE)).toEqual([]);
  });

  it("works on empty inputs", () => {
    expect(alignParagraphs([], [])).toEqual([]);
    expect(alignParagraphs(["Один.", "Два."], []).map((bead) => [bead.source, bead.target])).toEqual([
      [[0], []],
      [[1], []],
    ]);
    expect(alignParagraphs([], ["One."]).map((bead) => [bead.source, bead.target])).toEqual([[[], [0]]]);
  });

  it("finds merged, split and omitted paragraphs", () => {
    const source = [ru[9]!, ru[10]!, ru[11]!, ru[12]!, ru[13]!, ru[14]!];
    const target = [en[9]!, `${en[10]} ${en[11]}`, en[13]!, en[14]!.slice(0, 200), en[14]!.slice(200)];
    const beads = alignParagraphs(source, target);
    expectComplete(beads, source.length, target.length);
    expect(beads.map((bead) => [bead.source, bead.target])).toEqual([
      [[0], [0]],
      [[1, 2], [1]],
      [[3], []],
      [[4], [2]],
      [[5], [3, 4]],
    ]);
  });

  it("keeps the items of a list apart rather than pairing them two by two", () => {
    const { fr: rules, ru: translation } = corpusText("workshop");
    for (const seed of [148, 149]) {
      const { source, target, gold } = perturb(rules, translation, seed, corpusRates);
      const beads = alignParagraphs(source, target);
      expect(beads.filter((bead) => bead.source.length === 2 && bead.target.length === 2)).toEqual([]);
      expect(linkAgreement(beads, gold).f1).toBeGreaterThanOrEqual(0.97);
    }
  });

  it("gives low confidence where the texts do not correspond", () => {
    const unrelated = ["Le chat dort sur le tapis.", "Il pleut depuis trois jours.", "Personne ne sait pourquoi."];
    const beads = alignParagraphs(
      [...ru.slice(20, 25), ...ru.slice(40, 43), ...ru.slice(50, 55)],
      [...en.slice(20, 25), ...unrelated, ...en.slice(50, 55)],
    );
    const around = beads.filter((bead) => bead.source.some((i) => i >= 5 && i < 8) || bead.target.some((j) => j >= 5 && j < 8));
    expect(Math.max(...around.map((bead) => bead.score))).toBeLessThan(LOW_CONFIDENCE);
    const clear = beads.filter((bead) => bead.source.some((i) => i < 4 || i > 9));
    expect(Math.min(...clear.map((bead) => bead.score))).toBeGreaterThan(LOW_CONFIDENCE);
  });

  it("reports progress a bounded number of times, ending at the total", () => {
    const calls: Array<[number, number]> = [];
    const units = 600;
    const repeat = (paragraphs: string[]) => Array.from({ length: units }, (_, k) => paragraphs[k % paragraphs.length]!);
    alignParagraphs(repeat(ru), repeat(en), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.at(-1)).toEqual([100, 100]);
    expect(calls.map(([done]) => done)).toEqual([...calls.map(([done]) => done)].sort((a, b) => a - b));
  });

  it("follows a path far from the diagonal by moving its band", () => {
    // 150 paragraphs missing at the start of the target put the path 150 rows off the diagonal; the first band is 20 wide.
    const units = 600;
    const repeat = (paragraphs: string[]) => Array.from({ length: units }, (_, k) => `${paragraphs[k % paragraphs.length]} (${k + 1})`);
    const source = repeat(ru);
    const target = repeat(en).slice(150);
    const beads = alignParagraphs(source, target);
    expectComplete(beads, source.length, target.length);
    const gold: Bead[] = source.map((_, i) => ({ source: [i], target: i < 150 ? [] : [i - 150], score: 1 }));
    expect(linkAgreement(beads, gold).f1).toBeGreaterThan(0.99);
  });

  it("corrects the length ratio when one side lacks many paragraphs", () => {
    // A quarter or a third of the English left out makes the ratio of the whole texts mislead the length model.
    for (const [step, least] of [
      [4, 0.99],
      [3, 0.97],
    ] as const) {
      const target = en.filter((_, k) => k % step !== 1);
      const gold: Bead[] = ru.map((_, k) => ({
        source: [k],
        target: k % step === 1 ? [] : [k - Math.floor((k + step - 1) / step)],
        score: 1,
      }));
      expect(linkAgreement(alignParagraphs(ru, target), gold).f1).toBeGreaterThanOrEqual(least);
    }
  });

  it("keeps every paragraph once on randomly perturbed texts", () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const perturbed = perturb(ru, en, seed, { omit: 0.1, omitRun: 0.05, merge: 0.1, split: 0.1 });
      expectComplete(alignParagraphs(perturbed.source, perturbed.target), perturbed.source.length, perturbed.target.length);
    }
  });
});

describe("Band", () => {
  it("holds only cells near the diagonal, each row overlapping the next", () => {
    const band = Band.diagonal(1000, 800, 20);
    expect(band.size).toBeLessThan(1001 * 43);
    expect(band.index(500, 400)).toBeGreaterThanOrEqual(0);
    expect(band.index(500, 600)).toBe(-1);
    for (let i = 1; i <= 1000; i++) expect(band.lo[i]!).toBeLessThanOrEqual(band.hi[i - 1]!);
  });
});
