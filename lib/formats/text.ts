import { splitParagraphs } from "../align/paragraphs";
import { unknownExportLanguage } from "./errors";
import type { ExportDocument } from "./types";

/**
 * One language as plain text: one paragraph per row, paragraphs separated by
 * a blank line. Plain text cannot hold an empty paragraph, so rows without
 * text in this language are left out (the file no longer lines up with the
 * document's row numbers; TMX, XLIFF and CSV keep every row). Blank lines
 * inside a cell are closed up to single line breaks, so that reading the
 * file back gives exactly one paragraph per exported row.
 */
export function exportPlainText(document: ExportDocument, language: string): string {
  if (!document.languages.some((candidate) => candidate.code === language)) throw unknownExportLanguage(language, document);
  const paragraphs = document.rows
    .map((row) => row.cells[language]?.text ?? "")
    .filter((text) => text.trim() !== "")
    .map((text) => splitParagraphs(text).join("\n"));
  return paragraphs.length ? `${paragraphs.join("\n\n")}\n` : "";
}
