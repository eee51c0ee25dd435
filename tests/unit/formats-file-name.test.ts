import { describe, expect, it } from "vitest";
import { documentNameFromFileName } from "@/lib/formats/file-name";

describe("the title and address a file's name suggests", () => {
  it.each([
    ["Board Speech.ru.txt", "Board Speech", "board-speech"],
    ["Board Speech (ru).docx", "Board Speech", "board-speech"],
    ["annual-report.pt-BR.md", "annual-report", "annual-report"],
    ["Letter.zh_Hant.html", "Letter", "letter"],
    ["Board Speech.txt", "Board Speech", "board-speech"],
    ["Café crème.fr.txt", "Café crème", "cafe-creme"],
    ["Речь на коллегии.ru.txt", "Речь на коллегии", "rech-na-kollegii"],
    ["Виступ (uk).docx", "Виступ", "vistup"],
  ])("%s → %s, %s: the extension and the language tag before it go", (fileName, title, slug) => {
    expect(documentNameFromFileName(fileName)).toEqual({ title, slug });
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
