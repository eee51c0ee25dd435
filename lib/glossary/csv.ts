/**
 * Glossaries as CSV (docs/api.md, "Glossary files"). The header names each
 * column: a language tag (`en`, `pt-BR`) holds an agreed wording in that
 * language, `forbidden:TAG` a forbidden variant, `note` the note. A tag may
 * head several columns, one wording each (a term with two agreed English
 * wordings fills two `en` columns). One record per term; empty fields are
 * no wording.
 */
import { readCsvRecords } from "../formats/csv";
import { badImport } from "../formats/errors";
import { normalizeLanguageTag } from "../formats/language-tag";
import { writeCsv } from "../formats";
import { languageRank, type ParsedGlossary } from "./file-types";
import type { TermWordings } from "./terms";

const FORBIDDEN_PREFIX = "forbidden:";
const NOTE = "note";

type Column = { kind: "agreed" | "forbidden"; language: string } | { kind: "note" };

function readHeader(fields: string[]): Column[] {
  let notes = 0;
  const columns = fields.map((raw, index): Column => {
    const field = raw.trim();
    const where = `CSV header, column ${index + 1}`;
    if (field === "") {
      throw badImport(`${where} is empty; name a language ("ru"), "forbidden:ru" or "note"`, { line: 1, column: index + 1 });
    }
    if (field.toLowerCase() === NOTE) {
      if (++notes > 1) throw badImport(`${where}: the header has two "note" columns; a term has one note`, { line: 1, column: index + 1 });
      return { kind: "note" };
    }
    if (field.toLowerCase().startsWith(FORBIDDEN_PREFIX)) {
      return { kind: "forbidden", language: normalizeLanguageTag(field.slice(FORBIDDEN_PREFIX.length), where) };
    }
    if (!/^[a-z]{2,3}([-_]|$)/i.test(field)) {
      throw badImport(`${where}: "${field}" is neither a language tag like "ru", nor "forbidden:ru", nor "note"`, {
        line: 1,
        column: index + 1,
      });
    }
    return { kind: "agreed", language: normalizeLanguageTag(field, where) };
  });
  if (!columns.some((column) => column.kind === "agreed")) {
    throw badImport('The CSV header names no language column ("en", "ru"…); the terms need one at least');
  }
  return columns;
}

/** Reads a glossary CSV into terms, each named by its line for the checks that follow. */
export function parseGlossaryCsv(text: string): ParsedGlossary {
  const [header, ...records] = readCsvRecords(text);
  if (!header) throw badImport("The CSV file has no header row");
  const columns = readHeader(header.fields);
  const terms = records.map((record) => {
    if (record.fields.length !== columns.length) {
      throw badImport(`Line ${record.line} of the CSV file has ${record.fields.length} fields; the header has ${columns.length}`, {
        line: record.line,
      });
    }
    const term: TermWordings = { translations: {}, forbidden: {}, note: "" };
    record.fields.forEach((field, index) => {
      const column = columns[index]!;
      if (column.kind === "note") term.note = field;
      else if (field.trim() !== "") ((column.kind === "agreed" ? term.translations : term.forbidden)[column.language] ??= []).push(field);
    });
    return { term, where: `Line ${record.line} of the CSV file`, position: { line: record.line } };
  });
  if (!terms.length) throw badImport("The CSV file has a header but no terms");
  return { terms };
}

/** How many columns each language needs: as many as its most wordings in one term. */
function widths(terms: TermWordings[], of: (term: TermWordings) => Record<string, string[]>): Map<string, number> {
  const found = new Map<string, number>();
  for (const term of terms) {
    for (const [language, texts] of Object.entries(of(term))) found.set(language, Math.max(found.get(language) ?? 0, texts.length));
  }
  return found;
}

/** Writes a glossary as CSV (with a byte-order mark and CRLF, as document exports): languages in the order given, then others as met. */
export function writeGlossaryCsv(terms: TermWordings[], languageOrder: string[] = []): string {
  const order = (languages: Map<string, number>) =>
    [...languages.entries()].sort(([a], [b]) => languageRank(languageOrder, a) - languageRank(languageOrder, b) || a.localeCompare(b));
  const agreed = order(widths(terms, (term) => term.translations));
  const forbidden = order(widths(terms, (term) => term.forbidden));
  const spread = (columns: [string, number][], wordings: Record<string, string[]>) =>
    columns.flatMap(([language, width]) => Array.from({ length: width }, (_, index) => wordings[language]?.[index] ?? ""));
  const header = [
    ...agreed.flatMap(([language, width]) => Array<string>(width).fill(language)),
    ...forbidden.flatMap(([language, width]) => Array<string>(width).fill(`${FORBIDDEN_PREFIX}${language}`)),
    NOTE,
  ];
  return writeCsv([
    header,
    ...terms.map((term) => [...spread(agreed, term.translations), ...spread(forbidden, term.forbidden), term.note]),
  ]);
}
