// Imports and realignments align outside any transaction and write in one
// short one that re-checks what they were aligned against: imports racing
// each other or other edits end in one clear outcome, never a deadlock 500
// or text written into rows that changed.
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { createDocument } from "@/lib/documents/create-document";
import { alignImport, importLanguage, writeAlignedImport } from "@/lib/documents/import-language";
import { alignRealignment, writeRealignment } from "@/lib/documents/realign-language";
import { getRows } from "@/lib/documents/rows";
import { AppError } from "@/lib/errors";
import { confirmSegments, deleteSegment, shiftCell } from "@/lib/segments";
import { failureOf } from "../helpers/errors";
import { addUser, test } from "../helpers/fixtures";

const ru = splitParagraphs(readFileSync("data/speech/ru.txt", "utf8")).slice(0, 30);
const en = splitParagraphs(readFileSync("data/speech/en.txt", "utf8")).slice(0, 30);
// A paragraph the original lacks: importing it makes a row of its own.
const NOTE = "Translator's note: the headings of the printed version are left out of this translation.";

const it = test.extend("author", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"));

let documents = 0;
/** A new document of the first 30 Russian paragraphs; its slug and id. */
async function russianDocument(db: Db, author: number) {
  const slug = `doc-${++documents}`;
  const document = await createDocument(
    db,
    { slug, title: slug, languages: [{ code: "ru", label: "Russian", isOriginal: true, provenance: "", paragraphs: ru }] },
    { authorId: author },
  );
  return { slug, id: document.id };
}

async function texts(db: Db, slug: string, code: string) {
  const page = await getRows(db, slug, { languages: [code], offset: 0, limit: 1000 });
  return page.rows.map((row) => row.cells[code]!.text);
}

async function counts(db: Db) {
  const [languages, segments, cells, revisions, changes] = await Promise.all([
    db.documentLanguage.count(),
    db.segment.count(),
    db.cell.count(),
    db.revision.count(),
    db.alignmentChange.count(),
  ]);
  return { languages, segments, cells, revisions, changes };
}

/** A rejection's code and status, failing the test on anything but an AppError (a deadlock would be a Prisma error: a 500). */
function refusal(outcome: PromiseSettledResult<unknown>) {
  if (outcome.status === "fulfilled") return null;
  expect(outcome.reason).toBeInstanceOf(AppError);
  const error = outcome.reason as AppError;
  return { code: error.code, status: error.status };
}

describe("two imports into one document at once", () => {
  it("of one language: one is written, the other refused with 409, no deadlock", async ({ db, author }) => {
    const { slug } = await russianDocument(db, author);
    const outcomes = await Promise.allSettled(
      [en, [...en.slice(0, 10), NOTE, ...en.slice(10)]].map((paragraphs) =>
        importLanguage(db, { slug, code: "en", label: "English", paragraphs }, { authorId: author }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.map(refusal).filter(Boolean)).toEqual([{ code: "language_exists", status: 409 }]);
    const written = outcomes.findIndex((outcome) => outcome.status === "fulfilled");
    expect((await texts(db, slug, "en")).filter((text) => text !== "")).toEqual(
      written === 0 ? en : [...en.slice(0, 10), NOTE, ...en.slice(10)],
    );
  });

  it("of two languages fitting the rows: both are written", async ({ db, author }) => {
    const { slug } = await russianDocument(db, author);
    const results = await Promise.all(
      ["en", "fr"].map((code) => importLanguage(db, { slug, code, label: code, paragraphs: en }, { authorId: author })),
    );
    expect(results.map((result) => result.createdRows)).toEqual([0, 0]);
    expect(await texts(db, slug, "en")).toEqual(en);
    expect(await texts(db, slug, "fr")).toEqual(en);
  });

  it("aligned at once, written at once, each adding a row: one written, the other 409 document_changed_during_import", async ({
    db,
    author,
  }) => {
    const { slug } = await russianDocument(db, author);
    const delivered = { en: [...en.slice(0, 10), NOTE, ...en.slice(10)], fr: [...en.slice(0, 20), NOTE, ...en.slice(20)] };
    const aligned = await Promise.all(
      (["en", "fr"] as const).map((code) => alignImport(db, { slug, code, label: code, paragraphs: delivered[code] })),
    );
    const outcomes = await Promise.allSettled(aligned.map((one) => writeAlignedImport(db, one, { authorId: author })));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.map(refusal).filter(Boolean)).toEqual([{ code: "document_changed_during_import", status: 409 }]);
    const [written, refused] = outcomes[0]!.status === "fulfilled" ? (["en", "fr"] as const) : (["fr", "en"] as const);
    expect(await db.documentLanguage.findFirst({ where: { document: { slug }, code: refused } })).toBeNull();
    expect((await texts(db, slug, written)).filter((text) => text !== "")).toEqual(delivered[written]);
  });
});

describe("an import or realignment whose document changed while it was aligned", () => {
  it("refuses an import when a row was deleted or the original edited meanwhile, writing nothing", async ({ db, author }) => {
    const { slug } = await russianDocument(db, author);
    let aligned = await alignImport(db, { slug, code: "en", label: "English", paragraphs: en });
    const [, second] = (await getRows(db, slug, { languages: ["ru"], offset: 0, limit: 1000 })).rows;
    await deleteSegment(db, { segmentId: second!.id, authorId: author });
    let before = await counts(db);
    expect(await failureOf(writeAlignedImport(db, aligned, { authorId: author }))).toMatchObject({
      code: "document_changed_during_import",
      status: 409,
    });
    expect(await counts(db)).toEqual(before);

    aligned = await alignImport(db, { slug, code: "en", label: "English", paragraphs: en });
    const [first] = (await getRows(db, slug, { languages: ["ru"], offset: 0, limit: 1000 })).rows;
    const cell = first!.cells.ru!;
    await saveCell(db, cell.id, { text: `${cell.text} (edited)`, baseRevisionId: cell.headRevisionId }, { authorId: author });
    before = await counts(db);
    expect(await failureOf(writeAlignedImport(db, aligned, { authorId: author }))).toMatchObject({
      code: "document_changed_during_import",
    });
    expect(await counts(db)).toEqual(before);

    // Aligned again against the document as it is now, it is written.
    await writeAlignedImport(db, await alignImport(db, { slug, code: "en", label: "English", paragraphs: en }), { authorId: author });
    expect((await texts(db, slug, "en")).filter((text) => text !== "")).toEqual(en);
  });

  it("refuses a realignment when the language's text changed meanwhile, keeping the save", async ({ db, author }) => {
    const { slug, id } = await russianDocument(db, author);
    await importLanguage(db, { slug, code: "en", label: "English", paragraphs: en }, { authorId: author });
    const rows = (await getRows(db, slug, { languages: ["en"], offset: 0, limit: 1000 })).rows;
    await confirmSegments(db, { segmentId: rows[4]!.id, scope: "above", authorId: author });
    await shiftCell(db, { segmentId: rows[10]!.id, languageCode: "en", direction: "down", authorId: author });

    const aligned = await alignRealignment(db, { documentId: id, languageCode: "en", authorId: author });
    const cell = (await getRows(db, slug, { languages: ["en"], offset: 20, limit: 1 })).rows[0]!.cells.en!;
    await saveCell(
      db,
      cell.id,
      { text: "Saved while the realignment was aligned.", baseRevisionId: cell.headRevisionId },
      { authorId: author },
    );
    const before = await counts(db);
    expect(await failureOf(writeRealignment(db, aligned))).toMatchObject({ code: "document_changed_during_realign", status: 409 });
    expect(await counts(db)).toEqual(before);
    expect((await db.cell.findUniqueOrThrow({ where: { id: cell.id } })).text).toBe("Saved while the realignment was aligned.");

    const realigned = await writeRealignment(db, await alignRealignment(db, { documentId: id, languageCode: "en", authorId: author }));
    expect(realigned.fromRow).toBe(6);
  });
});

describe("the aligner off the event loop", () => {
  it("keeps the event loop free while a long import is aligned", async ({ db, author }) => {
    const { slug } = await russianDocument(db, author);
    // 3,000 paragraphs against 30 rows: seconds of aligning on this thread, a blocked loop.
    const long = Array.from({ length: 100 }, () => en).flat();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const aligned = await alignImport(db, { slug, code: "en", label: "English", paragraphs: long });
    const took = performance.now() - started;
    delay.disable();
    expect(aligned.beads.length).toBeGreaterThan(0);
    // The longest stall of the loop is a small part of the alignment.
    expect(delay.max / 1e6).toBeLessThan(Math.max(took / 2, 200));
  });
});
