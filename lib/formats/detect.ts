import { badImport } from "./errors";
import { extensionOf, FORMAT_OF_EXTENSION } from "./file-name";
import type { ImportFormat } from "./types";
import { isZip } from "./zip";

/** Formats people often try that cannot be read, with what to do instead. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ["doc", "old Word .doc files cannot be read; save it as .docx"],
  ["rtf", "RTF files cannot be read; save it as .docx or plain text"],
  ["odt", "OpenDocument files cannot be read; save it as .docx"],
  ["pdf", "PDF files cannot be read; export the text from the PDF first"],
  ["xlsx", "spreadsheets cannot be read; save the sheet as CSV"],
]);

const SUPPORTED_LIST = ".txt, .md, .html, .docx, .tmx, .xliff/.xlf, .csv";

/**
 * The format of an uploaded file: by its extension when that is known, else
 * by its first bytes (a zip is DOCX; <tmx, <xliff or <html name themselves;
 * a file without extension that is not markup is plain text).
 */
export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  const extension = extensionOf(fileName) ?? "";
  const known = FORMAT_OF_EXTENSION.get(extension);
  if (known) return known;
  const unsupported = UNSUPPORTED.get(extension);
  if (unsupported) throw badImport(`${fileName}: ${unsupported}`);
  const sniffed = sniff(bytes);
  if (sniffed) return sniffed;
  if (!extension && !looksBinary(bytes)) return "txt";
  throw badImport(`${fileName}: unknown file type${extension ? ` ".${extension}"` : ""}; supported are ${SUPPORTED_LIST}`);
}

function sniff(bytes: Uint8Array): ImportFormat | null {
  if (isZip(bytes)) return "docx";
  const head = headText(bytes)
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  if (!head.startsWith("<")) return null;
  if (/<tmx[\s>]/.test(head)) return "tmx";
  if (/<xliff[\s>]/.test(head)) return "xliff";
  if (/<!doctype html|<html[\s>]/.test(head)) return "html";
  return null;
}

/** The first bytes as text, read as UTF-16 when every other byte is NUL, which is enough to see markup. */
function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 4096);
  const nuls = head.filter((byte) => byte === 0).length;
  if (nuls > head.length / 4) return new TextDecoder(head[0] === 0 || head[0] === 0xfe ? "utf-16be" : "utf-16le").decode(head);
  return new TextDecoder().decode(head);
}

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 4096).includes(0) && headText(bytes).includes("\u0000");
}
