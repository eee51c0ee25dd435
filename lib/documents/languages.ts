import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { canonicalLanguageTag } from "../formats";
import { checkLanguageCount } from "../limits";
import { Id, LanguageCode } from "../schemas";
import { AlignmentEdit } from "../segments/alignment-edit";
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
  .object({ label: z.string().trim().min(1).max(100), provenance: z.string().max(5_000), code: NewLanguageCode })
  .partial()
  .refine(
    (input) => input.label !== undefined || input.provenance !== undefined || input.code !== undefined,
    "name the label, provenance or code to change",
  );
export type UpdateLanguageInput = z.input<typeof UpdateLanguageInput>;

/** Who removes a language or changes its tag: the author of the change-log entry. */
export const LanguageChangeInput = z.object({ authorId: Id });
export type LanguageChangeInput = z.input<typeof LanguageChangeInput>;

/** What removing a language or changing its tag answers: the change-log entry that undoes it. */
export interface LanguageChangeResult {
  changeId: number;
  documentId: number;
  language: { id: number; code: string; label: string };
}

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
    const source = await tx.documentLanguage.findFirst({
      where: { documentId: id, code: input.copyFrom, deletedAt: null },
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
  // Removed languages do not count: their tags are free again, and a document holds its live languages.
  const languages = await tx.documentLanguage.findMany({ where: { documentId, deletedAt: null }, select: { code: true } });
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

const languageNotFound = (slug: string, code: string) =>
  new AppError("language_not_found", `Document "${slug}" has no language ${code}`, { status: 404 });

/**
 * Renames a language version, rewrites its provenance note, or changes its
 * tag (`code`, through renameLanguageTag: an entry of the change log, so
 * `authorId` is needed then). Label and note change in the same transaction
 * as the tag.
 */
export async function updateLanguage(
  db: Db,
  slug: string,
  code: string,
  rawInput: UpdateLanguageInput,
  options: { authorId?: number } = {},
) {
  const { code: newCode, ...input } = parseInput(UpdateLanguageInput, rawInput, "language change");
  const id = await documentId(db, slug);
  return inTransaction(db, async (tx) => {
    if (newCode !== undefined && newCode !== code) {
      if (options.authorId === undefined) throw new Error("updateLanguage: a change of tag needs its author");
      await renameInTransaction(tx, id, slug, code, newCode, options.authorId);
    }
    const current = newCode ?? code;
    const language = await tx.documentLanguage.findFirst({ where: { documentId: id, code: current, deletedAt: null } });
    if (!language) throw languageNotFound(slug, code);
    return Object.keys(input).length ? tx.documentLanguage.update({ where: { id: language.id }, data: input }) : language;
  });
}

/**
 * Removes a language from a document (an admin's soft delete): it is gone
 * from every view, export and check, its language limits stop applying, and
 * its tag is free for another language; its cells and their history stay,
 * so undoing the change-log entry brings it back whole. The original cannot
 * be removed: every translation is aligned to it.
 */
export async function removeLanguage(db: Db, slug: string, code: string, rawInput: LanguageChangeInput): Promise<LanguageChangeResult> {
  const input = parseInput(LanguageChangeInput, rawInput, "language removal");
  const id = await documentId(db, slug);
  return inTransaction(db, async (tx) => {
    const edit = await AlignmentEdit.open(tx, { documentId: id, authorId: input.authorId });
    const language = await tx.documentLanguage.findFirst({
      where: { documentId: id, code, deletedAt: null },
      select: { id: true, code: true, label: true, isOriginal: true },
    });
    if (!language) throw languageNotFound(slug, code);
    if (language.isOriginal) {
      throw new AppError(
        "original_language",
        `${language.label} (${language.code}) is the original of document "${slug}": every translation is aligned to it, so it cannot be removed`,
        { status: 409 },
      );
    }
    await edit.updateLanguage(language.id, { deletedAt: edit.now });
    const written = await edit.finish("language_remove", { languageCode: language.code, label: language.label });
    return { changeId: written.changeId!, documentId: id, language: { id: language.id, code: language.code, label: language.label } };
  });
}

/**
 * Gives a language another BCP 47 tag (`en-x` → `en-GB`), as one entry of
 * the change log. The tag is written in its canonical form; 400 when it is
 * not a language tag, 409 when another live language of the document has it.
 */
export async function renameLanguageTag(
  db: Db,
  slug: string,
  code: string,
  newCode: string,
  rawInput: LanguageChangeInput,
): Promise<LanguageChangeResult> {
  const input = parseInput(LanguageChangeInput, rawInput, "language tag change");
  const tag = parseInput(z.object({ code: NewLanguageCode }), { code: newCode }, "language tag change").code;
  const id = await documentId(db, slug);
  return inTransaction(db, (tx) => renameInTransaction(tx, id, slug, code, tag, input.authorId));
}

async function renameInTransaction(
  tx: Tx,
  documentId: number,
  slug: string,
  code: string,
  newCode: string,
  authorId: number,
): Promise<LanguageChangeResult> {
  const edit = await AlignmentEdit.open(tx, { documentId, authorId });
  const language = edit.languages.find((candidate) => candidate.code === code);
  if (!language) throw languageNotFound(slug, code);
  if (newCode === code) {
    throw new AppError("language_tag_unchanged", `${language.label} already has the tag ${code}: nothing to change`, { status: 400 });
  }
  const holder = edit.languages.find((candidate) => candidate.code === newCode);
  if (holder) {
    throw new AppError("language_exists", `Document "${slug}" already has the language ${newCode} (${holder.label})`, { status: 409 });
  }
  await edit.updateLanguage(language.id, { code: newCode });
  const written = await edit.finish("language_rename", { languageCode: code, newCode, label: language.label });
  return { changeId: written.changeId!, documentId, language: { id: language.id, code: newCode, label: language.label } };
}
