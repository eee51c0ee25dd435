// Updating a language from a revised file (issue #13): wb import --update as
// people run it, and the domain's preview and apply underneath.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect } from "vitest";
import { writeCellText } from "@/lib/cells/write-cell-text";
import type { Db } from "@/lib/db/client";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { applyFileUpdate, previewFileUpdate } from "@/lib/documents/update-language";
import { parseImportFile } from "@/lib/formats";
import { escapeXml } from "@/lib/formats/xml";
import { redoAlignmentChange, undoAlignmentChange } from "@/lib/segments/undo";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { addUser, servingRoutes, speechTest } from "../helpers/fixtures";
import { environment, runCli as runChild } from "../helpers/processes";
import { callJson, callRoute, routeHandler } from "../helpers/routes";
import { runCliInProcess } from "../helpers/cli";
import { tableCounts } from "../helpers/table-counts";

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("dir", { scope: "file" }, async ({}, { onCleanup }) => {
    const dir = await mkdtemp(path.join(tmpdir(), "parallel-update-"));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    return dir;
  });

/** A language's cells in row order (live rows; "" where the row has no text in it). */
async function column(db: Db, code: string) {
  const rows = await db.segment.findMany({
    where: { document: { slug: SPEECH_SLUG }, deletedAt: null },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, cells: { where: { language: { code } }, select: { id: true, text: true, headRevisionId: true, stale: true } } },
  });
  return rows.map((row) => ({ segmentId: row.id, cell: row.cells[0] ?? null }));
}

async function writeParagraphs(dir: string, name: string, paragraphs: string[]) {
  const file = path.join(dir, name);
  await writeFile(file, paragraphs.join("\n\n"));
  return file;
}

const execFileAsync = promisify(execFile);

const fileUpdates = (db: Db) => db.revision.findMany({ where: { kind: "file_update" }, orderBy: { id: "asc" } });

