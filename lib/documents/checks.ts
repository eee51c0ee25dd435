/** The checks of a stored document: its live rows read once, checked in memory. */
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import { checkCell, documentContext, type Check, type CheckedDocument, type CheckKind, type DocumentContext } from "../checks";

export interface LoadedDocument {
  document: CheckedDocument;
  context: DocumentContext;
  /** The rows' segment ids, in the document's order (index = row number − 1). */
  segmentIds: number[];
}

/** A document's live rows with every language's text, and what the document-level checks need. */
export async function loadForChecks(db: Db, slug: string): Promise<LoadedDocument> {
  const found = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      languages: { orderBy: [{ isOriginal: "desc" }, { position: "asc" }], select: { id: true, code: true, isOriginal: true } },
    },
  });
  if (!found) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  const [row] = await db.$queryRaw<{ stamp: string }[]>`
    SELECT md5(coalesce(string_agg(concat_ws(':', s.id, s.position, c."languageId", c."headRevisionId"), ',' ORDER BY s.id, c."languageId"), '')) AS stamp
      FROM "Segment" s JOIN "Cell" c ON c."segmentId" = s.id WHERE s."documentId" = ${found.id} AND s."deletedAt" IS NULL`;
  const key = `${found.id}:${found.languages.map((language) => `${language.id}=${language.code}${language.isOriginal ? "*" : ""}`).join(",")}:${row?.stamp}`;
  const loaded = loadedBy.get(db) ?? new Map<number, { key: string; document: LoadedDocument }>();
  loadedBy.set(db, loaded);
  const cached = loaded.get(found.id);
  if (cached?.key === key) return cached.document;
  const document = await readForChecks(db, found);
  loaded.delete(found.id);
  loaded.set(found.id, { key, document });
  // A few documents at most: one of 10,000 rows × 3 languages holds some 15 MB of text.
  for (const id of loaded.keys()) if (loaded.size > LOADED_DOCUMENTS) loaded.delete(id);
  return document;
}

/**
 * The last documents read for checks, per database client and document id,
 * with what they were read at:
 * every live row's id and position and every cell's head revision (a text
 * never changes without a new head revision), so any edit, import or change
 * of rows reads the document afresh; the rows API asks again for each page.
 */
const loadedBy = new WeakMap<Db, Map<number, { key: string; document: LoadedDocument }>>();
const LOADED_DOCUMENTS = 4;

async function readForChecks(
  db: Db,
  found: { id: number; languages: { id: number; code: string; isOriginal: boolean }[] },
): Promise<LoadedDocument> {
  // One flat query, each language's texts as an array in row order: Prisma's nested select costs seconds on 10,000 rows.
  const columns = await db.$queryRaw<{ segmentIds: number[]; texts: string[][] }[]>`
    SELECT array_agg(s.id ORDER BY s.position, s.id) AS "segmentIds",
           array[${Prisma.join(
             found.languages.map(
               (language) =>
                 Prisma.sql`array_agg(coalesce((SELECT c.text FROM "Cell" c WHERE c."segmentId" = s.id AND c."languageId" = ${language.id}), '') ORDER BY s.position, s.id)`,
             ),
           )}]::text[][] AS texts
      FROM "Segment" s WHERE s."documentId" = ${found.id} AND s."deletedAt" IS NULL`;
  const segmentIds = columns[0]?.segmentIds ?? [];
  const texts = columns[0]?.texts ?? [];
  const original = found.languages.find((language) => language.isOriginal) ?? found.languages[0];
  const document: CheckedDocument = {
    originalLanguage: original?.code ?? "",
    languages: found.languages.map((language) => language.code),
    rows: segmentIds.map((_, row) =>
      Object.fromEntries(found.languages.map((language, column) => [language.code, texts[column]?.[row] ?? ""])),
    ),
  };
  return { document, context: documentContext(document), segmentIds };
}

export interface FoundCheck extends Check {
  /** 1-based, as the workbench numbers rows. */
  row: number;
  language: string;
}

/** Every failing check of a document, or of one of its languages, in row order. */
export async function documentChecks(db: Db, slug: string, language?: string): Promise<FoundCheck[]> {
  const { document, context } = await loadForChecks(db, slug);
  if (language !== undefined && !document.languages.includes(language)) {
    throw new AppError("language_not_found", `Document "${slug}" has no language ${JSON.stringify(language)}`, { status: 404 });
  }
  const languages = language === undefined ? document.languages : [language];
  return document.rows.flatMap((_, row) =>
    languages.flatMap((code) => checkCell(document, context, row, code).map((check) => ({ row: row + 1, language: code, ...check }))),
  );
}

/** The rows (segment ids) with a failing check in one of these languages, of one kind if named: the rows API's "checks" filter. */
export function failingSegments({ document, context, segmentIds }: LoadedDocument, languages: string[], kind?: CheckKind): number[] {
  return segmentIds.filter((_, row) =>
    languages.some((language) => checkCell(document, context, row, language).some((check) => !kind || check.kind === kind)),
  );
}
