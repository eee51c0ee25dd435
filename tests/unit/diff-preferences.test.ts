import { describe, expect, it } from "vitest";
import { DEFAULT_DIFF_PREFERENCES, parseDiffPreferences, splitSides } from "@/components/diff-preferences";
import { comparisonOf, toggleSelection } from "@/components/workbench/revision-selection";
import { isHistoryShortcut } from "@/components/workbench/shortcuts";
import { diffText } from "@/lib/diff";

describe("remembered diff preferences", () => {
  it("read back what was stored", () => {
    const stored = JSON.stringify({ layout: "side-by-side", granularity: "char", hideTrivial: true });
    expect(parseDiffPreferences(stored)).toEqual({ layout: "side-by-side", granularity: "char", hideTrivial: true });
  });

  it("fall back to the defaults when nothing or garbage is stored", () => {
    expect(parseDiffPreferences(null)).toEqual(DEFAULT_DIFF_PREFERENCES);
    expect(parseDiffPreferences("{not json")).toEqual(DEFAULT_DIFF_PREFERENCES);
    expect(parseDiffPreferences("42")).toEqual(DEFAULT_DIFF_PREFERENCES);
    expect(DEFAULT_DIFF_PREFERENCES).toEqual({ layout: "inline", granularity: "word", hideTrivial: false });
  });

  it("keep the readable fields of a partly wrong value", () => {
    expect(parseDiffPreferences(JSON.stringify({ layout: "columns", granularity: "char", hideTrivial: "yes" }))).toEqual({
      layout: "inline",
      granularity: "char",
      hideTrivial: false,
    });
  });
});

describe("side-by-side columns", () => {
  it("put deletions with the before text and insertions with the after text", () => {
    const before = "Мы обязаны защищать граждан.";
    const after = "Мы должны защищать всех граждан!";
    const sides = splitSides(diffText(before, after));
    expect(sides.before.map((op) => op.text).join("")).toBe(before);
    expect(sides.after.map((op) => op.text).join("")).toBe(after);
    expect(sides.before.filter((op) => op.op === "delete").map((op) => op.text)).toContain("обязаны");
    expect(sides.before.some((op) => op.op === "insert")).toBe(false);
    expect(sides.after.filter((op) => op.op === "insert").map((op) => op.text)).toContain("должны");
    expect(sides.after.some((op) => op.op === "delete")).toBe(false);
  });
});

describe("choosing revisions to compare", () => {
  it("ticks at most two and unticks on a second click", () => {
    let selected = toggleSelection([], 7);
    selected = toggleSelection(selected, 3);
    expect(selected).toEqual([7, 3]);
    expect(toggleSelection(selected, 9)).toEqual([7, 3]);
    expect(toggleSelection(selected, 7)).toEqual([3]);
  });

  it("compares older to newer whatever the order of ticking", () => {
    expect(comparisonOf([12, 5])).toEqual({ from: 5, to: 12 });
    expect(comparisonOf([5])).toBeNull();
    expect(comparisonOf([])).toBeNull();
  });
});

describe("the history shortcut", () => {
  const key = (change: Partial<Parameters<typeof isHistoryShortcut>[0]>) => ({
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    code: "KeyH",
    ...change,
  });

  it("is Alt+H by physical key, so it works on a Russian layout too", () => {
    expect(isHistoryShortcut(key({ altKey: true }))).toBe(true);
    expect(isHistoryShortcut(key({}))).toBe(false);
    expect(isHistoryShortcut(key({ altKey: true, ctrlKey: true }))).toBe(false);
    expect(isHistoryShortcut(key({ altKey: true, shiftKey: true }))).toBe(false);
    expect(isHistoryShortcut(key({ altKey: true, code: "KeyJ" }))).toBe(false);
  });
});
