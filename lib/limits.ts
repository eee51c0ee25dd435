// Every limit on what the workbench takes in, in one place (docs/api.md,
// "Limits", lists them for clients). Each is far above what real work needs
// and low enough that no single request can stall or exhaust the server.
import { AppError } from "./errors";

/** Languages of one document: every row holds a cell per language, and the editor shows them side by side. */
export const MAX_LANGUAGES_PER_DOCUMENT = 100;

/** Rows of one document, and paragraphs or units one import brings: alignment and the editor stay fast below it. */
export const MAX_ROWS_PER_DOCUMENT = 200_000;
export const MAX_ROWS_PER_IMPORT = MAX_ROWS_PER_DOCUMENT;

/** Characters of one cell: a long paragraph is a few thousand; a bigger one is a file that was not split. */
export const MAX_CELL_LENGTH = 20_000;

/**
 * Nesting depth of elements in TMX, XLIFF and HTML: real files nest a few
 * dozen deep at most; the readers' recursion (and the HTML parser's stack,
 * whose every step costs its depth) must stay bounded.
 */
export const MAX_NESTING_DEPTH = 200;

/**
 * Markdown's parser (marked) reads about 1.5 MB a second, and crafted text
 * (long runs of brackets, nested lists) five times slower, all of it
 * blocking the server: a Markdown file is held to a much smaller size than
 * other files (a long book still fits; bigger ones convert to HTML or plain
 * text), its quotes and lists to a shallow nesting, and its runs of emphasis
 * markers ("****") to a short length (long runs make it recurse until the
 * stack overflows).
 */
export const MAX_MARKDOWN_BYTES = 256 * 1024;
export const MAX_MARKDOWN_NESTING = 8;
export const MAX_MARKDOWN_MARKER_RUN = 100;

/** Fields of a CSV record: the CSV format has a column per language and no others. */
export const MAX_CSV_COLUMNS = MAX_LANGUAGES_PER_DOCUMENT;

/** Bytes of an imported file, refused before anything else is read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** Bytes of an upload request: the file plus its multipart framing and the form's few short fields. */
export const MAX_UPLOAD_BODY_BYTES = MAX_IMPORT_BYTES + 64 * 1024;

/** Bytes a DOCX may unpack to: far above real documents, far below what would exhaust memory. */
export const MAX_DOCX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;

/**
 * How many times larger than its compressed size a zip entry of more than
 * ZIP_RATIO_FLOOR_BYTES may unpack to: Word's XML compresses about 10:1, a
 * zip bomb a thousandfold and more.
 */
export const MAX_ZIP_RATIO = 100;
export const ZIP_RATIO_FLOOR_BYTES = 1024 * 1024;

/** Bytes of a JSON request body: the largest (a bulk edit, a new document's text) is well under it. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Where in a file a limit was passed, as far as the format can tell. */
export type Position = { line?: number; column?: number; paragraph?: number; field?: number };

/**
 * A content limit passed: 422 `limit_exceeded`; details name the limit, its
 * value, what was found and where.
 */
export function limitExceeded(limit: string, max: number, message: string, details: { found?: number } & Position = {}): AppError {
  return new AppError("limit_exceeded", message, { status: 422, details: { limit, max, ...details } });
}

/** A document would hold more than MAX_LANGUAGES_PER_DOCUMENT languages. */
export function checkLanguageCount(count: number, what: string): void {
  if (count > MAX_LANGUAGES_PER_DOCUMENT) {
    throw limitExceeded(
      "languages_per_document",
      MAX_LANGUAGES_PER_DOCUMENT,
      `${what} ${count} languages; a document holds at most ${MAX_LANGUAGES_PER_DOCUMENT}`,
      { found: count },
    );
  }
}

/**
 * A document would hold more than MAX_ROWS_PER_DOCUMENT rows (`existing`
 * already, `added` more). Call it wherever rows are added to a document
 * that has some: an import into an existing document, a split.
 */
export function checkDocumentRowCount(existing: number, added: number, slug: string): void {
  if (existing + added > MAX_ROWS_PER_DOCUMENT) {
    throw limitExceeded(
      "rows_per_document",
      MAX_ROWS_PER_DOCUMENT,
      `Document "${slug}" has ${existing} rows; ${added} more would pass the ${MAX_ROWS_PER_DOCUMENT} rows a document holds at most`,
      { found: existing + added },
    );
  }
}

/**
 * An import of more than MAX_ROWS_PER_IMPORT paragraphs or units; `unit`
 * names them ("paragraphs", "rows"). A reader that stops at the first one
 * too many passes its position; `count` is then how many it had read.
 */
export function checkImportRowCount(count: number, unit: string, position: Position = {}): void {
  if (count <= MAX_ROWS_PER_IMPORT) return;
  const at = position.line ? `: number ${count} is at line ${position.line}` : "";
  const found = position.line ? `more than ${MAX_ROWS_PER_IMPORT}` : `${count}`;
  throw limitExceeded(
    "rows_per_import",
    MAX_ROWS_PER_IMPORT,
    `The file has ${found} ${unit}${at}; one import takes at most ${MAX_ROWS_PER_IMPORT}`,
    { found: count, ...position },
  );
}

/** A cell's text longer than MAX_CELL_LENGTH; `where` says which one ("paragraph 3 (line 12)"). */
export function checkCellLength(text: string, where: string, position: Position = {}): void {
  if (text.length > MAX_CELL_LENGTH) {
    throw limitExceeded(
      "cell_characters",
      MAX_CELL_LENGTH,
      `${where} has ${text.length} characters; a cell holds at most ${MAX_CELL_LENGTH}: split it into shorter paragraphs`,
      { found: text.length, ...position },
    );
  }
}

/**
 * A request's body, counted as its bytes arrive: Content-Length may be
 * missing (a chunked upload) or lie, so reading stops, with the error
 * `tooLarge` makes, at the first chunk that takes the count past `max`
 * (or before the first, when Content-Length already passes it).
 */
export async function readBodyWithin(
  request: Request,
  max: number,
  tooLarge: (atLeast: number) => AppError,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (declared > max) throw tooLarge(declared);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    received += read.value.byteLength;
    if (received > max) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(received);
    }
    chunks.push(read.value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