describe("wb import --update", () => {
  it("changes exactly the two cells the file changed, one revision each, and prints the counts as JSON", async ({ db, url, dir }) => {
    const before = await column(db, "en");
    const texts = before.flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const revised = [...texts];
    revised[3] = `${texts[3]} (revised)`;
    revised[10] = texts[10]!.replace(/\w+/, "Indeed");
    const file = await writeParagraphs(dir, "speech.en.revised.txt", revised);

    const result = await runChild(
      ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update", "--json"],
      environment({ DATABASE_URL: url }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ changed: 2, unchanged: texts.length - 2, added: 0, removed: 0, conflicts: [] });

    const revisions = await fileUpdates(db);
    expect(revisions.map((revision) => revision.text)).toEqual([revised[3], revised[10]]);
    expect(revisions.every((revision) => revision.note === "updated from speech.en.revised.txt")).toBe(true);
    const system = await db.user.findUniqueOrThrow({ where: { handle: "system" } });
    expect(revisions.every((revision) => revision.authorId === system.id)).toBe(true);

    const after = await column(db, "en");
    const changedCells = after.filter((row, index) => row.cell?.headRevisionId !== before[index]!.cell?.headRevisionId);
    expect(changedCells.map((row) => row.cell!.text)).toEqual([revised[3], revised[10]]);
    const log = await db.alignmentChange.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(log.kind).toBe("file_update");
  }, 90_000); // a wb child process: its start alone takes most of the default 30 s on a loaded machine

  it("changes nothing when the file holds the current text", async ({ db, url, dir }) => {
    const texts = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const file = await writeParagraphs(dir, "same.txt", texts);
    const counts = await tableCounts(db);
    const result = await runCliInProcess(url, ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update", "--json"]);
    expect(result.code, result.err.join("\n")).toBe(0);
    expect(JSON.parse(result.out[0]!)).toEqual({ changed: 0, unchanged: texts.length, added: 0, removed: 0, conflicts: [] });
    expect(await tableCounts(db)).toEqual(counts);
  });

  it("gives a new paragraph a row where it belongs and reports a missing one without emptying it", async ({ db, url, dir }) => {
    const before = await column(db, "en");
    const texts = before.flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const added = "A paragraph the translator added after the fifth one.";
    const revised = [...texts.slice(0, 5), added, ...texts.slice(5, 20), ...texts.slice(21)];
    const file = await writeParagraphs(dir, "added-missing.txt", revised);
    const result = await runCliInProcess(url, ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update", "--json"]);
    expect(result.code, result.err.join("\n")).toBe(0);
    expect(JSON.parse(result.out[0]!)).toEqual({ changed: 0, unchanged: texts.length - 1, added: 1, removed: 1, conflicts: [] });

    const after = await column(db, "en");
    expect(after).toHaveLength(before.length + 1);
    const fifth = after.findIndex((row) => row.cell?.text === texts[4]);
    expect(after[fifth + 1]!.cell!.text).toBe(added);
    // The row is new: the other language has nothing in it yet.
    const ru = await column(db, "ru");
    expect(ru[fifth + 1]!.cell!.text).toBe("");
    expect(after.some((row) => row.cell?.text === texts[20])).toBe(true);
  });

  it("says what it did in one line, and empties the cells the file lacks only with --empty-missing", async ({ db, url, dir }) => {
    const cells = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell] : []));
    const last = cells.at(-1)!;
    const file = await writeParagraphs(
      dir,
      "without-last.txt",
      cells.slice(0, -1).map((cell) => cell.text),
    );
    const textOfLast = async () => (await db.cell.findUniqueOrThrow({ where: { id: last.id } })).text;
    const kept = await runCliInProcess(url, ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update"]);
    expect(kept).toMatchObject({ code: 0, err: [] });
    expect(kept.out).toEqual([
      `Updated en of "${SPEECH_SLUG}" from without-last.txt: 0 changed, ${cells.length - 1} unchanged, 0 new rows, 1 missing from the file (kept; --empty-missing empties them)`,
    ]);
    expect(await textOfLast()).toBe(last.text);

    const emptied = await runCliInProcess(url, ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update", "--empty-missing"]);
    expect(emptied.out).toEqual([
      `Updated en of "${SPEECH_SLUG}" from without-last.txt: 0 changed, ${cells.length - 1} unchanged, 0 new rows, 1 missing from the file (emptied)`,
    ]);
    expect(await textOfLast()).toBe("");
    const revision = await db.revision.findFirstOrThrow({ where: { kind: "file_update" }, orderBy: { id: "desc" } });
    expect(revision).toMatchObject({ cellId: last.id, text: "", note: "updated from without-last.txt" });
    expect((await column(db, "en")).filter((row) => row.cell?.text).length).toBe(cells.length - 1);
  });

  it("refuses bad input with one line, exit 1 and nothing written", async ({ db, url, dir }) => {
    const file = await writeParagraphs(dir, "bad.txt", ["Some text."]);
    const counts = await tableCounts(db);
    const cases: [string[], RegExp][] = [
      [["import", file, "--into", SPEECH_SLUG, "--update"], /Usage: wb import FILE --into SLUG --language CODE --update/],
      [["import", file, "--language", "en", "--update"], /Usage: wb import FILE --into SLUG --language CODE --update/],
      [["import", file, "--into", SPEECH_SLUG, "--language", "en", "--empty-missing"], /--empty-missing goes with --update/],
      [["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update", "--slug", "x"], /no --slug, --title or --label/],
      [["import", file, "--into", SPEECH_SLUG, "--language", "fr", "--update"], /has no fr version to update/],
      [["import", file, "--into", "no-such-document", "--language", "en", "--update"], /There is no document "no-such-document"/],
      [["import", file, "--into", SPEECH_SLUG, "--language", "not a tag", "--update"], /language/],
      [["import", path.join(dir, "nowhere.txt"), "--into", SPEECH_SLUG, "--language", "en", "--update"], /nowhere\.txt/],
    ];
    for (const [args, message] of cases) {
      const result = await runCliInProcess(url, args);
      expect(result, args.join(" ")).toMatchObject({ code: 1, out: [] });
      expect(result.err, args.join(" ")).toHaveLength(1);
      expect(result.err[0], args.join(" ")).toMatch(message);
    }
    expect(await tableCounts(db)).toEqual(counts);
  });
});

/** Revises an exported file outside the app: Translate Toolkit (XLIFF 1.2, TMX) or Python's csv module, through /usr/bin/python3. */
async function reviseOutside(file: string, edits: Record<number, string>, language?: string) {
  const { stdout } = await execFileAsync("/usr/bin/python3", [
    "tests/fixtures/round-trip/translate_toolkit_edit.py",
    file,
    JSON.stringify(edits),
    ...(language ? [language] : []),
  ]);
  return Number(stdout);
}

/** The English cells of a file as the app reads it back (text and the revision each names), in the file's order. */
async function englishOfFile(file: string) {
  const parsed = await parseImportFile({ bytes: await readFile(file), fileName: path.basename(file) });
  if (parsed.kind !== "bilingual") throw new Error(`${file} read as one language`);
  return parsed.rows.map((row) => row.cells.en);
}

const EXPORTS = {
  xliff: ["--format", "xliff", "--source", "ru", "--target", "en", "--xliff-version", "1.2"],
  tmx: ["--format", "tmx", "--languages", "ru,en"],
  csv: ["--format", "csv", "--languages", "ru,en"],
};

async function exportTo(url: string, dir: string, format: keyof typeof EXPORTS) {
  const file = path.join(dir, `speech-${format}-${Math.random().toString(36).slice(2)}.${format === "xliff" ? "xlf" : format}`);
  const exported = await runCliInProcess(url, ["export", SPEECH_SLUG, ...EXPORTS[format], "--out", file]);
  expect(exported.code, exported.err.join("\n")).toBe(0);
  return file;
}

const updateJson = async (url: string, file: string, extra: string[] = []) => {
  const result = await runCliInProcess(url, ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update", "--json", ...extra]);
  expect(result.code, result.err.join("\n")).toBe(0);
  return JSON.parse(result.out[0]!) as { changed: number; unchanged: number; added: number; removed: number; conflicts: unknown[] };
};

describe("a round trip through an exported file", () => {
  for (const format of ["xliff", "tmx", "csv"] as const) {
    it(`${format}: exported, two paragraphs changed outside the app, updated: exactly two revisions, the rest untouched`, async ({
      db,
      url,
      dir,
    }) => {
      const file = await exportTo(url, dir, format);
      const exported = await englishOfFile(file);
      const heads = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell.headRevisionId] : []));
      // Every English text names the revision it is.
      expect(exported.filter((cell) => cell?.text).map((cell) => cell!.revisionId)).toEqual(heads);

      const units = exported.flatMap((cell, index) => (cell?.text ? [index] : []));
      const [first, second] = [units[4]!, units[16]!];
      const edits = {
        [first]: `${exported[first]!.text} (${format} revision)`,
        [second]: `${exported[second]!.text} (${format} revision)`,
      };
      const read = await reviseOutside(file, edits, format === "csv" ? "en" : undefined);
      expect(read).toBe(exported.length);
      // The outside tool kept every carrier.
      const revised = await englishOfFile(file);
      expect(revised.map((cell) => cell?.revisionId)).toEqual(exported.map((cell) => cell?.revisionId));
      expect(revised[first]!.text).toBe(edits[first]);

      const before = await column(db, "en");
      const revisions = await db.revision.count();
      const fileUpdatesBefore = (await fileUpdates(db)).length;
      expect(await updateJson(url, file)).toMatchObject({ changed: 2, added: 0, removed: 0, conflicts: [] });
      expect(await db.revision.count()).toBe(revisions + 2);
      expect((await fileUpdates(db)).length).toBe(fileUpdatesBefore + 2);
      const after = await column(db, "en");
      const changed = after.filter((row, index) => row.cell?.headRevisionId !== before[index]!.cell?.headRevisionId);
      expect(changed.map((row) => row.cell!.text)).toEqual([edits[first], edits[second]]);
    });
  }

  it("csv: a cell edited in the app since the export and left alone in the file keeps the app's edit", async ({ db, url, dir }) => {
    const author = await addUser(db, "csv-editor", "CSV editor");
    const file = await exportTo(url, dir, "csv");
    const exported = await englishOfFile(file);
    const units = exported.flatMap((cell, index) => (cell?.text ? [index] : []));
    const cells = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell] : []));
    const appEdited = cells[30]!;
    await db.$transaction((tx) =>
      writeCellText(tx, { cellId: appEdited.id, text: `${appEdited.text} Edited in the app.`, authorId: author, kind: "edit" }),
    );
    const fileEdit = `${exported[units[31]!]!.text} Edited in the file.`;
    await reviseOutside(file, { [units[31]!]: fileEdit }, "en");

    expect(await updateJson(url, file)).toMatchObject({ changed: 1, conflicts: [] });
    expect((await db.cell.findUniqueOrThrow({ where: { id: appEdited.id } })).text).toBe(`${appEdited.text} Edited in the app.`);
    expect((await db.cell.findUniqueOrThrow({ where: { id: cells[31]!.id } })).text).toBe(fileEdit);
  });

  it("tmx: a cell edited in the app and in the file in different words is merged three-way", async ({ db, url, dir }) => {
    const author = await addUser(db, "merge-editor", "Merge editor");
    const file = await exportTo(url, dir, "tmx");
    const exported = await englishOfFile(file);
    const units = exported.flatMap((cell, index) => (cell?.text ? [index] : []));
    const cell = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell] : []))[40]!;
    const base = exported[units[40]!]!.text;
    expect(base).toBe(cell.text);
    const app = `Beginning edited in the app: ${base}`;
    const theirs = `${base} And an ending from the file.`;
    await db.$transaction((tx) => writeCellText(tx, { cellId: cell.id, text: app, authorId: author, kind: "edit" }));
    await reviseOutside(file, { [units[40]!]: theirs });

    const preview = await runCliInProcess(url, [
      "import",
      file,
      "--into",
      SPEECH_SLUG,
      "--language",
      "en",
      "--update",
      "--preview",
      "--json",
    ]);
    expect(preview.code, preview.err.join("\n")).toBe(0);
    expect(JSON.parse(preview.out[0]!)).toMatchObject({ changed: 1, conflicts: [] });
    const plan = await previewFileUpdate(db, {
      slug: SPEECH_SLUG,
      code: "en",
      ...(await paragraphsOf(file)),
      fileName: path.basename(file),
    });
    expect(plan.changed).toEqual([
      expect.objectContaining({ cellId: cell.id, before: app, after: `${app} And an ending from the file.`, mergedWithAppEdits: true }),
    ]);

    const revisions = await db.revision.count();
    expect(await updateJson(url, file)).toMatchObject({ changed: 1, conflicts: [] });
    expect(await db.revision.count()).toBe(revisions + 1);
    expect((await db.cell.findUniqueOrThrow({ where: { id: cell.id } })).text).toBe(`${app} And an ending from the file.`);
  });

  it("csv: a conflict is listed by --json with the three texts, left as it is, and the rest applied", async ({ db, url, dir }) => {
    const author = await addUser(db, "csv-conflict", "CSV conflict");
    const file = await exportTo(url, dir, "csv");
    const exported = await englishOfFile(file);
    const units = exported.flatMap((cell, index) => (cell?.text ? [index] : []));
    const cells = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell] : []));
    const cell = cells[20]!;
    const base = cell.text;
    const firstWord = base.match(/^(\P{L}*)(\p{L}+)/u)!;
    const opening = (word: string) => `${firstWord[1]}${word}${base.slice(firstWord[0].length)}`;
    await db.$transaction((tx) => writeCellText(tx, { cellId: cell.id, text: opening("Appword"), authorId: author, kind: "edit" }));
    const plain = `${exported[units[21]!]!.text} Plainly changed.`;
    await reviseOutside(file, { [units[20]!]: opening("Fileword"), [units[21]!]: plain }, "en");

    const row = (await column(db, "en")).findIndex((candidate) => candidate.cell?.id === cell.id) + 1;
    const printed = await updateJson(url, file);
    expect(printed).toEqual({
      changed: 1,
      unchanged: cells.length - 2,
      added: 0,
      removed: 0,
      conflicts: [
        {
          row,
          cell: cell.id,
          base,
          app: opening("Appword"),
          file: opening("Fileword"),
          regions: [{ base: firstWord[2], mine: "Appword", theirs: "Fileword" }],
        },
      ],
    });
    expect((await db.cell.findUniqueOrThrow({ where: { id: cell.id } })).text).toBe(opening("Appword"));
    expect((await db.cell.findUniqueOrThrow({ where: { id: cells[21]!.id } })).text).toBe(plain);
    const text = await runCliInProcess(url, ["import", file, "--into", SPEECH_SLUG, "--language", "en", "--update"]);
    expect(text.out).toEqual([
      expect.stringMatching(/; 1 in conflict, left as they are \(resolve them in the update preview of the web page\):$/),
      `  row ${row} (cell ${cell.id}): "${firstWord[2]}" → app "Appword", file "Fileword"`,
    ]);
  });

  it("txt: a file without revisions marks the changed cells edited in the app since their import", async ({ db }) => {
    const author = await addUser(db, "since-import", "Since import");
    const ru = (await column(db, "ru")).flatMap((row) => (row.cell?.text ? [row.cell] : []));
    // Russian cells were imported and, in these rows, never updated from a file: one edited in the app, one not.
    const [edited, untouched] = [ru[45]!, ru[46]!];
    await db.$transaction((tx) => writeCellText(tx, { cellId: edited.id, text: `${edited.text} Правка.`, authorId: author, kind: "edit" }));
    const paragraphs = ru.map((cell) =>
      cell.id === edited.id ? `${cell.text} Правка. Из файла.` : cell.id === untouched.id ? `${cell.text} Из файла.` : cell.text,
    );
    const plan = await previewFileUpdate(db, { slug: SPEECH_SLUG, code: "ru", paragraphs, fileName: "ru.txt" });
    expect(plan.changed.map((change) => [change.cellId, change.editedSinceLastUpdate, change.mergedWithAppEdits])).toEqual([
      [edited.id, true, false],
      [untouched.id, false, false],
    ]);
  });

  it("xliff through OmegaT's console mode: two paragraphs revised from its project memory, exactly two revisions", async ({
    db,
    url,
    dir,
  }) => {
    // OmegaT's XLIFF filter translates a unit's <target> when it has one: revising the English is translating it from the
    // project's memory (omegat/project_save.tmx, English to revised English), and console-translate writes target/.
    const project = path.join(dir, "omegat");
    for (const folder of ["source", "target", "omegat", "tm", "glossary", "dictionary"])
      await mkdir(path.join(project, folder), { recursive: true });
    await copyFile("tests/fixtures/round-trip/omegat.project", path.join(project, "omegat.project"));
    const file = await exportTo(url, dir, "xliff");
    await copyFile(file, path.join(project, "source", "speech.xlf"));
    const exported = await englishOfFile(file);
    const units = exported.flatMap((cell, index) => (cell?.text ? [index] : []));
    const edits = [units[6]!, units[18]!].map((unit) => ({ from: exported[unit]!.text, to: `${exported[unit]!.text} (OmegaT revision)` }));
    await writeFile(
      path.join(project, "omegat", "project_save.tmx"),
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4"><header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="3.6.0" segtype="paragraph" srclang="ru"/><body>',
        ...edits.map(
          ({ from, to }) =>
            `<tu><tuv xml:lang="ru"><seg>${escapeXml(from)}</seg></tuv><tuv xml:lang="en"><seg>${escapeXml(to)}</seg></tuv></tu>`,
        ),
        "</body></tmx>",
      ].join("\n"),
    );
    await execFileAsync("omegat", [project, "--mode=console-translate"], { timeout: 60_000, env: { ...process.env, HOME: dir } });
    const returned = path.join(project, "target", "speech.xlf");
    const revised = await englishOfFile(returned);
    expect(revised.map((cell) => cell?.revisionId)).toEqual(exported.map((cell) => cell?.revisionId));
    expect(revised.filter((cell, index) => cell?.text !== exported[index]?.text).map((cell) => cell!.text)).toEqual(
      edits.map((edit) => edit.to),
    );

    const before = await column(db, "en");
    const revisions = await db.revision.count();
    expect(await updateJson(url, returned)).toMatchObject({ changed: 2, added: 0, removed: 0, conflicts: [] });
    expect(await db.revision.count()).toBe(revisions + 2);
    const after = await column(db, "en");
    const changed = after.filter((row, index) => row.cell?.headRevisionId !== before[index]!.cell?.headRevisionId);
    expect(changed.map((row) => row.cell!.text)).toEqual(edits.map((edit) => edit.to));
  }, 120_000);
});

