import { describe, expect, it } from "vitest";
import { documentNameFromFileName, IMPORT_ACCEPT } from "@/lib/formats/file-name";

describe("the title and address a file's name suggests", () => {
  it.each([
    ["Board Speech.ru.txt", "Board Speech", "board-speech", "ru"],
    ["Board Speech (ru).docx", "Board Speech", "board-speech", "ru"],
    ["annual-report.pt-BR.md", "annual-report", "annual-report", "pt-BR"],
    ["report.PT_br.md", "report", "report", "pt-BR"],
    ["Letter.zh_Hant.html", "Letter", "letter", "zh-Hant"],
    ["Café crème.fr.txt", "Café crème", "cafe-creme", "fr"],
    ["Речь на коллегии.ru.txt", "Речь на коллегии", "rech-na-kollegii", "ru"],
    ["Виступ (uk).docx", "Виступ", "vistup", "uk"],
  ])("%s → %s, %s, in %s: the extension and the language tag before it go", (fileName, title, slug, language) => {
    expect(documentNameFromFileName(fileName)).toEqual({ title, slug, language });
  });

  it.each([
    ["Board Speech.txt", "Board Speech", "board-speech"],
    ["Board Speech.ru.tmx", "Board Speech", "board-speech"],
    ["Glossary (en).csv", "Glossary", "glossary"],
    ["Pairs.fr.xliff", "Pairs", "pairs"],
  ])("%s suggests no language: it has no tag, or names its languages inside", (fileName, title, slug) => {
    expect(documentNameFromFileName(fileName)).toStrictEqual({ title, slug });
  });

  it("offers every extension the server reads to the file input", () => {
    expect(IMPORT_ACCEPT.split(",").sort()).toEqual(
      [".csv", ".docx", ".htm", ".html", ".markdown", ".md", ".text", ".tmx", ".txt", ".xhtml", ".xlf", ".xliff"].sort(),
    );
  });

  it.each([
    ["Minutes.old.txt", "Minutes.old"],
    ["Notes.ok.txt", "Notes.ok"],
    ["Chapter.v2.txt", "Chapter.v2"],
    ["Draft.en-1a.txt", "Draft.en-1a"],
    ["Plan (draft).txt", "Plan (draft)"],
    ["ru.txt", "ru"],
  ])("%s keeps %s: no known language by its two-letter code, or nothing would be left", (fileName, title) => {
    expect(documentNameFromFileName(fileName).title).toBe(title);
  });
});
