import { describe, expect } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { createDb, type Db } from "@/lib/db/client";
import { getDocument, listDocuments } from "@/lib/documents/queries";
import { getRows } from "@/lib/documents/rows";
import { readSpeech, seedSpeech, SPEECH_SLUG } from "@/lib/documents/speech";
import { SYSTEM_USER_HANDLE } from "@/lib/users";
import { createMigratedTestDatabase } from "../helpers/database";
import { test as it } from "../helpers/fixtures";

async function counts(db: Db) {
  const [documents, segments, cells, revisions, changes, users] = await Promise.all([
    db.document.count(),
    db.segment.count(),
    db.cell.count(),
    db.revision.count(),
    db.alignmentChange.count(),
    db.user.count(),
  ]);
  return { documents, segments, cells, revisions, changes, users };
}

describe("seeding the speech", () => {
  it("loads it once, Russian as the original, aligned row by row", async ({ db }) => {
    expect(await seedSpeech(db)).toEqual({ created: true });
    expect(await counts(db)).toEqual({ documents: 1, segments: 60, cells: 120, revisions: 120, changes: 1, users: 1 });

    const document = await db.document.findUniqueOrThrow({
      where: { slug: SPEECH_SLUG },
      include: { languages: { orderBy: { position: "asc" } } },
    });
    expect(document.languages.map(({ code, isOriginal }) => ({ code, isOriginal }))).toEqual([
      { code: "ru", isOriginal: true },
      { code: "en", isOriginal: false },
    ]);
    expect(document.languages[0]!.provenance).toMatch(/original could not be obtained/);
    expect(document.languages[1]!.provenance).toMatch(/kremlin\.ru.*CC BY 4\.0/);
  });

  it("gives every cell its first revision, authored by the system user", async ({ db }) => {
    const cells = await db.cell.findMany({ include: { headRevision: { include: { author: true } }, revisions: true } });
    for (const cell of cells) {
      expect(cell.revisions).toHaveLength(1);
      expect(cell.headRevision).toMatchObject({ text: cell.text, kind: "import", parentId: null });
      expect(cell.headRevision!.author).toMatchObject({ handle: SYSTEM_USER_HANDLE, kind: "system" });
      expect(cell.version).toBe(1);
    }
    const change = await db.alignmentChange.findFirstOrThrow();
    expect(change).toMatchObject({ kind: "import", details: { rows: 60, languages: ["ru", "en"] } });
  });

  it("changes nothing when run again", async ({ db }) => {
    const before = await counts(db);
    expect(await seedSpeech(db)).toEqual({ created: false });
    expect(await counts(db)).toEqual(before);
  });

  it("loads it once when two processes seed an empty database at once", async () => {
    const fresh = await createMigratedTestDatabase();
    const [first, second] = [createDb(fresh.url), createDb(fresh.url)];
    try {
      const results = await Promise.all([seedSpeech(first), seedSpeech(second)]);
      expect(results.map((result) => result.created).sort()).toEqual([false, true]);
      expect(await first.document.count()).toBe(1);
      expect(await first.segment.count()).toBe(60);
    } finally {
      await Promise.all([first.$disconnect(), second.$disconnect()]);
      await fresh.drop();
    }
  });
});

describe("reading the speech", () => {
  it("lists it among the documents", async ({ db }) => {
    const [summary] = await listDocuments(db);
    expect(summary).toMatchObject({ slug: SPEECH_SLUG, rowCount: 60 });
    expect(summary!.languages.map((language) => language.code)).toEqual(["ru", "en"]);
  });

  it("shows both languages side by side in file order, original first", async ({ db }) => {
    const speech = await readSpeech();
    const overview = await getDocument(db, SPEECH_SLUG);
    expect(overview.languages.map((language) => [language.code, language.filledCount])).toEqual([
      ["ru", 60],
      ["en", 60],
    ]);
    expect(overview.rowCount).toBe(60);
    const { rows } = await getRows(db, SPEECH_SLUG, { limit: 100 });
    expect(Object.keys(rows[0]!.cells)).toEqual(["ru", "en"]);
    expect(rows.map((row) => row.number)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(rows.map((row) => row.cells.ru!.text)).toEqual(speech.languages[0]!.paragraphs);
    expect(rows.map((row) => row.cells.en!.text)).toEqual(speech.languages[1]!.paragraphs);
    expect(rows[0]!.cells.en!.text).toBe(splitParagraphs("Extended meeting of\u00A0Russian Interior Ministry Board")[0]);
  });

  it("shows the languages asked for, in the order asked", async ({ db }) => {
    const { rows } = await getRows(db, SPEECH_SLUG, { languages: ["en", "ru"], limit: 1 });
    expect(Object.keys(rows[0]!.cells)).toEqual(["en", "ru"]);
  });

  it("answers 404 for a document that does not exist", async ({ db }) => {
    await expect(getDocument(db, "no-such-document")).rejects.toMatchObject({ code: "document_not_found", status: 404 });
  });

  it("finds words by their Russian and English stems through the full-text indexes", async ({ db }) => {
    const search = (config: "russian" | "english", query: string) =>
      db.$queryRaw<{ number: number }[]>`
        SELECT s.position + 1 AS number
          FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
         WHERE l.code = ${config === "russian" ? "ru" : "en"}
           AND to_tsvector(${config}::regconfig, c.text) @@ plainto_tsquery(${config}::regconfig, ${query})
         ORDER BY s.position`;
    const russian = await search("russian", "преступление");
    expect(russian.length).toBeGreaterThan(5);
    const english = await search("english", "crimes");
    expect(english.length).toBeGreaterThan(5);
    const indexes = await db.$queryRaw<{ indexname: string }[]>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'Cell' AND indexdef LIKE '%to_tsvector%' ORDER BY indexname`;
    expect(indexes.map((index) => index.indexname)).toEqual(["Cell_text_english_idx", "Cell_text_russian_idx", "Cell_text_simple_idx"]);
  });
});
