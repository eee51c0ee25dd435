import { describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";

describe("splitParagraphs", () => {
  it("splits on blank lines and keeps line breaks inside a paragraph", () => {
    expect(splitParagraphs("One\ntwo\n\nThree\n")).toEqual(["One\ntwo", "Three"]);
  });

  it("treats whitespace-only lines as blank and collapses runs of them", () => {
    expect(splitParagraphs("\n\nA  \n \t\n\n\nB\n\n")).toEqual(["A", "B"]);
  });

  it("accepts Windows and old Mac line endings and a byte-order mark", () => {
    expect(splitParagraphs("\uFEFFA\r\n\r\nB\rC")).toEqual(["A", "B\nC"]);
  });

  it("keeps non-breaking spaces, which are part of the text", () => {
    expect(splitParagraphs("of\u00A0the\n")).toEqual(["of\u00A0the"]);
  });

  it("returns nothing for an empty or blank text", () => {
    expect(splitParagraphs("")).toEqual([]);
    expect(splitParagraphs(" \n\n ")).toEqual([]);
  });
});
