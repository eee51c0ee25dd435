/**
 * Importing a glossary file (CSV or TBX) into a glossary, and exporting a
 * glossary as one. The whole file is read and checked before anything is
 * written; then one transaction adds its new terms and completes the terms
 * it shares a wording with.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { decodeText } from "../formats";
import { decodeXml } from "../formats/encoding";
import { assertImportSize, badImport } from "../formats/errors";
import { normalizeLanguageTag } from "../formats/language-tag";
import { parseInput } from "../validation";
import { parseGlossaryCsv, writeGlossaryCsv } from "./csv";
import type { ParsedGlossary } from "./file-types";
import { parseTbx, writeTbx } from "./tbx";
import {
  checkTerm,
  glossaryChanged,
  glossaryDocumentId,
  GlossaryTermInput,
  insertTerms,
  MAX_GLOSSARY_TERMS,
  rewriteTerm,
  termsOfGlossary,
  type GlossaryName,
  type TermWordings,
} from "./terms";

export const GLOSSARY_FORMATS = ["csv", "tbx"] as const;
export type GlossaryFormat = (typeof GLOSSARY_FORMATS)[number];

export const GlossaryImportInput = z.strictObject({
  fileName: z.string().max(255),
  format: z.enum(GLOSSARY_FORMATS).optional(),
  /** Language tags of the file to read as others: "xx=ru,en_US=en". */
  rename: z.string().max(1000).optional(),
});
export type GlossaryImportInput = z.input<typeof GlossaryImportInput>;

/** The format a file's name says, else what its first character suggests (XML starts with "<", in any encoding). */
function formatOf(fileName: string, bytes: Uint8Array): GlossaryFormat {
  const extension = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (extension === "tbx" || extension === "xml") return "tbx";
  if (extension === "csv" || extension === "tsv") return "csv";
  const text = decodeText(bytes).text.replace(/^\uFEFF/, "");
  return text.trimStart().startsWith("<") ? "tbx" : "csv";
}

function readRename(value: string | undefined): Map<string, string> {
  const rename = new Map<string, string>();
  for (const pair of (value ?? "").split(",").filter((part) => part.trim())) {
    const [from, to, ...rest] = pair.split("=");
    if (from === undefined || to === undefined || rest.length) {
      throw new AppError("invalid_input", `Invalid glossary import: rename: "${pair}" is not FROM=TO, like "xx=ru"`, { status: 400 });
    }
    const where = (side: string) => `Invalid glossary import: rename: ${side} of "${pair}"`;
    rename.set(normalizeLanguageTag(from, where("FROM")), normalizeLanguageTag(to, where("TO")));
  }
  return rename;
}

/**
 * Reads a glossary file into checked terms: the format from `format`, the
 * name or the content; every term held to the rules of one added by hand,
 * the first that breaks them refused naming where it is in the file.
 */
export async function readGlossaryFile(bytes: Uint8Array, rawInput: GlossaryImportInput): Promise<TermWordings[]> {
  const input = parseInput(GlossaryImportInput, rawInput, "glossary import");
  const rename = readRename(input.rename);
  try {
    assertImportSize(bytes);
    const format = input.format ?? formatOf(input.fileName, bytes);
    let parsed: ParsedGlossary;
    if (format === "tbx") parsed = await parseTbx(decodeXml(bytes).text, rename);
    else {
      parsed = parseGlossaryCsv(decodeText(bytes).text);
      for (const { term } of parsed.terms) {
        for (const wordings of [term.translations, term.forbidden]) {
          for (const [from, to] of rename) {
            if (!wordings[from]) continue;
            wordings[to] = [...(wordings[to] ?? []), ...wordings[from]];
            delete wordings[from];
          }
        }
      }
    }
    if (parsed.terms.length > MAX_GLOSSARY_TERMS) {
      throw new AppError("limit_exceeded", `The file has ${parsed.terms.length} terms; a glossary holds at most ${MAX_GLOSSARY_TERMS}`, {
        status: 422,
        details: { limit: "glossary_terms", max: MAX_GLOSSARY_TERMS, found: parsed.terms.length },
      });
    }
    return parsed.terms.map(({ term, where, position }) => {
      const checked = GlossaryTermInput.safeParse({ translations: term.translations, forbidden: term.forbidden, note: term.note });
      if (!checked.success) {
        const problems = checked.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
        throw badImport(`${where}: ${problems}`, position);
      }
      const { translations, forbidden = {}, note = "" } = checked.data;
      try {
        return checkTerm({ translations, forbidden, note }, where);
      } catch (error) {
        if (error instanceof AppError) throw badImport(error.message, position);
        throw error;
      }
    });
  } catch (error) {
    const aboutTheFile = error instanceof AppError && (error.code === "bad_import" || error.code === "limit_exceeded");
    if (aboutTheFile && !error.message.startsWith(`${input.fileName}:`)) {
      throw new AppError(error.code, `${input.fileName}: ${error.message}`, { status: error.status, details: error.details, cause: error });
    }
    throw error;
  }
}

