import { splitParagraphs } from "../align/paragraphs";
import { AppError } from "../errors";
import {
  checkCellLength,
  checkImportRowCount,
  MAX_CELL_LENGTH,
  MAX_IMPORT_BYTES,
  MAX_MARKDOWN_BYTES,
  MAX_UPLOAD_BODY_BYTES,
  readBodyWithin,
} from "../limits";
import { parseCsv } from "./csv";
import { detectFormat } from "./detect";
import { docxParagraphs } from "./docx";
import { decodeHtml, decodeText, decodeXml } from "./encoding";
import { assertImportSize, badImport, formatMegabytes } from "./errors";
import { htmlParagraphs } from "./html";
import { suggestLanguage } from "./language";
import { markdownParagraphs } from "./markdown";
import { parseTmx } from "./tmx";
import type { ImportFormat, ParsedImport } from "./types";
import { parseXliff } from "./xliff";

/**
 * Reads an uploaded file into paragraphs (txt, md, html, docx) or aligned
 * rows (tmx, xliff, csv), within the limits of lib/limits.ts. Every refusal
 * is a bad_import or limit_exceeded (422) or file_too_large (413) whose
 * message starts with the file name.
 */
export async function parseImportFile(input: { bytes: Uint8Array; fileName: string; format?: ImportFormat }): Promise<ParsedImport> {
  const { bytes, fileName } = input;
  try {
    assertImportSize(bytes);
    const format = input.format ?? detectFormat(fileName, bytes);
    return await parseAs(format, bytes);
  } catch (error) {
    const aboutTheFile = error instanceof AppError && (error.code === "bad_import" || error.code === "limit_exceeded");
    if (aboutTheFile && !error.message.startsWith(`${fileName}:`)) {
      throw new AppError(error.code, `${fileName}: ${error.message}`, { status: error.status, details: error.details, cause: error });
    }
    throw error;
  }
}

/**
 * The whole body of an upload request (a multipart form holding the file),
 * refused with 413 as soon as more bytes arrive than a file of
 * MAX_IMPORT_BYTES and its form can take, whatever Content-Length says.
 */
export function readUploadBody(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  return readBodyWithin(
    request,
    MAX_UPLOAD_BODY_BYTES,
    (atLeast) =>
      new AppError(
        "file_too_large",
        `The upload is larger than ${formatMegabytes(MAX_UPLOAD_BODY_BYTES)} (at least ${atLeast} bytes) and was not read further; files up to ${formatMegabytes(MAX_IMPORT_BYTES)} can be imported`,
        { status: 413, details: { limit: "import_bytes", max: MAX_IMPORT_BYTES, found: atLeast } },
      ),
  );
}

async function parseAs(format: ImportFormat, bytes: Uint8Array): Promise<ParsedImport> {
  switch (format) {
    case "tmx":
    case "xliff": {
      const { text, encoding } = decodeXml(bytes);
      return { kind: "bilingual", format, encoding, ...(format === "tmx" ? await parseTmx(text) : await parseXliff(text)) };
    }
    case "csv": {
      const { text, encoding } = decodeText(bytes);
      return { kind: "bilingual", format, encoding, ...parseCsv(text) };
    }
    case "docx":
      return monolingual(format, null, await docxParagraphs(bytes));
    case "html": {
      const { text, encoding } = decodeHtml(bytes);
      return monolingual(format, encoding, await htmlParagraphs(text, { countRows: true }));
    }
    case "md": {
      if (bytes.length > MAX_MARKDOWN_BYTES) {
        throw new AppError(
          "file_too_large",
          `The Markdown file is ${formatMegabytes(bytes.length)}; Markdown files up to ${MAX_MARKDOWN_BYTES / 1024} KB can be imported (split it, or convert it to HTML or plain text)`,
          { status: 413, details: { limit: "markdown_bytes", max: MAX_MARKDOWN_BYTES, found: bytes.length } },
        );
      }
      const { text, encoding } = decodeText(bytes);
      return monolingual(format, encoding, await markdownParagraphs(text));
    }
    case "txt": {
      const { text, encoding } = decodeText(bytes);
      // Counted before they are built: splitting a million one-letter paragraphs
      // kept the server from answering anyone else for most of a second.
      checkImportRowCount(paragraphCount(text), "paragraphs");
      return monolingual(format, encoding, splitParagraphs(text), text);
    }
  }
}

/** `plainText` is the text of a .txt file, whose paragraphs are runs of lines: a refusal then names the line too. */
function monolingual(format: ImportFormat, encoding: string | null, paragraphs: string[], plainText?: string): ParsedImport {
  if (paragraphs.length === 0) throw badImport("The file contains no text");
  checkImportRowCount(paragraphs.length, "paragraphs");
  const tooLong = paragraphs.findIndex((paragraph) => paragraph.length > MAX_CELL_LENGTH);
  if (tooLong >= 0) {
    const paragraph = tooLong + 1;
    const line = plainText === undefined ? undefined : paragraphLine(plainText, paragraph);
    checkCellLength(paragraphs[tooLong]!, `Paragraph ${paragraph}${line ? ` (line ${line})` : ""}`, {
      paragraph,
      ...(line ? { line } : {}),
    });
  }
  return { kind: "monolingual", format, encoding, suggestedLanguage: suggestLanguage(paragraphs.join("\n\n")), paragraphs };
}

/** The line a paragraph of plain text starts on, counting paragraphs as splitParagraphs does (runs of non-blank lines). */
function paragraphLine(text: string, paragraph: number): number {
  const lines = text.split(/\r\n|\r|\n/);
  let seen = 0;
  for (let index = 0; index < lines.length; index++) {
    const startsOne = lines[index]!.trim() !== "" && (index === 0 || lines[index - 1]!.trim() === "");
    if (startsOne && ++seen === paragraph) return index + 1;
  }
  return lines.length;
}

/**
 * How many paragraphs splitParagraphs finds in `text` (runs of lines that are
 * not blank, lines ending in CRLF, CR or LF), counted without building them.
 */
export function paragraphCount(text: string): number {
  let count = 0;
  let inParagraph = false;
  let blank = true;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 10;
    if (code === 10 || code === 13) {
      if (!blank && !inParagraph) count++;
      inParagraph = !blank;
      blank = true;
      if (code === 13 && text.charCodeAt(index + 1) === 10) index++;
    } else if (blank && !isSpace(code, text, index)) {
      blank = false;
    }
  }
  return count;
}

/** Whether the character at `index` is white space as String.prototype.trim sees it. */
function isSpace(code: number, text: string, index: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(text[index]!);
}
