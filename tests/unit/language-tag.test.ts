import { describe, expect, it } from "vitest";
import { canonicalLanguageTag, normalizeLanguageTag } from "@/lib/formats/language-tag";

describe("canonicalLanguageTag", () => {
  it.each([
    ["en", "en"],
    ["EN_us", "en-US"],
    ["zh-hant-tw", "zh-Hant-TW"],
    ["es-419", "es-419"],
    ["en-revised", "en-revised"],
    ["en-Revised", "en-revised"],
    ["de-CH-1901", "de-CH-1901"],
    ["sl-rozaj-biske", "sl-rozaj-biske"],
    ["en-GB-oxendict", "en-GB-oxendict"],
    ["zh-yue-HK", "zh-yue-HK"],
    [" ru ", "ru"],
  ])("reads %s as %s", (value, tag) => {
    expect(canonicalLanguageTag(value)).toBe(tag);
  });

  it.each([
    ["a name", "English"],
    ["a one-letter language", "e"],
    ["a subtag too short for a variant", "en-ab-cd"],
    ["a variant too long", "en-revisedtwice"],
    ["a four-character variant not starting with a digit", "en-rev1"],
    ["an empty subtag", "en--revised"],
    ["a variant given twice", "en-revised-revised"],
    ["a trailing separator", "en-"],
    ["punctuation", "en-rev!sed"],
    ["an empty value", ""],
  ])("refuses %s (%s)", (_what, value) => {
    expect(canonicalLanguageTag(value)).toBeNull();
  });

  it("names the place in a file that holds something else", () => {
    expect(() => normalizeLanguageTag("en-ab-cd", "CSV header, column 2")).toThrow(
      'CSV header, column 2: "en-ab-cd" is not a language tag like "ru", "pt-BR" or "en-revised"',
    );
  });
});
