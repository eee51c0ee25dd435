import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { createDocument } from "@/lib/documents/create-document";
import { runAlignmentOperation } from "@/lib/documents/operations";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { decideReview } from "@/lib/revisions";
import { failureOf } from "../helpers/errors";
import { addUser, speechTest } from "../helpers/fixtures";

const it = speechTest
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"))
  .extend("vera", { scope: "file", auto: true }, ({ db }) => addUser(db, "vera", "Vera"));

const row = async (db: Db, number: number) => (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!;

describe("getRows", () => {
  it("pages through live rows with their numbers and chosen languages", async ({ db }) => {
    const page = await getRows(db, SPEECH_SLUG, { languages: ["en"], offset: 10, limit: 5 });
    expect(page.total).toBe(60);
    expect(page.rows.map((r) => r.number)).toEqual([11, 12, 13, 14, 15]);
    expect(Object.keys(page.rows[0]!.cells)).toEqual(["en"]);
    expect(page.rows[0]!.cells.en).toMatchObject({ status: "translated", stale: false, version: 1 });
  });

  it("numbers every row read in the document's order (read by position) as a filter numbers them, around deleted rows", async ({
    db,
    ana,
  }) => {
    const paragraphs = (prefix: string) => Array.from({ length: 12 }, (_, index) => `${prefix} ${index + 1}.`);
    await createDocument(
      db,
      {
        slug: "twelve-rows",
        title: "Twelve rows",
        languages: [
          { code: "ru", label: "Русский", isOriginal: true, provenance: "", paragraphs: paragraphs("Строка") },
          { code: "en", label: "English", isOriginal: false, provenance: "", paragraphs: paragraphs("Line") },
        ],
      },
      { authorId: ana },
    );
    const before = await getRows(db, "twelve-rows", { limit: 12 });
    for (const number of [2, 7]) {
      await runAlignmentOperation(db, "twelve-rows", { op: "delete", segmentId: before.rows[number - 1]!.id }, ana);
    }
    // Every row is unconfirmed, so that filter reads them all, numbered over the whole document.
    const shape = (page: Awaited<ReturnType<typeof getRows>>) => ({
      total: page.total,
      rows: page.rows.map((row) => [row.id, row.number, row.cells.en?.text]),
    });
    for (const [offset, limit] of [
      [0, 3],
      [1, 5],
      [5, 4],
      [8, 5],
    ] as const) {
      const inOrder = await getRows(db, "twelve-rows", { offset, limit });
      expect(shape(inOrder)).toEqual(shape(await getRows(db, "twelve-rows", { offset, limit, filter: "unconfirmed" })));
    }
    const all = await getRows(db, "twelve-rows", { limit: 20 });
    expect(all.total).toBe(10);
    expect(all.rows.map((row) => [row.number, row.cells.en?.text])).toEqual(
      [1, 3, 4, 5, 6, 8, 9, 10, 11, 12].map((line, index) => [index + 1, `Line ${line}.`]),
    );
  });

  it("finds Russian words by stem and highlights them, with every matching row for next/previous", async ({ db }) => {
    const page = await getRows(db, SPEECH_SLUG, { q: "преступление", languages: ["ru"], limit: 60 });
    expect(page.matches!.length).toBeGreaterThan(5);
    const first = page.rows.find((r) => r.number === page.matches![0]!.number)!;
    const cell = first.cells.ru!;
    const words = cell.highlights!.map(([start, end]) => cell.text.slice(start, end).toLowerCase());
    expect(words.every((word) => word.startsWith("преступлен"))).toBe(true);
  });

  it("finds English words by stem and plain substrings", async ({ db }) => {
    const words = await getRows(db, SPEECH_SLUG, { q: "crime", languages: ["en"], limit: 60 });
    expect(words.matches!.length).toBeGreaterThan(5);
    const substring = await getRows(db, SPEECH_SLUG, { q: "KOLOKOL", mode: "text", languages: ["en"], limit: 60 });
    expect(substring.matches).toEqual([
      { index: 5, number: 6 },
      { index: 49, number: 50 },
    ]);
    const cell = substring.rows[5]!.cells.en!;
    expect(cell.highlights!.map(([start, end]) => cell.text.slice(start, end))).toEqual(["Kolokol"]);
  });

  it("filters rows and keeps their document numbers", async ({ db }) => {
    expect((await getRows(db, SPEECH_SLUG, { filter: "empty" })).total).toBe(0);
    expect((await getRows(db, SPEECH_SLUG, { filter: "unconfirmed" })).total).toBe(60);
    expect((await getRows(db, SPEECH_SLUG, { filter: "low-confidence" })).total).toBe(0);
    const error = await failureOf(getRows(db, SPEECH_SLUG, { filter: "changed" }));
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining("since") });
  });

  it("answers 404 for unknown documents and languages, 400 for a bad query", async ({ db }) => {
    expect(await failureOf(getRows(db, "nope", {}))).toMatchObject({ status: 404 });
    expect(await failureOf(getRows(db, SPEECH_SLUG, { languages: ["de"] }))).toMatchObject({
      status: 404,
      message: expect.stringContaining("de"),
    });
    expect(await failureOf(getRows(db, SPEECH_SLUG, { limit: 0 }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("limit"),
    });
  });
});

