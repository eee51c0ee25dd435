import { describe, expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { createDocument, type CreateDocumentInput } from "@/lib/documents/create-document";
import { MAX_LANGUAGES_PER_DOCUMENT, MAX_ROWS_PER_DOCUMENT } from "@/lib/limits";
import { MAX_CELL_LENGTH } from "@/lib/schemas";
import { ensureSystemUser } from "@/lib/users";
import { failureOf } from "../helpers/errors";
import { test } from "../helpers/fixtures";

const it = test.extend("authorId", { scope: "file" }, async ({ db }) => (await ensureSystemUser(db)).id);

const input = (overrides: Partial<CreateDocumentInput> = {}): CreateDocumentInput => ({
  slug: "two-lines",
  title: "Two lines",
  languages: [
    { code: "ru", label: "Русский", isOriginal: true, provenance: "", paragraphs: ["Первая.", "Вторая."] },
    { code: "en", label: "English", isOriginal: false, provenance: "", paragraphs: ["First.", "   "] },
  ],
  ...overrides,
});

const everything = async (db: Db) =>
  Promise.all([db.document.count(), db.segment.count(), db.cell.count(), db.revision.count(), db.alignmentChange.count()]);

describe("createDocument", () => {
  it("creates rows, cells and first revisions, leaving empty paragraphs as empty cells", async ({ db, authorId }) => {
    const document = await createDocument(db, input(), { authorId });
    const cells = await db.cell.findMany({
      where: { segment: { documentId: document.id } },
      orderBy: [{ segment: { position: "asc" } }, { language: { position: "asc" } }],
      include: { revisions: true },
    });
    expect(cells.map((cell) => [cell.text, cell.revisions.length, cell.version, cell.headRevisionId !== null])).toEqual([
      ["Первая.", 1, 1, true],
      ["First.", 1, 1, true],
      ["Вторая.", 1, 1, true],
      ["", 0, 0, false],
    ]);
  });

  it("refuses a slug that exists and leaves the database as it was", async ({ db, authorId }) => {
    const before = await everything(db);
    await expect(createDocument(db, input(), { authorId })).rejects.toMatchObject({
      code: "document_exists",
      status: 409,
      message: 'A document with the slug "two-lines" already exists',
    });
    expect(await everything(db)).toEqual(before);
  });

  it("names each invalid field", async ({ db, authorId }) => {
    const bad = input({
      slug: "Bad Slug",
      languages: [
        { code: "russian", label: "Русский", isOriginal: true, provenance: "", paragraphs: ["a", "b"] },
        { code: "en", label: "English", isOriginal: true, provenance: "", paragraphs: ["a", "x".repeat(MAX_CELL_LENGTH + 1), "c"] },
      ],
    });
    const error = await failureOf(createDocument(db, bad, { authorId }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("slug: must be lowercase letters");
    expect(error.message).toContain('languages.0.code: must be a language tag like "ru"');
    expect(error.message).toContain(`languages.1.paragraphs.1: is longer than ${MAX_CELL_LENGTH} characters`);
  });

  it("refuses versions that cannot be aligned row by row, or two originals", async ({ db, authorId }) => {
    const before = await everything(db);
    const uneven = input({
      slug: "uneven",
      languages: [
        { code: "ru", label: "ru", isOriginal: true, provenance: "", paragraphs: ["a", "b"] },
        { code: "en", label: "en", isOriginal: true, provenance: "", paragraphs: ["a"] },
        { code: "en", label: "en", isOriginal: false, provenance: "", paragraphs: ["a", "b"] },
      ],
    });
    const error = await failureOf(createDocument(db, uneven, { authorId }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("languages: exactly one language must be the original, found 2");
    expect(error.message).toContain('languages.2.code: "en" appears twice');
    expect(error.message).toContain("languages.1.paragraphs: has 1 paragraphs but ru has 2");
    expect(await everything(db)).toEqual(before);
  });

  it("refuses more languages or rows than a document holds, before writing anything", async ({ db, authorId }) => {
    const before = await everything(db);
    const languages = Array.from({ length: MAX_LANGUAGES_PER_DOCUMENT + 1 }, (_, index) => ({
      code: `ru-v${index}`,
      label: `Language ${index}`,
      isOriginal: index === 0,
      provenance: "",
      paragraphs: ["One."],
    }));
    const many = await failureOf(createDocument(db, input({ slug: "many-languages", languages }), { authorId }));
    expect(many).toMatchObject({ status: 422, code: "limit_exceeded", details: { limit: "languages_per_document", found: 101 } });
    expect(many.message).toBe("The document names 101 languages; a document holds at most 100");

    const paragraphs = Array.from({ length: MAX_ROWS_PER_DOCUMENT + 1 }, () => "");
    const long = await failureOf(
      createDocument(db, input({ slug: "long", languages: [{ code: "ru", label: "ru", isOriginal: true, provenance: "", paragraphs }] }), {
        authorId,
      }),
    );
    expect(long).toMatchObject({ status: 422, code: "limit_exceeded", details: { limit: "rows_per_document", found: 200_001 } });
    expect(await everything(db)).toEqual(before);
  });
});