/** A file's English paragraphs and the revisions they name, as the update reads them. */
async function paragraphsOf(file: string) {
  const exported = (await englishOfFile(file)).filter((cell) => cell?.text);
  return { paragraphs: exported.map((cell) => cell!.text), baseRevisionIds: exported.map((cell) => cell!.revisionId ?? null) };
}

describe("previewFileUpdate and applyFileUpdate", () => {
  it("updating the original marks exactly the translations of its changed rows stale", async ({ db }) => {
    await db.cell.updateMany({ data: { stale: false } });
    const author = await addUser(db, "kremlin-editor", "Kremlin editor");
    const ru = await column(db, "ru");
    const texts = ru.flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const revised = [...texts];
    revised[7] = `${texts[7]} Спасибо.`;
    revised[30] = texts[30]!.replace(/[А-Яа-яЁё]+/, "Итак");
    const result = await applyFileUpdate(
      db,
      { slug: SPEECH_SLUG, code: "ru", paragraphs: revised, fileName: "kremlin.txt" },
      { authorId: author },
    );
    expect(result).toMatchObject({ changed: 2, added: 0, removed: 0 });

    const changedRows = new Set(
      ru.filter((row) => row.cell && (row.cell.text === texts[7] || row.cell.text === texts[30])).map((row) => row.segmentId),
    );
    expect(changedRows.size).toBe(2);
    const stale = await db.cell.findMany({
      where: { stale: true, segment: { document: { slug: SPEECH_SLUG } } },
      select: { segmentId: true, language: { select: { code: true } } },
    });
    expect(new Set(stale.map((cell) => cell.segmentId))).toEqual(changedRows);
    expect(stale.every((cell) => cell.language.code !== "ru")).toBe(true);
    expect(stale).toHaveLength(2);

    // Undone, the translations are as fresh as before; redone, stale again.
    const documentId = (await db.document.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).id;
    const staleCells = () => db.cell.count({ where: { stale: true, segment: { document: { slug: SPEECH_SLUG } } } });
    const undone = await undoAlignmentChange(db, { documentId, authorId: author, changeId: result.changeId! });
    expect(await staleCells()).toBe(0);
    await redoAlignmentChange(db, { documentId, authorId: author, changeId: undone.changeId });
    expect(await staleCells()).toBe(2);
  });

  it("previews word diffs without writing, applies leaving out a cell, refuses a stale preview, and undoes as one change", async ({
    db,
  }) => {
    const author = await addUser(db, "translator-b", "Translator B");
    const before = await column(db, "en");
    const texts = before.flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const revised = [...texts];
    revised[1] = `${texts[1]} Thank you.`;
    revised[2] = `Opening words. ${texts[2]}`;
    const input = { slug: SPEECH_SLUG, code: "en", paragraphs: revised, fileName: "review.txt" };

    const counts = await tableCounts(db);
    const preview = await previewFileUpdate(db, input);
    expect(await tableCounts(db)).toEqual(counts);
    expect(preview.changed.map((change) => ({ before: change.before, after: change.after, how: change.how }))).toEqual([
      { before: texts[1], after: revised[1], how: "edited" },
      { before: texts[2], after: revised[2], how: "edited" },
    ]);
    expect(preview.changed[0]!.ops.at(-1)).toEqual({ op: "insert", text: " Thank you." });
    const rowOf = (text: string) => before.findIndex((row) => row.cell?.text === text) + 1;
    expect(preview.changed.map((change) => change.row)).toEqual([rowOf(texts[1]!), rowOf(texts[2]!)]);

    const leftOut = preview.changed[1]!.cellId;
    const applied = await applyFileUpdate(db, { ...input, exclude: [leftOut], expected: preview.fingerprint }, { authorId: author });
    expect(applied).toMatchObject({ changed: 1, excluded: 1 });
    const after = await column(db, "en");
    expect(after.find((row) => row.cell?.id === leftOut)!.cell!.text).toBe(texts[2]);
    expect(after.some((row) => row.cell?.text === revised[1])).toBe(true);

    await expect(applyFileUpdate(db, { ...input, expected: preview.fingerprint }, { authorId: author })).rejects.toMatchObject({
      code: "language_changed_since_preview",
      status: 409,
    });

    const documentId = (await db.document.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).id;
    await undoAlignmentChange(db, { documentId, authorId: author, changeId: applied.changeId! });
    expect((await column(db, "en")).map((row) => row.cell?.text)).toEqual(before.map((row) => row.cell?.text));
  });

  it("marks in the preview a changed cell that was edited in the app since its last file update", async ({ db }) => {
    const author = await addUser(db, "app-editor", "App editor");
    const updated = await db.revision.findFirstOrThrow({ where: { kind: "file_update", cell: { language: { code: "en" } } } });
    await db.$transaction((tx) =>
      writeCellText(tx, { cellId: updated.cellId, text: `${updated.text} Edited in the app.`, authorId: author, kind: "edit" }),
    );
    const cells = await column(db, "en");
    const texts = cells.flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const edited = cells.find((row) => row.cell?.id === updated.cellId)!.cell!.text;
    const other = texts.find((text) => text !== edited && !cells.some((row) => row.cell?.text === text && row.cell.id === updated.cellId))!;
    const revised = texts.map((text) => (text === edited || text === other ? `${text} Once more.` : text));
    const preview = await previewFileUpdate(db, { slug: SPEECH_SLUG, code: "en", paragraphs: revised, fileName: "again.txt" });
    expect(preview.changed.map((change) => [change.cellId === updated.cellId, change.editedSinceLastUpdate]).sort()).toEqual(
      [
        [false, false],
        [true, true],
      ].sort(),
    );
  });

  it("recognises a cell the file split in two and two cells it joined, and changes neither", async ({ db }) => {
    const texts = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const sentences = texts[12]!.split(/(?<=\.) /);
    expect(sentences.length).toBeGreaterThan(1);
    const revised = [
      ...texts.slice(0, 12),
      sentences[0]!,
      sentences.slice(1).join(" "),
      ...texts.slice(13, 40),
      `${texts[40]} ${texts[41]}`,
      ...texts.slice(42),
    ];
    const preview = await previewFileUpdate(db, { slug: SPEECH_SLUG, code: "en", paragraphs: revised, fileName: "reflowed.txt" });
    expect(preview).toMatchObject({ changed: [], added: [], removed: [], unchanged: texts.length });
  });
});

