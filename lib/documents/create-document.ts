import { z } from "zod";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { CellStatus } from "../db/generated/enums";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { checkDocumentRowCount, checkLanguageCount } from "../limits";
import { CellText, LanguageCode } from "../schemas";
import { parseInput } from "../validation";

export const DocumentSlug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase letters, digits and single hyphens")
  .max(120);

const LanguageVersionInput = z.object({
  code: LanguageCode,
  label: z.string().trim().min(1).max(100),
  isOriginal: z.boolean(),
  provenance: z.string().max(5_000),
  /** The status every imported cell of this language starts in. */
  status: z.enum(CellStatus).default("draft"),
  paragraphs: z.array(CellText),
  /** A status per paragraph (from an XLIFF file's states, say), in place of `status`. */
  statuses: z.array(z.enum(CellStatus)).optional(),
});

export const CreateDocumentInput = z
  .object({
    slug: DocumentSlug,
    title: z.string().trim().min(1).max(500),
    /** Readable without an account. */
    publicRead: z.boolean().default(false),
    languages: z.array(LanguageVersionInput).min(1),
  })
  .superRefine((input, context) => {
    const originals = input.languages.filter((language) => language.isOriginal).length;
    if (originals !== 1) {
      context.addIssue({ code: "custom", path: ["languages"], message: `exactly one language must be the original, found ${originals}` });
    }
    const codes = input.languages.map((language) => language.code);
    codes.forEach((code, index) => {
      if (codes.indexOf(code) !== index) {
        context.addIssue({ code: "custom", path: ["languages", index, "code"], message: `"${code}" appears twice` });
      }
    });
    const rows = input.languages[0]?.paragraphs.length ?? 0;
    input.languages.forEach((language, index) => {
      if (language.statuses && language.statuses.length !== language.paragraphs.length) {
        context.addIssue({
          code: "custom",
          path: ["languages", index, "statuses"],
          message: `has ${language.statuses.length} statuses for ${language.paragraphs.length} paragraphs`,
        });
      }
      if (language.paragraphs.length !== rows) {
        context.addIssue({
          code: "custom",
          path: ["languages", index, "paragraphs"],
          message: `has ${language.paragraphs.length} paragraphs but ${input.languages[0]!.code} has ${rows}; versions loaded row by row must have the same count`,
        });
      }
    });
  });

export type CreateDocumentInput = z.input<typeof CreateDocumentInput>;

/**
 * Creates a document whose language versions are already aligned row by row:
 * row i holds paragraph i of every language. One transaction: the document,
 * its languages, rows, cells, their first revisions and the import entry of
 * the alignment log appear together or not at all. Empty paragraphs make
 * empty cells without a revision.
 */
export async function createDocument(db: Db, rawInput: CreateDocumentInput, options: { authorId: number }) {
  const input = parseInput(CreateDocumentInput, rawInput, "document");
  checkLanguageCount(input.languages.length, "The document names");
  const rowCount = input.languages[0]!.paragraphs.length;
  checkDocumentRowCount(0, rowCount, input.slug);

  return inTransaction(
    db,
    async (tx) => {
      const document = await tx.document.create({
        data: {
          slug: input.slug,
          title: input.title,
          publicRead: input.publicRead,
          languages: {
            create: input.languages.map((language, position) => ({
              code: language.code,
              label: language.label,
              isOriginal: language.isOriginal,
              provenance: language.provenance,
              position,
            })),
          },
        },
        include: { languages: { orderBy: { position: "asc" } } },
      });

      // Arrays (unnest), not Prisma's lists of parameters: a 10,000-row document in three languages is a
      // few statements, so the transaction stays short (the embedded database serves one at a time).
      const now = new Date();
      const segments = await tx.$queryRaw<{ id: number; position: number }[]>`
        INSERT INTO "Segment" ("documentId", position, "createdAt")
        SELECT ${document.id}, position, ${now} FROM generate_series(0, ${rowCount - 1}::int) AS position
        RETURNING id, position`;
      const segmentAt = new Map(segments.map((segment) => [segment.position, segment.id]));

      // The cells are made empty and get their text with their head revision: a cell's text is indexed for
      // search three times (lib/documents/rows.ts), and setting the head rewrites the row, so text written
      // at first would be indexed twice.
      const cells = input.languages.flatMap((language, index) =>
        language.paragraphs.map((text, position) => ({
          segmentId: segmentAt.get(position)!,
          languageId: document.languages[index]!.id,
          text: text.trim() === "" ? "" : text,
          status: language.statuses?.[position] ?? language.status,
        })),
      );
      const created = await tx.$queryRaw<{ id: number; segmentId: number; languageId: number }[]>`
        INSERT INTO "Cell" ("segmentId", "languageId", status, "updatedAt")
        SELECT v."segmentId", v."languageId", v.status::"CellStatus", ${now}
          FROM unnest(${cells.map((cell) => cell.segmentId)}::int[], ${cells.map((cell) => cell.languageId)}::int[],
                      ${cells.map((cell) => cell.status)}::text[]) AS v("segmentId", "languageId", status)
        RETURNING id, "segmentId", "languageId"`;
      const textOf = new Map(cells.map((cell) => [`${cell.segmentId} ${cell.languageId}`, cell.text]));
      const written = created
        .map((cell) => ({ id: cell.id, text: textOf.get(`${cell.segmentId} ${cell.languageId}`)! }))
        .filter((cell) => cell.text !== "");
      await tx.$executeRaw`
        INSERT INTO "Revision" ("cellId", text, "authorId", kind, "createdAt")
        SELECT v."cellId", v.text, ${options.authorId}, 'import', ${now}
          FROM unnest(${written.map((cell) => cell.id)}::int[], ${written.map((cell) => cell.text)}::text[]) AS v("cellId", text)`;
      // Each new cell has at most one revision, so the join finds its head.
      await tx.$executeRaw`
        UPDATE "Cell" AS c SET text = r.text, "headRevisionId" = r.id, version = 1
          FROM "Revision" AS r, "Segment" AS s
         WHERE r."cellId" = c.id AND s.id = c."segmentId" AND s."documentId" = ${document.id}`;

      await tx.alignmentChange.create({
        data: {
          documentId: document.id,
          kind: "import",
          authorId: options.authorId,
          details: { rows: rowCount, languages: input.languages.map((language) => language.code) },
        },
      });
      return document;
    },
    { timeout: 120_000 },
  ).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("document_exists", `A document with the slug "${input.slug}" already exists`, { status: 409, cause: error });
    }
    throw error;
  });
}
