import { checkCellLength, checkImportRowCount, checkLanguageCount, limitExceeded, MAX_CSV_COLUMNS } from "../limits";
import { badImport } from "./errors";
import { normalizeLanguageTag } from "./language-tag";
import { type ExportDocument, readRevisionId, REVISION_CARRIER, type TransferRow } from "./types";

export type ParsedCsv = { languages: string[]; rows: TransferRow[] };

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * Reads a table whose header row names a language per column (as exportCsv
 * writes it): RFC 4180 quoting, CRLF or LF line ends, and the delimiter of
 * the header (comma, or the semicolon or tab spreadsheets also write). An
 * empty field is a cell without text. A column headed
 * `x-parallel-revision LANG` (as exportCsv writes them) holds the revision
 * each LANG cell was exported from; an empty or unreadable one, none. The header may name at most
 * MAX_LANGUAGES_PER_DOCUMENT languages; the limits on rows, columns and
 * characters per cell are checked while reading, naming line and column.
 */
export function parseCsv(text: string): ParsedCsv {
  const delimiter = headerDelimiter(text);
  const records = readRecords(text, delimiter);
  const [header, ...body] = records;
  if (!header) throw badImport("The CSV file has no header row");
  const columns = header.fields.map((field, index) => {
    if (field.trim() === "")
      throw badImport(`The CSV header (line 1) has an empty column ${index + 1}; each column needs a language code like "ru"`);
    const [carrier, tag, ...rest] = field.trim().split(/\s+/);
    if (carrier === REVISION_CARRIER && tag && !rest.length) {
      return { revisionOf: normalizeLanguageTag(tag, `CSV header, column ${index + 1} (${REVISION_CARRIER} LANG)`) };
    }
    return { language: normalizeLanguageTag(field, `CSV header, column ${index + 1}`) };
  });
  const languages = columns.flatMap((column) => (column.language ? [column.language] : []));
  const seen = new Set<string>();
  for (const language of languages) {
    if (seen.has(language)) throw badImport(`The CSV header (line 1) names the language "${language}" twice`);
    seen.add(language);
  }
  for (const column of columns) {
    if (column.revisionOf && !seen.has(column.revisionOf)) {
      throw badImport(
        `The CSV header (line 1) has a column "${REVISION_CARRIER} ${column.revisionOf}" but no "${column.revisionOf}" column`,
      );
    }
  }
  const rows = body.map((record) => {
    if (record.fields.length !== columns.length) {
      throw badImport(`Line ${record.line} of the CSV file has ${record.fields.length} fields; the header has ${columns.length}`, {
        line: record.line,
      });
    }
    const cells: TransferRow["cells"] = {};
    const revisions = new Map<string, number>();
    record.fields.forEach((field, index) => {
      const column = columns[index]!;
      if (column.revisionOf) {
        const revisionId = readRevisionId(field);
        if (revisionId !== null) revisions.set(column.revisionOf, revisionId);
        return;
      }
      checkCellLength(field, `Line ${record.line} of the CSV file, field ${index + 1} (${column.language}),`, {
        line: record.line,
        field: index + 1,
      });
      if (field !== "") cells[column.language!] = { text: field };
    });
    for (const [language, revisionId] of revisions) if (cells[language]) cells[language].revisionId = revisionId;
    return { cells };
  });
  if (rows.length === 0) throw badImport("The CSV file has a header but no rows");
  return { languages, rows };
}

/** The delimiter that occurs most often outside quotes in the first line. */
function headerDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0]!.replace(/"[^"]*"/g, "");
  const counts = DELIMITERS.map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length - 1 }));
  return counts.reduce((best, candidate) => (candidate.count > best.count ? candidate : best)).delimiter;
}

export type CsvRecord = { line: number; fields: string[] };

/** The records of a CSV table (the header first), read as parseCsv reads a document's: for tables of other things (glossaries). */
export function readCsvRecords(text: string): CsvRecord[] {
  return readRecords(text, headerDelimiter(text));
}

/**
 * Reads records field by field, slicing whole runs of text rather than adding
 * up characters (files run to 50 MB). Stops at the first record past the
 * import's row limit and at the first field past the column limit; the
 * header is counted to its end, so that the refusal names how many
 * languages it has.
 */
function readRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const unquotedField = new RegExp(`[^"\\r\\n${delimiter}]*`, "y");
  let index = 0;
  let line = 1;
  while (index < text.length) {
    const recordLine = line;
    const fields: string[] = [];
    let fieldCount = 0;
    let quotedFieldInRecord = false;
    for (;;) {
      const fieldStart = { index, line };
      let field: string;
      if (text[index] === '"') {
        quotedFieldInRecord = true;
        const openedAt = { line, column: columnAt(text, index) };
        field = "";
        index++;
        for (;;) {
          const quote = text.indexOf('"', index);
          if (quote < 0) {
            throw badImport(`The CSV file ends inside a quoted field opened at line ${openedAt.line}, column ${openedAt.column}`, openedAt);
          }
          const chunk = text.slice(index, quote);
          field += chunk;
          line += chunk.match(/\r\n|\r|\n/g)?.length ?? 0;
          if (text[quote + 1] !== '"') {
            index = quote + 1;
            break;
          }
          field += '"';
          index = quote + 2;
        }
        field = field.replace(/\r\n/g, "\n");
        const after = text[index];
        if (after !== undefined && after !== delimiter && after !== "\r" && after !== "\n") {
          const column = columnAt(text, index);
          throw badImport(
            `Line ${line}, column ${column} of the CSV file: a quoted field must end at the delimiter or the line end, found "${after}"`,
            { line, column },
          );
        }
      } else {
        unquotedField.lastIndex = index;
        field = unquotedField.exec(text)![0];
        index += field.length;
        if (text[index] === '"') {
          const column = columnAt(text, index);
          throw badImport(
            `Line ${line}, column ${column} of the CSV file: a quote inside an unquoted field; quote the whole field and double the quote ("")`,
            { line, column },
          );
        }
      }
      fieldCount++;
      // Past the limit the header's fields are only counted, to name how many languages it has.
      if (fieldCount <= MAX_CSV_COLUMNS) fields.push(field);
      else if (records.length > 0) {
        const column = columnAt(text, fieldStart.index);
        throw limitExceeded(
          "csv_columns",
          MAX_CSV_COLUMNS,
          `Line ${fieldStart.line} of the CSV file has more than ${MAX_CSV_COLUMNS} fields (field ${fieldCount} starts at column ${column}); a CSV file has at most ${MAX_CSV_COLUMNS} columns`,
          { line: fieldStart.line, column },
        );
      }
      if (text[index] !== delimiter) break;
      index++;
    }
    if (index < text.length) {
      index += text[index] === "\r" && text[index + 1] === "\n" ? 2 : 1;
      line++;
    }
    const blankLine = fields.length === 1 && fields[0] === "" && !quotedFieldInRecord;
    if (blankLine) continue;
    if (records.length === 0) checkLanguageCount(fieldCount, `The CSV header (line ${recordLine}) names`);
    records.push({ line: recordLine, fields });
    // The first record is the header.
    checkImportRowCount(records.length - 1, "rows", { line: recordLine });
  }
  return records;
}

function columnAt(text: string, index: number): number {
  return index - Math.max(text.lastIndexOf("\n", index - 1), text.lastIndexOf("\r", index - 1));
}

/**
 * Writes RFC 4180 CSV: a header row of language codes, one column per
 * language in display order, one record per row, CRLF line ends. It starts
 * with a UTF-8 byte-order mark because Excel otherwise reads the file in the
 * system's legacy code page and garbles Cyrillic; parseCsv (through
 * decodeText) and most other readers skip the mark. When the document names
 * its cells' revisions, a column `x-parallel-revision LANG` per language
 * follows the texts, so an update from the file can merge with edits made in
 * the app since.
 */
export function exportCsv(document: ExportDocument): string {
  const codes = document.languages.map((language) => language.code);
  const withRevisions = codes.filter((code) => document.rows.some((row) => row.cells[code]?.revisionId));
  return writeCsv([
    [...codes, ...withRevisions.map((code) => `${REVISION_CARRIER} ${code}`)],
    ...document.rows.map((row) => [
      ...codes.map((code) => row.cells[code]?.text ?? ""),
      ...withRevisions.map((code) => (row.cells[code]?.text ? String(row.cells[code].revisionId ?? "") : "")),
    ]),
  ]);
}

/** RFC 4180 records with CRLF line ends after a UTF-8 byte-order mark (see exportCsv). */
export function writeCsv(records: string[][]): string {
  // With one column an empty field would be a blank line, which readers skip; quoting keeps the row.
  const field = (value: string, columns: number) =>
    /[",\r\n]/.test(value) || (value === "" && columns === 1) ? `"${value.replace(/"/g, '""')}"` : value;
  return `\uFEFF${records.map((record) => record.map((value) => field(value, record.length)).join(",")).join("\r\n")}\r\n`;
}
