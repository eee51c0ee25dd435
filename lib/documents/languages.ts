import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { canonicalLanguageTag } from "../formats";
import { checkLanguageCount } from "../limits";
import { LanguageCode } from "../schemas";
import { parseInput } from "../validation";

/**
 * A new language's tag, in the form documents use (`en-Revised` → `en-revised`).
 * A variant subtag names another version of a language the document may
 * already have: `en-revised` beside `en`.
 */
const NewLanguageCode = z.string().transform((value, context) => {
  const tag = canonicalLanguageTag(value);
  if (tag === null) {
    context.addIssue({ code: "custom", message: 'must be a language tag like "ru", "pt-BR" or "en-revised"' });
    return z.NEVER;
  }
  return tag;
});

export const AddLanguageInput = z.object({
  code: NewLanguageCode,
  label: z.string().trim().min(1).max(100),
  provenance: z.string().max(5_000).default(""),
  /** Start the column as a copy of this language's current text, row by row, rather than empty. */
  copyFrom: LanguageCode.optional(),
});
export type AddLanguageInput = z.input<typeof AddLanguageInput>;

export const UpdateLanguageInput = z
  .object({ label: z.string().trim().min(1).max(100), provenance: z.string().max(5_000) })
  .partial()
  .refine((input) => input.label !== undefined || input.provenance !== undefined, "name label or provenance to change");
export type UpdateLanguageInput = z.input<typeof UpdateLanguageInput>;

async function documentId(db: Db, slug: string): Promise<number> {
  const document = await db.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  return document.id;
}

/**
 * Adds a language version: a column with a cell in every row (deleted rows
 * too, so restoring one keeps a cell per language), empty, or with `copyFrom`
 * a copy of that language's current text, each copied cell's first revision
 * written by `authorId`.
 */
export async function addLanguage(db: Db, slug: string, rawInput: AddLanguageInput, options: { authorId?: number } = {}) {
  const input = parseInput(AddLanguageInput, rawInput, "language");
  const id = await documentId(db, slug);
  return inTransaction(db, async (tx) => {
    if (!input.copyFrom) return createLanguage(tx, id, slug, input);
    if (options.authorId === undefined) throw new Error("addLanguage: a copy needs the author of its revisions");
    // The document first, as structural changes and imports take it, so no row appears or moves while the column is copied.
    await tx.$queryRaw`SELECT id FROM "Document" WHERE id = ${id} FOR NO KEY UPDATE`;
    const source = await tx.documentLanguage.findUnique({
      where: { documentId_code: { documentId: id, code: input.copyFrom } },
      select: { id: true, code: true, label: true },
    });
    if (!source) throw new AppError("language_not_found", `Document "${slug}" has no language ${input.copyFrom} to copy`, { status: 404 });
    const language = await createLanguage(tx, id, slug, input);
    await copyColumn(tx, { from: source, to: language.id, authorId: options.authorId });
    return language;
  });
}

/**
 * Gives every empty cell of the new column the text of the source cell of its
 * row as its first revision: three statements whatever the length (no
 * statement per row), the cells' text set with their head so search indexes
 * each text once.
 */
async function copyColumn(
  tx: Tx,
  { from, to, authorId }: { from: { id: number; code: string; label: string }; to: number; authorId: number },
) {
  const now = new Date();
  const note = `copied from ${from.label} (${from.code})`;
  await tx.$executeRaw`
    INSERT INTO "Revision" ("cellId", text, "authorId", kind, note, "createdAt")
    SELECT target.id, source.text, ${authorId}, 'import', ${note}, ${now}
      FROM "Cell" target JOIN "Cell" source ON source."segmentId" = target."segmentId" AND source."languageId" = ${from.id}
     WHERE target."languageId" = ${to} AND source.text <> ''`;
  // Each new cell has at most one revision, so the join finds its head.
  await tx.$executeRaw`
    UPDATE "Cell" AS c SET text = r.text, "headRevisionId" = r.id, version = 1, "updatedAt" = ${now}
      FROM "Revision" AS r WHERE r."cellId" = c.id AND c."languageId" = ${to}`;
}

/** addLanguage inside the caller's transaction, for writes that fill the new column at once. */
export async function createLanguage(tx: Tx, documentId: number, slug: string, input: z.output<typeof AddLanguageInput>) {
  const languages = await tx.documentLanguage.findMany({ where: { documentId }, select: { code: true } });
  if (!languages.some((language) => language.code === input.code)) {
    checkLanguageCount(languages.length + 1, `With ${input.code}, document "${slug}" would have`);
  }
  try {
    const last = await tx.documentLanguage.aggregate({ where: { documentId }, _max: { position: true } });
    const language = await tx.documentLanguage.create({
      data: { documentId, code: input.code, label: input.label, provenance: input.provenance, position: (last._max.position ?? -1) + 1 },
    });
    await tx.$executeRaw`
      INSERT INTO "Cell" ("segmentId", "languageId", "updatedAt")
      SELECT s.id, ${language.id}, now() FROM "Segment" s WHERE s."documentId" = ${documentId}`;
    return language;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("language_exists", `Document "${slug}" already has the language ${input.code}`, { status: 409, cause: error });
    }
    throw error;
  }
}

/** Renames a language version or rewrites its provenance note. */
export async function updateLanguage(db: Db, slug: string, code: string, rawInput: UpdateLanguageInput) {
  const input = parseInput(UpdateLanguageInput, rawInput, "language change");
  const id = await documentId(db, slug);
  const language = await db.documentLanguage.findUnique({ where: { documentId_code: { documentId: id, code } } });
  if (!language) throw new AppError("language_not_found", `Document "${slug}" has no language ${code}`, { status: 404 });
  return db.documentLanguage.update({ where: { id: language.id }, data: input });
}