export interface GlossaryImportResult {
  /** Terms of the file that were new to the glossary. */
  added: number;
  /** Stored terms that shared a wording with a term of the file and took its other wordings (and its note, when it had one). */
  updated: number;
  /** Terms of the file the glossary already had, every wording of them. */
  unchanged: number;
}

const keyOf = (language: string, text: string) => `${language}\u0000${text.toLowerCase()}`;
const agreedKeys = (term: TermWordings) =>
  Object.entries(term.translations).flatMap(([language, texts]) => texts.map((text) => keyOf(language, text)));

/** `into` with the wordings of `from` it lacks, and the note of `from` when it has one. */
function merged(into: TermWordings, from: TermWordings): TermWordings {
  const union = (a: Record<string, string[]>, b: Record<string, string[]>) => {
    const result: Record<string, string[]> = Object.fromEntries(Object.entries(a).map(([language, texts]) => [language, [...texts]]));
    for (const [language, texts] of Object.entries(b)) {
      const list = (result[language] ??= []);
      for (const text of texts) if (!list.some((other) => other.toLowerCase() === text.toLowerCase())) list.push(text);
    }
    return result;
  };
  return {
    translations: union(into.translations, from.translations),
    forbidden: union(into.forbidden, from.forbidden),
    note: from.note || into.note,
  };
}

/**
 * Imports a glossary file: a term that shares an agreed wording (same
 * language, case aside) with a stored term, or with one met earlier in the
 * file, completes that term; the others are added. All or nothing.
 */
export async function importGlossary(
  db: Db,
  glossary: GlossaryName,
  bytes: Uint8Array,
  rawInput: GlossaryImportInput,
  addedById: number,
): Promise<GlossaryImportResult> {
  const incoming = await readGlossaryFile(bytes, rawInput);
  return inTransaction(
    db,
    async (tx) => {
      const documentId = await glossaryDocumentId(tx, glossary);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('glossary'), ${documentId ?? 0}::int)`;
      type Entry = { id?: number; term: TermWordings; stored?: string };
      const entries: Entry[] = (await termsOfGlossary(tx, documentId)).map(({ id, translations, forbidden, note }) => {
        const term = { translations, forbidden, note };
        return { id, term, stored: JSON.stringify(term) };
      });
      const byWording = new Map<string, Entry>();
      const index = (entry: Entry) => {
        for (const key of agreedKeys(entry.term)) if (!byWording.has(key)) byWording.set(key, entry);
      };
      entries.forEach(index);
      let unchanged = 0;
      for (const term of incoming) {
        const entry = agreedKeys(term)
          .map((key) => byWording.get(key))
          .find(Boolean);
        if (!entry) {
          const added = { term };
          entries.push(added);
          index(added);
          continue;
        }
        const before = JSON.stringify(entry.term);
        entry.term = checkTerm(merged(entry.term, term), `The term with "${agreedKeys(term)[0]!.split("\u0000")[1]}"`);
        if (JSON.stringify(entry.term) === before && entry.id !== undefined) unchanged++;
        index(entry);
      }
      const changed = entries.filter((entry) => entry.id !== undefined && JSON.stringify(entry.term) !== entry.stored);
      for (const entry of changed) await rewriteTerm(tx, entry.id!, entry.term);
      const added = entries.filter((entry) => entry.id === undefined).map((entry) => entry.term);
      await insertTerms(tx, documentId, added, addedById);
      if (added.length || changed.length) await glossaryChanged(tx, documentId);
      return { added: added.length, updated: changed.length, unchanged };
    },
    { timeout: 120_000 },
  );
}

export const GlossaryExportInput = z.strictObject({ format: z.enum(GLOSSARY_FORMATS) });

export interface ExportedGlossary {
  body: string;
  contentType: string;
  fileName: string;
}

/** A glossary as a file: CSV or TBX, a document's languages first in its column order. */
export async function exportGlossary(db: Db, glossary: GlossaryName, rawInput: unknown): Promise<ExportedGlossary> {
  const { format } = parseInput(GlossaryExportInput, rawInput, "glossary export");
  const documentId = await glossaryDocumentId(db, glossary);
  const terms = await termsOfGlossary(db, documentId);
  const languages =
    documentId === null
      ? []
      : (
          await db.documentLanguage.findMany({
            where: { documentId, deletedAt: null },
            orderBy: [{ isOriginal: "desc" }, { position: "asc" }],
            select: { code: true },
          })
        ).map((language) => language.code);
  const name = glossary.slug === undefined ? "glossary" : `${glossary.slug}-glossary`;
  if (format === "csv")
    return { body: writeGlossaryCsv(terms, languages), contentType: "text/csv; charset=utf-8", fileName: `${name}.csv` };
  const title = glossary.slug === undefined ? "Parallel: shared glossary" : `Parallel: glossary of ${glossary.slug}`;
  return { body: writeTbx(terms, title, languages), contentType: "application/x-tbx; charset=utf-8", fileName: `${name}.tbx` };
}
