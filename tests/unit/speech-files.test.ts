import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { projectRoot } from "@/lib/paths";

const read = (file: string) => readFileSync(path.join(projectRoot, "data", "speech", file), "utf8");
const en = splitParagraphs(read("en.txt"));
const ru = splitParagraphs(read("ru.txt"));

/**
 * The numbers a paragraph states, in one normal form so English and Russian
 * conventions compare equal: 26.9 and 26,9 → "26.9"; 1,000 and 1 000 → "1000".
 */
function numbersIn(text: string, locale: "en" | "ru"): string[] {
  const pattern =
    locale === "en" ? /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g : /\d{1,3}(?:[\u00A0\u202F ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?/g;
  return (text.match(pattern) ?? []).map((number) =>
    locale === "en" ? number.replace(/,/g, "") : number.replace(/[\u00A0\u202F ]/g, "").replace(",", "."),
  );
}

describe("the speech files", () => {
  it("have one Russian paragraph for each of the 60 English paragraphs", () => {
    expect(en).toHaveLength(60);
    expect(ru).toHaveLength(en.length);
  });

  it("keep the English transcript from its title to its closing place and date", () => {
    expect(en[0]).toBe("Extended meeting of\u00A0Russian Interior Ministry Board");
    expect(en[4]).toBe("* * *");
    expect(en[59]).toBe("March 3, 2021, Moscow");
    expect(read("en.txt")).not.toMatch(/View settings|Official website/);
  });

  it("carry every number of each English paragraph into its Russian paragraph", () => {
    const missing = en.flatMap((paragraph, index) => {
      const russian = numbersIn(ru[index]!, "ru");
      return numbersIn(paragraph, "en")
        .filter((number) => !russian.includes(number))
        .map((number) => `paragraph ${index + 1}: ${number}`);
    });
    expect(missing).toEqual([]);
    expect(numbersIn(en.join("\n"), "en").length).toBeGreaterThan(20);
  });

  it("write decimals the Russian way", () => {
    // A number and its unit are joined by a non-breaking space, as Russian typography does.
    expect(ru.join("\n")).toContain("26,9\u00A0процента");
    expect(ru.join("\n")).toContain("21,3\u00A0млрд рублей");
    expect(ru.join("\n")).not.toMatch(/\d\.\d/);
  });

  it("state where each text comes from", () => {
    const sources = read("SOURCES.md");
    expect(sources).toMatch(/CC BY 4\.0/);
    expect(sources).toMatch(/could not be obtained/);
  });
});

describe("numbersIn", () => {
  it("normalises both conventions to the same form", () => {
    expect(numbersIn("26.9 percent of 1,000 in 2021-2023", "en")).toEqual(["26.9", "1000", "2021", "2023"]);
    expect(numbersIn("26,9 процента из 1\u00A0000 в 2021–2023 годах", "ru")).toEqual(["26.9", "1000", "2021", "2023"]);
  });
});
