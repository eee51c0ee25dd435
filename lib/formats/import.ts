import { splitParagraphs } from "../align/paragraphs";
import { AppError } from "../errors";
import { parseCsv } from "./csv";
import { detectFormat } from "./detect";
import { docxParagraphs } from "./docx";
import { decodeHtml, decodeText, decodeXml } from "./encoding";
import { assertImportSize, badImport } from "./errors";
import { htmlParagraphs } from "./html";
import { suggestLanguage } from "./language";
import { markdownParagraphs } from "./markdown";
import { parseTmx } from "./tmx";
import type { ImportFormat, ParsedImport } from "./types";
import { parseXliff } from "./xliff";

/**
 * Reads an uploaded file into paragraphs (txt, md, html, docx) or aligned
 * rows (tmx, xliff, csv). Every refusal is a bad_import (422) or
 * file_too_large (413) whose message starts with the file name.
 */
export async function parseImportFile(input: { bytes: Uint8Array; fileName: string; format?: ImportFormat }): Promise<ParsedImport> {
  const { bytes, fileName } = input;
  try {
    assertImportSize(bytes);
    const format = input.format ?? detectFormat(fileName, bytes);
    return await parseAs(format, bytes);
  } catch (error) {
    if (error instanceof AppError && error.code === "bad_import" && !error.message.startsWith(`${fileName}:`)) {
      throw new AppError(error.code, `${fileName}: ${error.message}`, { status: error.status, details: error.details, cause: error });
    }
    throw error;
  }
}

async function parseAs(format: ImportFormat, bytes: Uint8Array): Promise<ParsedImport> {
  switch (format) {
    case "tmx":
    case "xliff": {
      const { text, encoding } = decodeXml(bytes);
      return { kind: "bilingual", format, encoding, ...(format === "tmx" ? parseTmx(text) : parseXliff(text)) };
    }
    case "csv": {
      const { text, encoding } = decodeText(bytes);
      return { kind: "bilingual", format, encoding, ...parseCsv(text) };
    }
    case "docx":
      return monolingual(format, null, await docxParagraphs(bytes));
    case "html": {
      const { text, encoding } = decodeHtml(bytes);
      return monolingual(format, encoding, htmlParagraphs(text));
    }
    case "md": {
      const { text, encoding } = decodeText(bytes);
      return monolingual(format, encoding, markdownParagraphs(text));
    }
    case "txt": {
      const { text, encoding } = decodeText(bytes);
      return monolingual(format, encoding, splitParagraphs(text));
    }
  }
}

function monolingual(format: ImportFormat, encoding: string | null, paragraphs: string[]): ParsedImport {
  if (paragraphs.length === 0) throw badImport("The file contains no text");
  return { kind: "monolingual", format, encoding, suggestedLanguage: suggestLanguage(paragraphs.join("\n\n")), paragraphs };
}
