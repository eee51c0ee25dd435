import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PARAGRAPH_JOINER } from "@/lib/documents/bead-layout";
import { divideMerged, matchParagraphs, newCellTexts, sameParagraph } from "@/lib/documents/update-language-match";

const cells = [
  "The meeting opened at ten.",
  "The minister reported on the year's results.",
  "Crime fell by four percent across the regions.",
  "Cybercrime, however, kept growing.",
  "The minister thanked the staff.",
];

/** Cells whose text the file changes, by index. */
function changedCells(current: string[], file: string[]): number[] {
  const texts = newCellTexts(matchParagraphs(current, file), current, file);
  return [...texts].filter(([cell, text]) => !sameParagraph(current[cell]!, text)).map(([cell]) => cell);
}

describe("matchParagraphs", () => {
  it("pairs every cell with itself when the file holds the current text, re-wrapped or not", () => {
    expect(matchParagraphs(cells, cells)).toEqual(cells.map((_, index) => ({ kind: "pair", cell: index, paragraph: index })));
    const rewrapped = cells.map((text) => text.replace(/ /g, "\n  "));
    expect(changedCells(cells, rewrapped)).toEqual([]);
  });

  it("pairs an edited paragraph with its cell, and nothing else changes", () => {
    const file = [...cells];
    file[2] = "Crime fell by five percent across most regions.";
    expect(matchParagraphs(cells, file)).toContainEqual({ kind: "pair", cell: 2, paragraph: 2 });
    expect(changedCells(cells, file)).toEqual([2]);
  });

  it("reports a paragraph the file lacks and places a new one after the cell before it", () => {
    const file = [cells[0]!, cells[1]!, cells[2]!, "A new paragraph about traffic police.", cells[3]!];
    const steps = matchParagraphs(cells, file);
    expect(steps).toContainEqual({ kind: "new", paragraph: 3, after: 2 });
    expect(steps).toContainEqual({ kind: "missing", cell: 4 });
    expect(steps.filter((step) => step.kind === "pair")).toHaveLength(4);
  });

  it("places a new first paragraph before the first cell", () => {
    expect(matchParagraphs(cells, ["Opening words.", ...cells])[0]).toEqual({ kind: "new", paragraph: 0, after: -1 });
  });

  it("recognises two cells joined into one paragraph, and a cell split into two", () => {
    const merged = [cells[0]!, `${cells[1]} ${cells[2]}`, cells[3]!, cells[4]!];
    expect(matchParagraphs(cells, merged)).toContainEqual({ kind: "merged", cells: [1, 2], paragraph: 1 });
    expect(changedCells(cells, merged)).toEqual([]);

    const split = [cells[0]!, "The minister reported", "on the year's results.", ...cells.slice(2)];
    expect(matchParagraphs(cells, split)).toContainEqual({ kind: "split", cell: 1, paragraphs: [1, 2] });
    const texts = newCellTexts(matchParagraphs(cells, split), cells, split);
    expect(texts.get(1)).toBe(`The minister reported${PARAGRAPH_JOINER}on the year's results.`);
    expect(changedCells(cells, split)).toEqual([]);
  });

  it("deals an edited merged paragraph back to its two cells where the boundary was", () => {
    expect(
      divideMerged("Crime fell by four percent.", "Cybercrime kept growing.", "Crime fell by 5 percent. Cybercrime kept growing fast."),
    ).toEqual(["Crime fell by 5 percent.", "Cybercrime kept growing fast."]);
  });

  const paragraph = fc
    .array(fc.constantFrom("crime", "police", "year", "region", "minister", "growth", "staff", "report", "fell", "rose"), {
      minLength: 3,
      maxLength: 12,
    })
    .map((words) => words.join(" "));
  const distinctParagraphs = fc.uniqueArray(paragraph, {
    minLength: 2,
    maxLength: 12,
    selector: (text) => text.split(" ").sort().join(" "),
  });

  it("property: a file equal to the current text changes nothing", () => {
    fc.assert(
      fc.property(distinctParagraphs, (current) => {
        const steps = matchParagraphs(current, current);
        expect(steps.every((step) => step.kind === "pair")).toBe(true);
        expect(changedCells(current, current)).toEqual([]);
      }),
    );
  });

  it("property: one paragraph edited by a word changes exactly that cell", () => {
    fc.assert(
      fc.property(distinctParagraphs, fc.nat(), (current, pick) => {
        const edited = pick % current.length;
        const file = [...current];
        file[edited] = `${current[edited]} indeed`;
        expect(changedCells(current, file)).toEqual([edited]);
        const steps = matchParagraphs(current, file);
        expect(steps.filter((step) => step.kind !== "pair")).toEqual([]);
      }),
    );
  });
});
