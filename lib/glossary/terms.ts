/**
 * Glossaries (issue #15): one per document, and one shared by all documents
 * (its terms have no document). A term has agreed translations and
 * forbidden variants per language (BCP 47 tags, any languages), a note, and
 * who added it when. Every change is one transaction.
 */
import { z } from "zod";
import type { GlossaryTerm } from "../checks";
import type { Db, Tx } from "../db/client";
import { lockStoredChecks } from "../db/check-locks";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { canonicalLanguageTag } from "../formats";
import { parseInput } from "../validation";

/** Which glossary: a document's (by slug), or the shared one (no slug). */
export interface GlossaryName {
  slug?: string;
}

/** A term as the API and the screens show it. */
export interface StoredGlossaryTerm extends GlossaryTerm {
  /** Whose glossary holds it: the document's or the shared one. */
  glossary: "document" | "shared";
  addedBy: { handle: string; name: string };
  addedAt: Date;
  updatedAt: Date;
}

/** Characters a wording may have: a term is a few words, not a paragraph. */
export const MAX_WORDING_LENGTH = 300;
export const MAX_NOTE_LENGTH = 2000;
/** Wordings a term may have in all, agreed and forbidden, over all its languages. */
export const MAX_WORDINGS_PER_TERM = 50;
/** Terms one glossary may hold (an import past it is refused whole). */
export const MAX_GLOSSARY_TERMS = 20_000;

const Wording = z
  .string()
  .max(MAX_WORDING_LENGTH, `is longer than ${MAX_WORDING_LENGTH} characters`)
  .transform((text) => text.trim().replace(/\s+/g, " "))
  .pipe(z.string().regex(/[\p{L}\p{N}]/u, "needs at least one letter or digit"));
const Wordings = z.record(z.string().max(50), z.array(Wording).max(MAX_WORDINGS_PER_TERM));
const Note = z
  .string()
  .max(MAX_NOTE_LENGTH, `is longer than ${MAX_NOTE_LENGTH} characters`)
  .transform((note) => note.trim());

export const GlossaryTermInput = z.strictObject({ translations: Wordings, forbidden: Wordings.optional(), note: Note.optional() });
export type GlossaryTermInput = z.input<typeof GlossaryTermInput>;
export const GlossaryTermChange = z
  .strictObject({ translations: Wordings.optional(), forbidden: Wordings.optional(), note: Note.optional() })
  .refine((change) => Object.keys(change).length > 0, "names nothing to change (translations, forbidden or note)");
export type GlossaryTermChange = z.input<typeof GlossaryTermChange>;

/** A term's wordings as stored: language tags canonical, each text once, agreed before forbidden. */
export interface TermWordings {
  translations: Record<string, string[]>;
  forbidden: Record<string, string[]>;
  note: string;
}

const invalid = (message: string) => new AppError("invalid_input", message, { status: 400 });

/** Canonical tags (`EN_us` → `en-US`), each wording once per language; `where` names the field for errors. */
function canonicalWordings(wordings: Record<string, string[]>, where: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [tag, texts] of Object.entries(wordings)) {
    const language = canonicalLanguageTag(tag);
    if (!language) throw invalid(`Invalid glossary term: ${where}.${tag}: is not a language tag like "ru", "pt-BR" or "en-revised"`);
    const list = (result[language] ??= []);
    for (const text of texts) if (!list.some((other) => other.toLowerCase() === text.toLowerCase())) list.push(text);
    if (!list.length) delete result[language];
  }
  return result;
}

/**
 * Checks a term as a whole: some agreed wording, no wording both agreed and
 * forbidden, not too many. `where` says which term (an import names its line
 * or element).
 */
export function checkTerm(term: TermWordings, where = "Invalid glossary term"): TermWordings {
  const translations = canonicalWordings(term.translations, "translations");
  const forbidden = canonicalWordings(term.forbidden, "forbidden");
  if (!Object.keys(translations).length) throw invalid(`${where}: a term needs at least one agreed wording (translations)`);
  for (const [language, texts] of Object.entries(forbidden)) {
    const both = texts.find((text) => translations[language]?.some((agreed) => agreed.toLowerCase() === text.toLowerCase()));
    if (both !== undefined) throw invalid(`${where}: "${both}" (${language}) is both an agreed translation and a forbidden variant`);
  }
  const count = [...Object.values(translations), ...Object.values(forbidden)].flat().length;
  if (count > MAX_WORDINGS_PER_TERM) throw invalid(`${where}: a term has at most ${MAX_WORDINGS_PER_TERM} wordings; this one has ${count}`);
  return { translations, forbidden, note: term.note };
}

