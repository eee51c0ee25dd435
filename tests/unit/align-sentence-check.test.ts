import { describe, expect, it } from "vitest";
import { buildAnchorModel } from "@/lib/align/anchors";
import type { Bead } from "@/lib/align/banded";
import { GALE_CHURCH_VARIANCE, lengthRatio } from "@/lib/align/length";
import { checkParagraphBreaks } from "@/lib/align/sentence-check";
import { LOW_CONFIDENCE } from "@/lib/schemas";

/** The same four units on both sides; "I know." closes the second paragraph in English and opens the third in Russian. */
const source = [
  "The ferry left at 7 in the morning. Anna stood at the rail and watched the town grow smaller.",
  "The lighthouse has not worked for 3 years, the deckhand said at last. I know, she answered.",
  "The road from the pier went uphill, past the closed shop and the old church with its peeling dome.",
  "Her father was sitting on the porch, mending a net, and did not look up for a long while.",
];
const target = [
  "Паром отошёл в 7 утра. Анна стояла у борта и смотрела, как город становится всё меньше.",
  "Маяк не работает уже 3 года, сказал наконец матрос.",
  "Я знаю, ответила она. Дорога от пристани шла в гору, мимо закрытого магазина и старой церкви с облупленным куполом.",
  "Отец сидел на крыльце, чинил сеть и долго не поднимал головы.",
];

function check(beads: Array<[number[], number[]]>, texts = { source, target }) {
  const lengths = (list: string[]) => list.map((text) => text.length);
  return checkParagraphBreaks(
    beads.map(([s, t]): Bead => ({ source: s, target: t, score: 0.9 })),
    {
      anchors: buildAnchorModel(texts.source, texts.target),
      source: texts.source,
      target: texts.target,
      lengthModel: { ratio: lengthRatio(lengths(texts.source), lengths(texts.target)), variance: GALE_CHURCH_VARIANCE, floor: 30 },
      settled: () => false,
    },
  );
}

describe("checkParagraphBreaks", () => {
  it("joins two 1:1 beads into the 2:2 one when a sentence moved across the break, and flags it", () => {
    const beads = check([
      [[0], [0]],
      [[1], [1]],
      [[2], [2]],
      [[3], [3]],
    ]);
    expect(beads.map((bead) => [bead.source, bead.target])).toEqual([
      [[0], [0]],
      [
        [1, 2],
        [1, 2],
      ],
      [[3], [3]],
    ]);
    expect(beads[1]!.score).toBeLessThan(LOW_CONFIDENCE);
    expect(beads[0]!.score).toBe(0.9);
  });

  it("leaves beads whose breaks agree as they are", () => {
    const aligned = {
      source,
      target: [target[0]!, `${target[1]} Я знаю, ответила она.`, target[2]!.replace("Я знаю, ответила она. ", ""), target[3]!],
    };
    const beads = check(
      [
        [[0], [0]],
        [[1], [1]],
        [[2], [2]],
        [[3], [3]],
      ],
      aligned,
    );
    expect(beads.map((bead) => [bead.source, bead.target])).toEqual([
      [[0], [0]],
      [[1], [1]],
      [[2], [2]],
      [[3], [3]],
    ]);
  });

  it("does not check settled beads", () => {
    const lengths = (list: string[]) => list.map((text) => text.length);
    const beads = checkParagraphBreaks(
      [0, 1, 2, 3].map((k): Bead => ({ source: [k], target: [k], score: 0.9 })),
      {
        anchors: buildAnchorModel(source, target),
        source,
        target,
        lengthModel: { ratio: lengthRatio(lengths(source), lengths(target)), variance: GALE_CHURCH_VARIANCE, floor: 30 },
        settled: () => true,
      },
    );
    expect(beads).toHaveLength(4);
  });
});
