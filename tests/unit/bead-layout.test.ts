import { describe, expect, it } from "vitest";
import { layoutBeads, PARAGRAPH_JOINER } from "@/lib/documents/bead-layout";

const paragraphs = ["p0", "p1", "p2", "p3", "p4"];

describe("layoutBeads", () => {
  it("deals each bead's paragraphs out to its rows, in order", () => {
    const placements = layoutBeads(
      [
        { source: [0], target: [0], score: 0.9 },
        { source: [1, 2], target: [1], score: 0.6 },
        { source: [3], target: [2, 3], score: 0.7 },
        { source: [4, 5], target: [4], score: 0.4 },
      ],
      6,
      paragraphs,
    );
    expect(placements).toEqual([
      { kind: "row", row: 0, text: "p0", score: 0.9 },
      { kind: "row", row: 1, text: "p1", score: 0.6 },
      { kind: "row", row: 2, text: "", score: 0.6 },
      { kind: "row", row: 3, text: `p2${PARAGRAPH_JOINER}p3`, score: 0.7 },
      { kind: "row", row: 4, text: "p4", score: 0.4 },
      { kind: "row", row: 5, text: "", score: 0.4 },
    ]);
  });

  it("gives text with no counterpart new rows after the row before it", () => {
    const placements = layoutBeads(
      [
        { source: [], target: [0], score: 0.2 },
        { source: [0], target: [1], score: 0.9 },
        { source: [], target: [2, 3], score: 0.3 },
        { source: [1], target: [], score: 0.5 },
        { source: [2, 3], target: [4], score: 0.8 },
      ],
      4,
      paragraphs,
    );
    expect(
      placements.map((placement) =>
        placement.kind === "new" ? `new after ${placement.after}: ${placement.text}` : `${placement.row}: ${placement.text}`,
      ),
    ).toEqual(["new after -1: p0", "0: p1", "new after 0: p2", "new after 0: p3", "1: ", "2: p4", "3: "]);
  });

  it("refuses beads that skip, repeat or reorder paragraphs or rows", () => {
    expect(() => layoutBeads([{ source: [0], target: [1], score: 1 }], 1, ["a", "b"])).toThrow(/out of order/);
    expect(() => layoutBeads([{ source: [1], target: [0], score: 1 }], 2, ["a"])).toThrow(/out of order/);
    expect(() => layoutBeads([{ source: [0], target: [0], score: 1 }], 2, ["a"])).toThrow(/cover 1 of 2 rows/);
  });
});