/** The document a glossary belongs to (null: the shared one); 404 when the slug names none. */
export async function glossaryDocumentId(db: Db | Tx, glossary: GlossaryName): Promise<number | null> {
  if (glossary.slug === undefined) return null;
  const document = await db.document.findUnique({ where: { slug: glossary.slug }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document "${glossary.slug}"`, { status: 404 });
  return document.id;
}

const termInclude = {
  translations: { orderBy: { position: "asc" } },
  addedBy: { select: { handle: true, name: true } },
} as const;

type TermRow = {
  id: number;
  documentId: number | null;
  note: string;
  addedAt: Date;
  updatedAt: Date;
  addedBy: { handle: string; name: string };
  translations: { language: string; text: string; forbidden: boolean }[];
};

function present(row: TermRow): StoredGlossaryTerm {
  const translations: Record<string, string[]> = {};
  const forbidden: Record<string, string[]> = {};
  for (const wording of row.translations) (wording.forbidden ? forbidden : translations)[wording.language] ??= [];
  for (const wording of row.translations) (wording.forbidden ? forbidden : translations)[wording.language]!.push(wording.text);
  return {
    id: row.id,
    glossary: row.documentId === null ? "shared" : "document",
    translations,
    forbidden,
    note: row.note,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
    updatedAt: row.updatedAt,
  };
}

/** Every term of a glossary, oldest first. */
export async function listGlossary(db: Db, glossary: GlossaryName): Promise<StoredGlossaryTerm[]> {
  return termsOfGlossary(db, await glossaryDocumentId(db, glossary));
}

/** The terms of a document's glossary (null: the shared one), oldest first. */
export async function termsOfGlossary(db: Db | Tx, documentId: number | null): Promise<StoredGlossaryTerm[]> {
  const rows = await db.glossaryTerm.findMany({ where: { documentId }, include: termInclude, orderBy: { id: "asc" } });
  return rows.map(present);
}

/**
 * The languages a glossary's screen shows, each once: a document's in its
 * order (the original first), for the shared glossary those of every
 * document; then any other language its terms have, by tag.
 */
export async function glossaryLanguages(db: Db, glossary: GlossaryName, terms: GlossaryTerm[]): Promise<{ code: string; label: string }[]> {
  const documentId = await glossaryDocumentId(db, glossary);
  const languages = await db.documentLanguage.findMany({
    // Removed languages are gone from every view.
    where: documentId === null ? { deletedAt: null } : { documentId, deletedAt: null },
    orderBy: [{ documentId: "asc" }, { isOriginal: "desc" }, { position: "asc" }],
    select: { code: true, label: true },
  });
  const found = new Map<string, string>();
  for (const { code, label } of languages) if (!found.has(code)) found.set(code, label);
  const others = new Set(terms.flatMap((term) => [...Object.keys(term.translations), ...Object.keys(term.forbidden)]));
  for (const code of [...others].sort()) if (!found.has(code)) found.set(code, code);
  return [...found].map(([code, label]) => ({ code, label }));
}

/** The terms that apply to a document, its own and the shared glossary's: what the terminology check and the workbench use. */
export async function termsForDocument(db: Db | Tx, documentId: number): Promise<StoredGlossaryTerm[]> {
  const rows = await db.glossaryTerm.findMany({
    where: { OR: [{ documentId }, { documentId: null }] },
    include: termInclude,
    orderBy: { id: "asc" },
  });
  return rows.map(present);
}

function wordingRows(term: TermWordings) {
  let position = 0;
  const rows = (wordings: Record<string, string[]>, forbidden: boolean) =>
    Object.entries(wordings).flatMap(([language, texts]) => texts.map((text) => ({ language, text, forbidden, position: position++ })));
  return [...rows(term.translations, false), ...rows(term.forbidden, true)];
}

/**
 * After a change to a glossary, in its transaction: the stored checks of the
 * documents it serves (the document's, or every document for the shared
 * glossary) are dropped, under the lock their re-checks take, so the next
 * read of them checks those documents afresh against the glossary as it
 * now is (lib/documents/checks-store.ts, bringChecksCurrent). Dismissals are
 * kept apart and apply again.
 */
export async function glossaryChanged(tx: Tx, documentId: number | null): Promise<void> {
  const documentIds =
    documentId === null
      ? (await tx.document.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((document) => document.id)
      : [documentId];
  for (const id of documentIds) await lockStoredChecks(tx, id);
  await tx.$executeRaw`
    DELETE FROM "CellCheck" k USING "Segment" s WHERE s.id = k."segmentId" AND s."documentId" = ANY(${documentIds}::int[])`;
}

/** Writes new terms into a glossary (in a transaction the caller holds), refusing a glossary grown past its limit. */
export async function insertTerms(tx: Tx, documentId: number | null, terms: TermWordings[], addedById: number): Promise<number[]> {
  const existing = await tx.glossaryTerm.count({ where: { documentId } });
  if (existing + terms.length > MAX_GLOSSARY_TERMS) {
    throw new AppError(
      "limit_exceeded",
      `A glossary holds at most ${MAX_GLOSSARY_TERMS} terms; this one has ${existing} and ${terms.length} more were given`,
      { status: 422, details: { limit: "glossary_terms", max: MAX_GLOSSARY_TERMS, found: existing + terms.length } },
    );
  }
  const ids: number[] = [];
  for (const term of terms) {
    const created = await tx.glossaryTerm.create({
      data: { documentId, note: term.note, addedById, translations: { create: wordingRows(term) } },
      select: { id: true },
    });
    ids.push(created.id);
  }
  return ids;
}

/** Replaces a stored term's wordings and note (in a transaction the caller holds). */
export async function rewriteTerm(tx: Tx, id: number, term: TermWordings): Promise<void> {
  await tx.glossaryTranslation.deleteMany({ where: { termId: id } });
  await tx.glossaryTerm.update({ where: { id }, data: { note: term.note, translations: { create: wordingRows(term) } } });
}

/** Adds a term to a glossary. */
export async function addGlossaryTerm(db: Db, glossary: GlossaryName, rawInput: unknown, addedById: number): Promise<StoredGlossaryTerm> {
  const input = parseInput(GlossaryTermInput, rawInput, "glossary term");
  const term = checkTerm({ translations: input.translations, forbidden: input.forbidden ?? {}, note: input.note ?? "" });
  return inTransaction(db, async (tx) => {
    const documentId = await glossaryDocumentId(tx, glossary);
    const [id] = await insertTerms(tx, documentId, [term], addedById);
    await glossaryChanged(tx, documentId);
    return present(await tx.glossaryTerm.findUniqueOrThrow({ where: { id: id! }, include: termInclude }));
  });
}

/** A term of this glossary, locked for a change; 404 when the glossary has no such term. */
async function termOf(tx: Tx, glossary: GlossaryName, id: number): Promise<TermRow> {
  const documentId = await glossaryDocumentId(tx, glossary);
  await tx.$queryRaw`SELECT id FROM "GlossaryTerm" WHERE id = ${id} FOR UPDATE`;
  const row = await tx.glossaryTerm.findFirst({ where: { id, documentId }, include: termInclude });
  if (!row) {
    const which = glossary.slug === undefined ? "the shared glossary" : `the glossary of "${glossary.slug}"`;
    throw new AppError("glossary_term_not_found", `There is no term ${id} in ${which}`, { status: 404 });
  }
  return row;
}

/** Changes a term: the fields given replace the stored ones whole (translations, forbidden, note). */
export async function updateGlossaryTerm(db: Db, glossary: GlossaryName, id: number, rawChange: unknown): Promise<StoredGlossaryTerm> {
  const change = parseInput(GlossaryTermChange, rawChange, "glossary term");
  return inTransaction(db, async (tx) => {
    const row = await termOf(tx, glossary, id);
    const stored = { ...present(row), documentId: row.documentId };
    const term = checkTerm({
      translations: change.translations ?? stored.translations,
      forbidden: change.forbidden ?? stored.forbidden,
      note: change.note ?? stored.note,
    });
    await rewriteTerm(tx, id, term);
    await glossaryChanged(tx, stored.documentId);
    return present(await tx.glossaryTerm.findUniqueOrThrow({ where: { id }, include: termInclude }));
  });
}

/** Removes a term from its glossary. */
export async function removeGlossaryTerm(db: Db, glossary: GlossaryName, id: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { documentId } = await termOf(tx, glossary, id);
    await tx.glossaryTerm.delete({ where: { id } });
    await glossaryChanged(tx, documentId);
  });
}
