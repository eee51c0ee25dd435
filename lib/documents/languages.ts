import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { checkLanguageCount } from "../limits";
import { LanguageCode } from "../schemas";
import { parseInput } from "../validation";

export const AddLanguageInput = z.object({
  code: LanguageCode,
  label: z.string().trim().min(1).max(100),
  provenance: z.string().max(5_000).default(""),
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
 * Adds an empty language version: a column with an empty cell in every row
 * (deleted rows too, so restoring one keeps a cell per language).
 */
export async function addLanguage(db: Db, slug: string, rawInput: AddLanguageInput) {
  const input = parseInput(AddLanguageInput, rawInput, "language");
  const id = await documentId(db, slug);
  return inTransaction(db, (tx) => createLanguage(tx, id, slug, input));
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
