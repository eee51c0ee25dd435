// Learning from people (issue #16): rows confirmed in one document teach the
// aligner words of their language pair, for imports and realignments of
// other documents of that pair, either way round.
import { describe, expect } from "vitest";
import { paragraphStems } from "@/lib/align/words";
import type { Db } from "@/lib/db/client";
import { createDocument } from "@/lib/documents/create-document";
import { importLanguage } from "@/lib/documents/import-language";
import { realignLanguage } from "@/lib/documents/realign-language";
import { getRows } from "@/lib/documents/rows";
import { confirmSegments } from "@/lib/segments";
import { undoAlignmentChange } from "@/lib/segments/undo";
import { addUser, test } from "../helpers/fixtures";
import { environment, runCli } from "../helpers/processes";
import { parallelText, textWithoutRepeats } from "../helpers/parallel-text";

const it = test.extend("author", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"));

const confirmed = parallelText(40, 7);
// Paragraphs 4 and 5 are of the same length and share no word with any other paragraph: only learned words tell which was left out.
const twins = textWithoutRepeats();

async function document(db: Db, author: number, slug: string, languages: Array<{ code: string; paragraphs: string[] }>) {
  const created = await createDocument(
    db,
    {
      slug,
      title: slug,
      languages: languages.map((language, index) => ({ ...language, label: language.code, isOriginal: index === 0, provenance: "" })),
    },
    { authorId: author },
  );
  return created.id;
}

async function texts(db: Db, slug: string, code: string) {
  const page = await getRows(db, slug, { languages: [code], offset: 0, limit: 1000 });
  return page.rows.map((row) => row.cells[code]!.text);
}

/** The original's paragraphs with the translation beside each, "" where paragraph `dropped` has none. */
const expectedRows = (translation: string[], dropped: number) => translation.map((text, k) => (k === dropped ? "" : text));

// Five alignments and a child process: up to a minute on a loaded machine, over the default 30 s.
describe("learning from rows people confirm", { timeout: 240_000 }, () => {
  it("stores what confirmed rows teach, and imports and realignments of other documents use it", async ({ db, url, author }) => {
    const learnedId = await document(db, author, "learned", [
      { code: "en", paragraphs: confirmed.en },
      { code: "ru-RU", paragraphs: confirmed.ru },
    ]);
    const rows = await db.segment.findMany({ where: { documentId: learnedId }, orderBy: { position: "asc" }, select: { id: true } });
    await confirmSegments(db, { segmentId: rows[19]!.id, scope: "above", authorId: author });
    const stored = await db.learnedRow.findMany({ where: { segment: { documentId: learnedId } }, orderBy: { segmentId: "asc" } });
    expect(stored).toHaveLength(20);
    expect(stored[0]).toMatchObject({
      segmentId: rows[0]!.id,
      sourceLanguage: "en",
      targetLanguage: "ru",
      sourceStems: paragraphStems(confirmed.en[0]!, "en"),
      targetStems: paragraphStems(confirmed.ru[0]!, "ru"),
    });

    // An import of the same pair in another document learns from the 20 rows, and one more confirmed later.
    await document(db, author, "first", [{ code: "en", paragraphs: twins.en }]);
    const first = await importLanguage(
      db,
      { slug: "first", code: "ru", label: "Russian", paragraphs: twins.ru.filter((_, k) => k !== 4) },
      { authorId: author },
    );
    expect(first.learnedRows).toBe(20);
    const last = await confirmSegments(db, { segmentId: rows[39]!.id, scope: "above", authorId: author });
    expect(await db.learnedRow.count()).toBe(40);
    await document(db, author, "second", [{ code: "en", paragraphs: twins.en }]);
    const second = await importLanguage(
      db,
      { slug: "second", code: "ru", label: "Russian", paragraphs: twins.ru.filter((_, k) => k !== 5) },
      { authorId: author },
    );
    expect(second.learnedRows).toBe(40);
    // Left out: paragraph 4 in the first, 5 in the second; without the words learned the aligner places both alike (tests/unit/align-words.test.ts).
    expect(await texts(db, "first", "ru")).toEqual(expectedRows(twins.ru, 4));
    expect(await texts(db, "second", "ru")).toEqual(expectedRows(twins.ru, 5));

    // The pair the other way round: a Russian original, English imported and realigned against it.
    const thirdId = await document(db, author, "third", [{ code: "ru", paragraphs: twins.ru }]);
    const third = await importLanguage(
      db,
      { slug: "third", code: "en", label: "English", paragraphs: twins.en.filter((_, k) => k !== 4) },
      { authorId: author },
    );
    expect(third.learnedRows).toBe(40);
    const realigned = await realignLanguage(db, { documentId: thirdId, languageCode: "en", authorId: author });
    expect(realigned.learnedRows).toBe(40);
    expect(await texts(db, "third", "en")).toEqual(expectedRows(twins.en, 4));
    const cli = await runCli(["realign", "third", "--language", "en"], environment({ DATABASE_URL: url }));
    expect(cli.stdout, cli.stderr).toMatch(/; words learned from 40 confirmed rows of this language pair\n$/);

    // Rows no longer confirmed teach nothing.
    await undoAlignmentChange(db, { documentId: learnedId, changeId: last.changeId!, authorId: author });
    await document(db, author, "fourth", [{ code: "en", paragraphs: twins.en }]);
    const fourth = await importLanguage(db, { slug: "fourth", code: "ru", label: "Russian", paragraphs: twins.ru }, { authorId: author });
    expect(fourth.learnedRows).toBe(20);
  });
});
