// Import into the database (new documents, new languages aligned to the
// rows), realignment, and export of any version, through lib/documents.
import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { decideReview, createSnapshot, readDocumentAt } from "@/lib/revisions";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { PARAGRAPH_JOINER } from "@/lib/documents/bead-layout";
import { exportDocument, loadExportDocument } from "@/lib/documents/export-document";
import { importFile } from "@/lib/documents/import-file";
import type { ImportProgress } from "@/lib/documents/import-language";
import { realignLanguage } from "@/lib/documents/realign-language";
import { getRows } from "@/lib/documents/rows";
import { parseImportFile } from "@/lib/formats";
import { confirmSegments, shiftCell } from "@/lib/segments";
import { failureOf } from "../helpers/errors";
import { addUser, test } from "../helpers/fixtures";
import { undoLatest } from "../helpers/undo";

const ru = splitParagraphs(readFileSync("data/speech/ru.txt", "utf8"));
const en = splitParagraphs(readFileSync("data/speech/en.txt", "utf8"));
const bytes = (text: string) => new TextEncoder().encode(text);
const asText = (paragraphs: string[]) => bytes(paragraphs.join("\n\n") + "\n");

// The English version as another translator might deliver it: two
// paragraphs run together, one left out, a note of their own added.
const MERGED = 10;
const OMITTED = 20;
const NOTE_AFTER = 30;
const NOTE =
  "Translator's note. This English version was prepared from the transcript published by the presidential press service and checked against the video recording of the meeting; where the speaker departed from the prepared text, the spoken words are given, and the headings of the printed version are left out.";
const deliveredEnglish = [
  ...en.slice(0, MERGED),
  `${en[MERGED]} ${en[MERGED + 1]}`,
  ...en.slice(MERGED + 2, OMITTED),
  ...en.slice(OMITTED + 1, NOTE_AFTER + 1),
  NOTE,
  ...en.slice(NOTE_AFTER + 1),
];