describe("GET /api/documents/:slug/export?format=xliff&xliffVersion=1.2", () => {
  it("writes XLIFF 1.2 with the revision notes, and refuses another version", async ({ db }) => {
    const viewer = await addPerson(db, "xliff-viewer", "viewer");
    const headers = await tokenHeaders(db, viewer);
    const handler = await routeHandler("app/api/documents/[slug]/export/route.ts", "GET");
    const params = { slug: SPEECH_SLUG };
    const answer = await callRoute(handler, { path: "/?format=xliff&source=ru&target=en&xliffVersion=1.2", params, headers });
    expect(answer.status).toBe(200);
    const body = await answer.text();
    expect(body).toContain('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">');
    const first = (await column(db, "en")).find((row) => row.cell?.text)!.cell!;
    expect(body).toContain(`<note from="developer" annotates="target">x-parallel-revision en ${first.headRevisionId}</note>`);
    const bad = await callJson(handler, { path: "/?format=xliff&xliffVersion=3.0", params, headers });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/xliffVersion/);
  });
});

describe("POST /api/documents/:slug/languages/:code/update", () => {
  const upload = (name: string, paragraphs: string[], fields: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("file", new File([paragraphs.join("\n\n")], name));
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    return form;
  };

  it("previews with word diffs and writes nothing, then applies leaving out a cell", async ({ db }) => {
    const translator = await addPerson(db, "api-translator", "translator");
    const headers = await tokenHeaders(db, translator);
    const handler = await routeHandler("app/api/documents/[slug]/languages/[code]/update/route.ts", "POST");
    const params = { slug: SPEECH_SLUG, code: "en" };
    const texts = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell.text] : []));
    const revised = [...texts];
    revised[20] = `${texts[20]} Good.`;
    revised[21] = `${texts[21]} Better.`;

    const counts = await tableCounts(db);
    const preview = await callJson(handler, { method: "POST", path: "/?preview=1", params, headers, body: upload("en.txt", revised) });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ unchanged: texts.length - 2, added: [], removed: [], conflicts: [] });
    const changed = (preview.body as { changed: { cellId: number; after: string; ops: { op: string; text: string }[] }[] }).changed;
    expect(changed.map((change) => change.after)).toEqual([revised[20], revised[21]]);
    expect(changed[0]!.ops.at(-1)).toEqual({ op: "insert", text: " Good." });
    expect(await tableCounts(db)).toEqual(counts);

    const fingerprint = (preview.body as { fingerprint: string }).fingerprint;
    const applied = await callJson(handler, {
      method: "POST",
      params,
      headers,
      body: upload("en.txt", revised, { exclude: String(changed[1]!.cellId), expected: fingerprint }),
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ changed: 1, excluded: 1, added: 0, removed: 0 });
    const revision = await db.revision.findFirstOrThrow({ where: { kind: "file_update", cellId: changed[0]!.cellId } });
    expect(revision).toMatchObject({ authorId: translator.id, text: revised[20], note: "updated from en.txt" });

    const bad = await callJson(handler, { method: "POST", params, headers, body: upload("en.txt", revised, { exclude: "12,x" }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/exclude: must be cell ids separated by commas/);
  });

  it("lists a conflict in the preview, leaves it as it is on apply, and writes the resolution chosen", async ({ db, url, dir }) => {
    const translator = await addPerson(db, "conflict-translator", "translator");
    const headers = await tokenHeaders(db, translator);
    const handler = await routeHandler("app/api/documents/[slug]/languages/[code]/update/route.ts", "POST");
    const params = { slug: SPEECH_SLUG, code: "en" };
    const file = await exportTo(url, dir, "xliff");
    const exported = await englishOfFile(file);
    const units = exported.flatMap((cell, index) => (cell?.text ? [index] : []));
    const cell = (await column(db, "en")).flatMap((row) => (row.cell?.text ? [row.cell] : []))[50]!;
    const base = exported[units[50]!]!.text;
    const lastWord = base.match(/(\p{L}+)(\P{L}*)$/u)!;
    const ending = (word: string) => `${base.slice(0, lastWord.index)}${word}${lastWord[2]}`;
    await db.$transaction((tx) => writeCellText(tx, { cellId: cell.id, text: ending("app"), authorId: translator.id, kind: "edit" }));
    await reviseOutside(file, { [units[50]!]: ending("file"), [units[51]!]: `${exported[units[51]!]!.text} Plain change.` });
    const form = (fields: Record<string, string> = {}) => {
      const body = new FormData();
      body.set("file", new File([readFileSync(file)], "returned.xlf"));
      for (const [key, value] of Object.entries(fields)) body.set(key, value);
      return body;
    };

    const counts = await tableCounts(db);
    const preview = await callJson(handler, { method: "POST", path: "/?preview=1", params, headers, body: form() });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const row = (await column(db, "en")).findIndex((candidate) => candidate.cell?.id === cell.id) + 1;
    expect(preview.body).toMatchObject({
      conflicts: [
        {
          row,
          cell: cell.id,
          base,
          app: ending("app"),
          file: ending("file"),
          regions: [{ base: lastWord[1], mine: "app", theirs: "file" }],
        },
      ],
    });
    const plan = preview.body as { changed: { cellId: number }[]; fingerprint: string };
    expect(plan.changed.map((change) => change.cellId)).not.toContain(cell.id);
    expect(plan.changed).toHaveLength(1);
    expect(await tableCounts(db)).toEqual(counts);

    // Applied without a resolution: the other change is written, the conflict left and reported.
    const applied = await callJson(handler, { method: "POST", params, headers, body: form({ expected: plan.fingerprint }) });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({
      changed: 1,
      resolved: 0,
      conflicts: [{ cell: cell.id, app: ending("app"), file: ending("file") }],
    });
    expect((await db.cell.findUniqueOrThrow({ where: { id: cell.id } })).text).toBe(ending("app"));

    // A resolution for a cell that is not in conflict is refused, nothing written.
    const stray = await callJson(handler, {
      method: "POST",
      params,
      headers,
      body: form({ resolutions: JSON.stringify([{ cell: plan.changed[0]!.cellId, text: "x" }]) }),
    });
    expect(stray.status).toBe(422);
    expect(stray.body.error?.code).toBe("resolution_without_conflict");
    const badJson = await callJson(handler, { method: "POST", params, headers, body: form({ resolutions: "[{" }) });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error?.message).toMatch(/resolutions: must be JSON/);

    // Resolved in the preview with the merged text edited by hand.
    const again = await callJson(handler, { method: "POST", path: "/?preview=1", params, headers, body: form() });
    const { fingerprint } = again.body as { fingerprint: string };
    const resolved = ending("app and file");
    const done = await callJson(handler, {
      method: "POST",
      params,
      headers,
      body: form({ expected: fingerprint, resolutions: JSON.stringify([{ cell: cell.id, text: resolved }]) }),
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ changed: 0, resolved: 1, conflicts: [] });
    expect(await db.cell.findUniqueOrThrow({ where: { id: cell.id } })).toMatchObject({ text: resolved });
    const revision = await db.revision.findFirstOrThrow({ where: { cellId: cell.id }, orderBy: { id: "desc" } });
    expect(revision).toMatchObject({
      kind: "conflict_resolution",
      text: resolved,
      authorId: translator.id,
      note: "updated from returned.xlf",
    });
  });
});