describe("saveCell", () => {
  it("writes exactly one revision for a change and none for a save without change", async ({ db, ana }) => {
    const cell = (await row(db, 7)).cells.ru!;
    const before = await db.revision.count();
    const saved = await saveCell(db, cell.id, { text: `${cell.text} Спасибо.`, baseRevisionId: cell.headRevisionId }, { authorId: ana });
    expect(saved.revision).toMatchObject({ text: `${cell.text} Спасибо.`, author: { handle: "ana" } });
    expect(saved.cell).toMatchObject({ version: 2, headRevisionId: saved.revision!.id });
    expect(await db.revision.count()).toBe(before + 1);

    const again = await saveCell(db, cell.id, { text: `  ${cell.text} Спасибо.\n`, baseRevisionId: saved.revision!.id }, { authorId: ana });
    expect(again.revision).toBeNull();
    expect(await db.revision.count()).toBe(before + 1);
    const revision = await db.revision.findUniqueOrThrow({ where: { id: saved.revision!.id } });
    expect(revision.parentId).toBe(cell.headRevisionId);
  });

  it("flags the row's translations stale when the original changes, and clears the flag on edit", async ({ db, ana }) => {
    const { ru, en } = (await row(db, 8)).cells;
    await saveCell(db, ru!.id, { text: "Новый текст.", baseRevisionId: ru!.headRevisionId }, { authorId: ana });
    expect((await row(db, 8)).cells.en).toMatchObject({ stale: true });
    expect((await getRows(db, SPEECH_SLUG, { filter: "stale" })).rows.map((r) => r.number)).toContain(8);
    await saveCell(db, en!.id, { text: "New text.", baseRevisionId: en!.headRevisionId }, { authorId: ana });
    expect((await row(db, 8)).cells.en).toMatchObject({ stale: false });
  });

  it("leaves translations fresh when the original's text only moves between rows", async ({ db, ana }) => {
    const { ru } = (await row(db, 12)).cells;
    const split = await runAlignmentOperation(
      db,
      SPEECH_SLUG,
      { op: "split", segmentId: (await row(db, 12)).id, languageCode: "ru", offset: ru!.text.indexOf(" ") },
      ana,
    );
    expect((await row(db, 12)).cells.en).toMatchObject({ stale: false });
    await runAlignmentOperation(db, SPEECH_SLUG, { op: "undo", changeId: split.changeId! }, ana);
    expect((await row(db, 12)).cells).toMatchObject({ ru: { text: ru!.text }, en: { stale: false } });
  });

  it("refuses a save based on a revision that is no longer the head, carrying the head", async ({ db, ana, boris }) => {
    const cell = (await row(db, 9)).cells.en!;
    const mine = await saveCell(db, cell.id, { text: "Ana's version.", baseRevisionId: cell.headRevisionId }, { authorId: ana });
    const before = await db.revision.count();
    const error = await failureOf(
      saveCell(db, cell.id, { text: "Boris's version.", baseRevisionId: cell.headRevisionId }, { authorId: boris }),
    );
    expect(error).toMatchObject({ status: 409, code: "cell_conflict" });
    expect(error.details).toMatchObject({
      head: { id: mine.revision!.id, text: "Ana's version.", author: { name: "Ana" } },
      base: { id: cell.headRevisionId, text: cell.text },
    });
    expect(await db.revision.count()).toBe(before);
  });

  it("treats whitespace-only text as the empty cell and refuses text over 20,000 characters", async ({ db, ana }) => {
    const cell = (await row(db, 10)).cells.en!;
    const emptied = await saveCell(db, cell.id, { text: " \n\t ", baseRevisionId: cell.headRevisionId }, { authorId: ana });
    expect(emptied.cell.text).toBe("");
    expect((await getRows(db, SPEECH_SLUG, { filter: "empty" })).rows.map((r) => r.number)).toEqual([10]);
    const error = await failureOf(
      saveCell(db, cell.id, { text: "x".repeat(20_001), baseRevisionId: emptied.cell.headRevisionId }, { authorId: ana }),
    );
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining("text: is longer than 20000 characters") });
  });

  it("refuses to approve through a save, sends edited approved text back to translated, and saves a status alone", async ({
    db,
    documentId,
    ana,
    vera,
  }) => {
    const cell = (await row(db, 11)).cells.en!;
    const before = await db.revision.count();
    const approvedBySave = await failureOf(
      saveCell(db, cell.id, { text: cell.text, baseRevisionId: cell.headRevisionId, status: "approved" as never }, { authorId: ana }),
    );
    expect(approvedBySave).toMatchObject({ status: 400, message: expect.stringContaining("review decides reviewed and approved") });
    expect((await row(db, 11)).cells.en!.status).toBe("translated");

    await decideReview(db, { documentId, cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve", reviewerId: vera });
    const drafted = await saveCell(
      db,
      cell.id,
      { text: cell.text, baseRevisionId: cell.headRevisionId, status: "draft" },
      { authorId: ana },
    );
    expect(drafted).toMatchObject({ revision: null, cell: { status: "draft" } });
    expect(await db.revision.count()).toBe(before);

    const twelve = (await row(db, 12)).cells.en!;
    await decideReview(db, { documentId, cellId: twelve.id, revisionId: twelve.headRevisionId, verdict: "approve", reviewerId: vera });
    const edited = await saveCell(db, twelve.id, { text: "Changed.", baseRevisionId: twelve.headRevisionId }, { authorId: ana });
    expect(edited.cell.status).toBe("translated");
  });

  it("finds rows changed since a moment, rows the aligner was unsure of, and rows that are not 1:1", async ({ db, ana }) => {
    const since = new Date();
    const target = await row(db, 20);
    await saveCell(
      db,
      target.cells.en!.id,
      { text: "Changed just now.", baseRevisionId: target.cells.en!.headRevisionId },
      { authorId: ana },
    );
    expect((await getRows(db, SPEECH_SLUG, { filter: "changed", since })).rows.map((r) => r.number)).toEqual([20]);
    expect((await getRows(db, SPEECH_SLUG, { filter: "changed", since: new Date() })).total).toBe(0);

    await db.segment.update({ where: { id: (await row(db, 21)).id }, data: { alignmentScore: 0.31 } });
    await db.segment.update({ where: { id: (await row(db, 22)).id }, data: { alignmentScore: 0.93 } });
    const unsure = await getRows(db, SPEECH_SLUG, { filter: "low-confidence" });
    expect(unsure.rows.map((r) => [r.number, r.alignmentScore])).toEqual([[21, 0.31]]);

    const oneSided = await getRows(db, SPEECH_SLUG, { filter: "not-one-to-one" });
    expect(oneSided.rows.map((r) => r.number)).toEqual([10]);
    expect(oneSided.rows[0]!.cells.en!.text).toBe("");
  });

  it("answers 404 for an unknown cell", async ({ db, ana }) => {
    expect(await failureOf(saveCell(db, 999_999, { text: "x", baseRevisionId: null }, { authorId: ana }))).toMatchObject({ status: 404 });
  });
});