const it = test
  .extend("author", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("reviewer", { scope: "file", auto: true }, ({ db }) => addUser(db, "rita", "Rita"));

async function allRows(db: Db, slug: string, languages: string[]) {
  const page = await getRows(db, slug, { languages, offset: 0, limit: 1000 });
  return page.rows;
}

async function counts(db: Db) {
  const [documents, segments, cells, revisions, changes] = await Promise.all([
    db.document.count(),
    db.segment.count(),
    db.cell.count(),
    db.revision.count(),
    db.alignmentChange.count(),
  ]);
  return { documents, segments, cells, revisions, changes };
}

describe("importing a file as a new document", () => {
  it("makes the file's paragraphs the original, its language suggested from the text", async ({ db, author }) => {
    const progress: ImportProgress[] = [];
    const result = await importFile(
      db,
      asText(ru),
      { fileName: "speech.ru.txt", into: { kind: "new", slug: "speech", title: "Speech" } },
      { authorId: author, onProgress: (step) => progress.push(step) },
    );
    expect(result).toMatchObject({ slug: "speech", format: "txt", encoding: "utf-8", languages: ["ru"], rows: ru.length });
    const rows = await allRows(db, "speech", ["ru"]);
    expect(rows.map((row) => row.cells.ru!.text)).toEqual(ru);
    const language = await db.documentLanguage.findFirstOrThrow({ where: { document: { slug: "speech" } } });
    // Named in its own language, as the speech's "Русский", whatever language the importer reads the interface in.
    expect(language).toMatchObject({ code: "ru", label: "Русский", isOriginal: true });
    expect(language.provenance).toMatch(/speech\.ru\.txt \(txt, utf-8\)/);
    expect(progress.map((step) => step.stage)).toContain("writing");
  });

  it("takes every language of a bilingual file row by row, with the file's states", async ({ db, author }) => {
    const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="paragraph" adminlang="en" srclang="ru" o-tmf="none"/>
<body>
<tu><tuv xml:lang="ru"><seg>Добрый день!</seg></tuv><tuv xml:lang="fr"><seg>Bonjour !</seg></tuv></tu>
<tu><tuv xml:lang="ru"><seg>Спасибо.</seg></tuv><tuv xml:lang="fr"><seg>Merci.</seg></tuv></tu>
</body></tmx>`;
    const result = await importFile(
      db,
      bytes(tmx),
      { fileName: "greetings.tmx", into: { kind: "new", slug: "greetings", title: "Greetings" } },
      { authorId: author },
    );
    expect(result).toMatchObject({ format: "tmx", languages: ["ru", "fr"], rows: 2 });
    const rows = await allRows(db, "greetings", ["ru", "fr"]);
    expect(rows.map((row) => [row.cells.ru!.text, row.cells.fr!.text])).toEqual([
      ["Добрый день!", "Bonjour !"],
      ["Спасибо.", "Merci."],
    ]);
    const labels = await db.documentLanguage.findMany({ where: { document: { slug: "greetings" } }, orderBy: { position: "asc" } });
    expect(labels.map((language) => language.label)).toEqual(["Русский", "Français"]);
  });

  it("refuses a bad file with a message that says what is wrong, and stores nothing", async ({ db, author }) => {
    const before = await counts(db);
    const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3, 0, 0, 0xff]);
    const cases: [Uint8Array, string, RegExp][] = [
      [new Uint8Array(), "empty.txt", /empty/i],
      [binary, "picture.txt", /binary/i],
      [
        bytes("<tmx version='1.4'><header srclang='ru'/><body><tu><tuv xml:lang='ru'><seg>a</tuv></tu></body></tmx>"),
        "broken.tmx",
        /line 1, column \d+/,
      ],
      [bytes("PK\u0003\u0004 not really a zip"), "fake.docx", /docx|zip/i],
    ];
    for (const [content, fileName, message] of cases) {
      const error = await failureOf(
        importFile(db, content, { fileName, into: { kind: "new", slug: "bad-file", title: "Bad" } }, { authorId: author }),
      );
      expect(error.message, fileName).toMatch(message);
      expect(error.status, fileName).toBeGreaterThanOrEqual(400);
    }
    expect(await counts(db)).toEqual(before);
  });

  it("refuses a slug that is taken without touching the document there", async ({ db, author }) => {
    const before = await counts(db);
    const error = await failureOf(
      importFile(db, asText(en), { fileName: "en.txt", into: { kind: "new", slug: "speech", title: "Again" } }, { authorId: author }),
    );
    expect(error).toMatchObject({ code: "document_exists", status: 409 });
    expect(await counts(db)).toEqual(before);
  });
});

describe("importing a language into an existing document", () => {
  let importedAt: Date;

  it("aligns paragraphs that do not match the rows one to one", async ({ db, author }) => {
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await importFile(
      db,
      asText(deliveredEnglish),
      { fileName: "speech.en.txt", into: { kind: "existing", slug: "speech" } },
      { authorId: author },
    );
    importedAt = before;
    expect(result).toMatchObject({ languages: ["en"], rows: ru.length + 1, createdRows: 1 });

    const rows = await allRows(db, "speech", ["ru", "en"]);
    expect(rows).toHaveLength(ru.length + 1);
    // Nothing lost or reordered: the English reads as delivered, row after row.
    expect(
      rows
        .map((row) => row.cells.en!.text)
        .filter(Boolean)
        .join(PARAGRAPH_JOINER),
    ).toBe(deliveredEnglish.join(PARAGRAPH_JOINER));
    // The original is untouched, and the note got a row of its own after row NOTE_AFTER.
    expect(rows.map((row) => row.cells.ru!.text).filter(Boolean)).toEqual(ru);
    const noteRow = rows.findIndex((row) => row.cells.en!.text === NOTE);
    expect(noteRow).toBe(NOTE_AFTER + 1);
    expect(rows[noteRow]!.cells.ru!.text).toBe("");

    const englishOf = (index: number) => rows[index < noteRow ? index : index + 1]!.cells.en!.text;
    expect(englishOf(MERGED)).toBe(`${en[MERGED]} ${en[MERGED + 1]}`);
    expect(englishOf(MERGED + 1)).toBe("");
    expect(englishOf(OMITTED)).toBe("");
    for (const index of ru.keys()) {
      if (index === MERGED || index === MERGED + 1 || index === OMITTED) continue;
      expect(englishOf(index), `row ${index + 1}`).toBe(en[index]);
    }
  });

  it("scores every row, and shows rows left without a counterpart under the not-1:1 filter", async ({ db }) => {
    const scores = await db.segment.findMany({ where: { document: { slug: "speech" } }, select: { alignmentScore: true } });
    expect(scores.every((row) => row.alignmentScore !== null && row.alignmentScore >= 0 && row.alignmentScore <= 1)).toBe(true);
    const uncertain = await getRows(db, "speech", { languages: ["ru", "en"], filter: "low-confidence", offset: 0, limit: 1000 });
    expect(uncertain.total).toBeLessThan(10);

    const uneven = await getRows(db, "speech", { languages: ["ru", "en"], filter: "not-one-to-one", offset: 0, limit: 1000 });
    expect(uneven.rows.map((row) => row.cells.en!.text)).toContain(NOTE);
    expect(uneven.rows.map((row) => row.cells.ru!.text)).toEqual(expect.arrayContaining([ru[MERGED + 1], ru[OMITTED]]));
    expect(uneven.total).toBe(3);
  });

  it("logs the import so that earlier versions still read as they were", async ({ db }) => {
    const change = await db.alignmentChange.findFirstOrThrow({ where: { document: { slug: "speech" } }, orderBy: { id: "desc" } });
    expect(change.kind).toBe("import");
    const document = await db.document.findUniqueOrThrow({ where: { slug: "speech" } });
    const earlier = await readDocumentAt(db, { documentId: document.id, at: { time: importedAt } });
    expect(earlier.languages.map((language) => language.code)).toEqual(["ru"]);
    expect(earlier.rows.map((row) => row.cells.ru!.text)).toEqual(ru);
  });

  it("refuses a language the document has, changing nothing", async ({ db, author }) => {
    const before = await counts(db);
    const error = await failureOf(
      importFile(db, asText(en), { fileName: "en.txt", into: { kind: "existing", slug: "speech", language: "en" } }, { authorId: author }),
    );
    expect(error).toMatchObject({ code: "language_exists", status: 409 });
    expect(await counts(db)).toEqual(before);
  });
});

describe("realigning from the first unconfirmed row", () => {
  it("keeps confirmed rows and puts the rest back where the aligner finds it belongs", async ({ db, author }) => {
    const slug = "realign";
    await importFile(db, asText(ru), { fileName: "ru.txt", into: { kind: "new", slug, title: "Realign" } }, { authorId: author });
    await importFile(db, asText(en), { fileName: "en.txt", into: { kind: "existing", slug, language: "en" } }, { authorId: author });
    const document = await db.document.findUniqueOrThrow({ where: { slug } });
    let rows = await allRows(db, slug, ["ru", "en"]);
    expect(rows.map((row) => row.cells.en!.text)).toEqual(en);

    // A human confirms the first ten rows; then the English below row 20 is
    // pushed out of place by hand (a shift moves a cell's text one row down).
    await confirmSegments(db, { segmentId: rows[9]!.id, scope: "above", authorId: author });
    for (const index of [25, 24, 23, 22, 21])
      await shiftCell(db, { segmentId: rows[index]!.id, languageCode: "en", direction: "down", authorId: author });
    rows = await allRows(db, slug, ["ru", "en"]);
    expect(rows.map((row) => row.cells.en!.text)).not.toEqual(en);
    const confirmedBefore = rows.slice(0, 10).map((row) => [row.id, row.cells.en!.text, row.cells.en!.headRevisionId]);

    const result = await realignLanguage(db, { documentId: document.id, languageCode: "en", authorId: author });
    expect(result.fromRow).toBe(11);
    rows = await allRows(db, slug, ["ru", "en"]);
    expect(rows.slice(0, 10).map((row) => [row.id, row.cells.en!.text, row.cells.en!.headRevisionId])).toEqual(confirmedBefore);
    expect(rows.filter((row) => row.cells.ru!.text !== "").map((row) => row.cells.en!.text)).toEqual(en);

    const undone = await undoLatest(db, { documentId: document.id, authorId: author });
    expect(undone.operation).toBe("realign");
    expect((await allRows(db, slug, ["ru", "en"])).map((row) => row.cells.en!.text)).not.toEqual(en);
  });

  it("refuses to realign the original", async ({ db, author }) => {
    const document = await db.document.findUniqueOrThrow({ where: { slug: "realign" } });
    const error = await failureOf(realignLanguage(db, { documentId: document.id, languageCode: "ru", authorId: author }));
    expect(error).toMatchObject({ code: "cannot_realign_original", status: 400 });
  });
});

describe("export", () => {
  it("round-trips through TMX, XLIFF, CSV and plain text", async ({ db }) => {
    const rows = await allRows(db, "speech", ["ru", "en"]);
    const texts = rows.map((row) => [row.cells.ru!.text, row.cells.en!.text]);

    const tmx = await exportDocument(db, { slug: "speech", format: "tmx" });
    expect(tmx.fileName).toBe("speech.tmx");
    const fromTmx = await parseImportFile({ bytes: bytes(tmx.body), fileName: tmx.fileName });
    if (fromTmx.kind !== "bilingual") throw new Error("TMX should read as bilingual");
    expect(fromTmx.languages).toEqual(["ru", "en"]);
    expect(fromTmx.rows.map((row) => [row.cells.ru?.text ?? "", row.cells.en?.text ?? ""])).toEqual(texts);

    const csv = await exportDocument(db, { slug: "speech", format: "csv" });
    const fromCsv = await parseImportFile({ bytes: bytes(csv.body), fileName: csv.fileName });
    if (fromCsv.kind !== "bilingual") throw new Error("CSV should read as bilingual");
    expect(fromCsv.rows.map((row) => [row.cells.ru?.text ?? "", row.cells.en?.text ?? ""])).toEqual(texts);

    const xliff = await exportDocument(db, { slug: "speech", format: "xliff" });
    expect(xliff.fileName).toBe("speech.ru-en.xlf");
    const fromXliff = await parseImportFile({ bytes: bytes(xliff.body), fileName: xliff.fileName });
    if (fromXliff.kind !== "bilingual") throw new Error("XLIFF should read as bilingual");
    expect(fromXliff.rows.map((row) => [row.cells.ru?.text ?? "", row.cells.en?.text ?? ""])).toEqual(texts);

    const txt = await exportDocument(db, { slug: "speech", format: "txt", language: "en" });
    const fromTxt = await parseImportFile({ bytes: bytes(txt.body), fileName: txt.fileName });
    if (fromTxt.kind !== "monolingual") throw new Error("plain text should read as one language");
    expect(fromTxt.paragraphs).toEqual(deliveredEnglish);
  });

  it("exports a new document made from the export with the same rows and texts", async ({ db, author }) => {
    const tmx = await exportDocument(db, { slug: "speech", format: "tmx" });
    await importFile(
      db,
      bytes(tmx.body),
      { fileName: "copy.tmx", into: { kind: "new", slug: "speech-copy", title: "Copy" } },
      { authorId: author },
    );
    const original = await loadExportDocument(db, { slug: "speech" });
    const copy = await loadExportDocument(db, { slug: "speech-copy" });
    const textsOf = (document: typeof original) =>
      document.rows.map((row) => Object.fromEntries(Object.entries(row.cells).map(([code, cell]) => [code, cell.text])));
    expect(textsOf(copy)).toEqual(textsOf(original));
  });

  it("exports a snapshot as it was, and only approved text on request", async ({ db, author, reviewer }) => {
    const document = await db.document.findUniqueOrThrow({ where: { slug: "speech" } });
    const [first] = await allRows(db, "speech", ["en"]);
    const cell = first!.cells.en!;
    await decideReview(db, {
      cellId: cell.id,
      revisionId: cell.headRevisionId,
      verdict: "approve",
      documentId: document.id,
      reviewerId: reviewer,
    });
    const snapshot = await createSnapshot(db, { documentId: document.id, name: "approved start", authorId: reviewer });
    await saveCell(db, cell.id, { text: "Good afternoon, colleagues!", baseRevisionId: cell.headRevisionId }, { authorId: author });

    const now = await loadExportDocument(db, { slug: "speech", languages: ["en"] });
    expect(now.rows[0]!.cells.en!.text).toBe("Good afternoon, colleagues!");
    const atSnapshot = await loadExportDocument(db, { slug: "speech", languages: ["en"], at: { snapshotId: snapshot.id } });
    // Each cell names the revision it shows (the base of a round trip): now the new head, else the approved one.
    expect(now.rows[0]!.cells.en!.revisionId).not.toBe(cell.headRevisionId);
    expect(atSnapshot.rows[0]!.cells.en).toEqual({ text: cell.text, status: "approved", revisionId: cell.headRevisionId });
    const approved = await loadExportDocument(db, { slug: "speech", languages: ["en"], approvedOnly: true });
    expect(approved.rows[0]!.cells.en).toEqual({ text: cell.text, status: "approved", revisionId: cell.headRevisionId });
    expect(approved.rows[1]!.cells.en!.text).toBe("");

    const file = await exportDocument(db, { slug: "speech", format: "tmx", at: { snapshotId: snapshot.id } });
    expect(file.fileName).toBe(`speech-snapshot-${snapshot.id}.tmx`);
    expect(file.body).toContain(cell.text.slice(0, 20));
    expect(file.body).not.toContain("Good afternoon, colleagues!");
  });

  it("says which language is missing", async ({ db }) => {
    const error = await failureOf(exportDocument(db, { slug: "speech", format: "xliff", source: "ru", target: "de" }));
    expect(error).toMatchObject({ code: "language_not_found", status: 404 });
    expect(error.message).toMatch(/de/);
  });
});
