import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { createSnapshot, diffDocument, type DocumentDiff, longestIncreasingSubsequence } from "@/lib/revisions";
import { deleteSegment, insertSegment, mergeSegmentWithNext, moveSegment, shiftCell, splitSegment } from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { failureOf } from "../helpers/errors";
import { addUser, test } from "../helpers/fixtures";
import { liveGrid, seedDocument } from "../helpers/seed-document";
import { undoLatest } from "../helpers/undo";

const it = test
  .extend("systemId", { scope: "file", auto: true }, async ({ db }) => (await ensureSystemUser(db)).id)
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("fresh", { scope: "file" }, ({ db, systemId, ana }) => {
    let documents = 0;
    /** A fresh 10-row document, a snapshot of it as imported, and helpers naming its rows. */
    return async (rows = 10) => {
      const { documentId } = await seedDocument(db, { slug: `diff-${++documents}`, rows, authorId: systemId });
      const start = await createSnapshot(db, { documentId, name: "start", authorId: ana });
      const grid = () => liveGrid(db, documentId);
      const row = async (number: number) => (await grid())[number - 1]!;
      let snapshots = 0;
      const snapshot = async () => (await createSnapshot(db, { documentId, name: `s${++snapshots}`, authorId: ana })).id;
      return { documentId, start: start.id, grid, row, snapshot };
    };
  });

const noChange = { added: [], removed: [], moved: [], split: [], merged: [], changedCells: [] };
const summaryOf = (diff: DocumentDiff) => diff.summary;

describe("diffDocument", () => {
  it("finds nothing between a version and itself", async ({ db, fresh }) => {
    const { documentId, start } = await fresh();
    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now" });
    expect(diff).toMatchObject(noChange);
    expect(diff.summary).toEqual({ added: 0, removed: 0, moved: 0, split: 0, merged: 0, changedCells: 0, unchangedRows: 10 });
    expect(diff.from).toEqual({ snapshot: { id: start, name: "start" }, time: expect.any(Date) });
    expect(diff.to).toEqual({ snapshot: null, time: null });
    expect(diff.languages).toEqual([
      { code: "ru", label: "Русский" },
      { code: "en", label: "English" },
      { code: "de", label: "Deutsch" },
    ]);
    expect((await diffDocument(db, { documentId, from: "now", to: "now" })).summary.unchangedRows).toBe(10);
  });

  it("lists changed cells with a word diff, only in the languages asked for", async ({ db, ana, fresh }) => {
    const { documentId, start, row } = await fresh();
    const second = await row(2);
    const en = second.cells.en!;
    await saveCell(db, en.id, { text: `${en.text} Added words.`, baseRevisionId: en.headRevisionId }, { authorId: ana });
    const saved = await saveCell(
      db,
      second.cells.de!.id,
      { text: "Ganz neu.", baseRevisionId: second.cells.de!.headRevisionId },
      { authorId: ana },
    );

    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now" });
    expect(diff).toMatchObject({ ...noChange, changedCells: expect.any(Array) });
    expect(diff.changedCells.map(({ ops: _ops, ...cell }) => cell)).toEqual([
      { segmentId: second.id, number: 2, language: "en", fromRevisionId: en.headRevisionId, toRevisionId: expect.any(Number) },
      {
        segmentId: second.id,
        number: 2,
        language: "de",
        fromRevisionId: second.cells.de!.headRevisionId,
        toRevisionId: saved.revision!.id,
      },
    ]);
    expect(diff.changedCells[0]!.ops).toEqual([
      { op: "equal", text: en.text },
      { op: "insert", text: " Added words." },
    ]);
    expect(diff.summary).toEqual({ added: 0, removed: 0, moved: 0, split: 0, merged: 0, changedCells: 2, unchangedRows: 9 });

    const english = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now", languages: ["en"] });
    expect(english.languages).toEqual([{ code: "en", label: "English" }]);
    expect(english.changedCells.map((cell) => cell.language)).toEqual(["en"]);
    const russian = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now", languages: ["ru"] });
    expect(russian.summary).toMatchObject({ changedCells: 0, unchangedRows: 10 });
  });

  it("recognises a split (and, the other way round, a merge), even when the new row is edited afterwards", async ({ db, ana, fresh }) => {
    const { documentId, start, row, grid } = await fresh();
    const third = await row(3);
    const text = third.cells.ru!.text;
    const { newSegmentId, splitLanguages } = await splitSegment(db, {
      segmentId: third.id,
      languageCode: "ru",
      offset: text.indexOf(" ", 10),
      splitOthers: true,
      authorId: ana,
    });
    const lower = (await grid())[3]!;
    await saveCell(
      db,
      lower.cells.ru!.id,
      { text: "Completely rewritten.", baseRevisionId: lower.cells.ru!.headRevisionId },
      { authorId: ana },
    );

    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now" });
    expect(diff.split).toEqual([
      {
        segmentId: newSegmentId,
        number: 4,
        fromSegmentId: third.id,
        fromNumber: 3,
        texts: expect.objectContaining({ ru: "Completely rewritten." }),
      },
    ]);
    expect(diff.changedCells.map((cell) => [cell.number, cell.language])).toEqual(
      splitLanguages.map((code) => [3, code]).sort(byLanguageOrder),
    );
    expect(diff.summary).toEqual({
      added: 0,
      removed: 0,
      moved: 0,
      split: 1,
      merged: 0,
      changedCells: splitLanguages.length,
      unchangedRows: 9,
    });

    const back = await diffDocument(db, { documentId, from: "now", to: { snapshotId: start } });
    expect(back.merged).toEqual([
      {
        segmentId: newSegmentId,
        number: 4,
        intoSegmentId: third.id,
        intoNumber: 3,
        texts: expect.objectContaining({ ru: "Completely rewritten." }),
      },
    ]);
    expect(back.summary).toMatchObject({ added: 0, removed: 0, split: 0, merged: 1, moved: 0 });
  });

  it("follows a row split off a row that was itself split off to the row it came from", async ({ db, ana, fresh }) => {
    const { documentId, start, row } = await fresh();
    const third = await row(3);
    const text = third.cells.en!.text;
    const first = await splitSegment(db, {
      segmentId: third.id,
      languageCode: "en",
      offset: text.indexOf(" "),
      splitOthers: false,
      authorId: ana,
    });
    const lower = await row(4);
    await splitSegment(db, {
      segmentId: first.newSegmentId,
      languageCode: "en",
      offset: lower.cells.en!.text.lastIndexOf(" "),
      splitOthers: false,
      authorId: ana,
    });
    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now" });
    expect(diff.split.map((row) => [row.number, row.fromSegmentId])).toEqual([
      [4, third.id],
      [5, third.id],
    ]);
    expect(diff.summary).toMatchObject({ added: 0, split: 2, changedCells: 1, unchangedRows: 9 });
  });

  it("recognises a merge, and the undo of a merge made before the first version as a split", async ({ db, ana, fresh }) => {
    const { documentId, start, row, snapshot } = await fresh();
    const [fifth, sixth] = [await row(5), await row(6)];
    await mergeSegmentWithNext(db, { segmentId: fifth.id, authorId: ana });
    const merged = await snapshot();

    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: { snapshotId: merged } });
    expect(diff.merged).toEqual([{ segmentId: sixth.id, number: 6, intoSegmentId: fifth.id, intoNumber: 5, texts: expect.any(Object) }]);
    expect(diff.merged[0]!.texts.en).toBe(sixth.cells.en!.text);
    expect(diff.summary).toMatchObject({ removed: 0, merged: 1, moved: 0, unchangedRows: 8 });
    expect(diff.changedCells.every((cell) => cell.segmentId === fifth.id)).toBe(true);

    await undoLatest(db, { documentId, authorId: ana });
    const undone = await diffDocument(db, { documentId, from: { snapshotId: merged }, to: "now" });
    expect(undone.split).toEqual([{ segmentId: sixth.id, number: 6, fromSegmentId: fifth.id, fromNumber: 5, texts: expect.any(Object) }]);
    expect(undone.summary).toMatchObject({ added: 0, split: 1, merged: 0 });
    // Merged and unmerged: the same rows as at the start. The undo wrote new
    // revisions of the upper row's cells, with the texts they had: changed
    // cells (another revision) whose diff is all equal.
    const roundTrip = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now" });
    expect(roundTrip.summary).toMatchObject({ added: 0, removed: 0, split: 0, merged: 0, unchangedRows: 9 });
    expect(roundTrip.changedCells.every((cell) => cell.segmentId === fifth.id && cell.ops.every((op) => op.op === "equal"))).toBe(true);
  });

  it("counts only the row that really moved, and inserted and deleted rows as added and removed", async ({ db, ana, fresh }) => {
    const { documentId, start, row, snapshot } = await fresh();
    const second = await row(2);
    await moveSegment(db, { segmentId: second.id, toIndex: 7, authorId: ana });
    const moved = await snapshot();
    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: { snapshotId: moved } });
    expect(diff).toMatchObject({ ...noChange, moved: [{ segmentId: second.id, fromNumber: 2, toNumber: 8 }] });
    expect(diff.summary).toEqual({ added: 0, removed: 0, moved: 1, split: 0, merged: 0, changedCells: 0, unchangedRows: 9 });

    const inserted = await insertSegment(db, { segmentId: (await row(1)).id, where: "above", authorId: ana });
    const ninth = await row(9);
    await deleteSegment(db, { segmentId: ninth.id, authorId: ana });
    const later = await diffDocument(db, { documentId, from: { snapshotId: moved }, to: "now" });
    expect(later).toMatchObject({
      ...noChange,
      added: [{ segmentId: inserted.segmentId, number: 1, texts: { ru: "", en: "", de: "" } }],
      removed: [
        { segmentId: ninth.id, number: 8, texts: { ru: ninth.cells.ru!.text, en: ninth.cells.en!.text, de: ninth.cells.de!.text } },
      ],
    });
    expect(later.summary).toEqual({ added: 1, removed: 1, moved: 0, split: 0, merged: 0, changedCells: 0, unchangedRows: 9 });
  });

  it("sees a shift as changed cells in that language, and the row it appends as added", async ({ db, ana, fresh }) => {
    const { documentId, start, grid } = await fresh();
    const before = await grid();
    const shifted = await shiftCell(db, { segmentId: before[4]!.id, languageCode: "de", direction: "down", authorId: ana });
    const after = await grid();
    const diff = await diffDocument(db, { documentId, from: { snapshotId: start }, to: "now" });
    const expected = before
      .filter((row, index) => row.cells.de!.headRevisionId !== after[index]!.cells.de!.headRevisionId)
      .map((row) => row.id);
    expect(diff.changedCells.map((cell) => cell.segmentId)).toEqual(expected);
    expect(diff.changedCells.every((cell) => cell.language === "de")).toBe(true);
    expect(diff.added.map((row) => row.segmentId)).toEqual(shifted.appendedSegmentId === null ? [] : [shifted.appendedSegmentId]);
    expect(diff.summary).toMatchObject({ moved: 0, removed: 0, split: 0, unchangedRows: 10 - expected.length });
  });

  it("compares any two points: snapshots, moments and now give the same answer for the same versions", async ({ db, ana, fresh }) => {
    const { documentId, start, row, snapshot } = await fresh();
    await sleep(5);
    const atStart = new Date();
    await sleep(5);
    const third = await row(3);
    await splitSegment(db, {
      segmentId: third.id,
      languageCode: "en",
      offset: third.cells.en!.text.indexOf(" "),
      splitOthers: true,
      authorId: ana,
    });
    await moveSegment(db, { segmentId: (await row(1)).id, toIndex: 5, authorId: ana });
    const end = await snapshot();
    const expected = await diffDocument(db, { documentId, from: { snapshotId: start }, to: { snapshotId: end } });
    const strip = (diff: DocumentDiff) => ({ ...diff, from: null, to: null });
    expect(strip(await diffDocument(db, { documentId, from: { time: atStart }, to: "now" }))).toEqual(strip(expected));
    expect(strip(await diffDocument(db, { documentId, from: { time: atStart.toISOString() }, to: { snapshotId: end } }))).toEqual(
      strip(expected),
    );
    expect(summaryOf(expected)).toMatchObject({ split: 1, moved: 1 });
  });

  it("refuses unknown documents, snapshots and languages (404) and bad points or language lists (400)", async ({ db, fresh }) => {
    const { documentId, start } = await fresh(2);
    expect(await failureOf(diffDocument(db, { documentId: 999_999, from: "now", to: "now" }))).toMatchObject({
      status: 404,
      code: "document_not_found",
    });
    expect(await failureOf(diffDocument(db, { documentId, from: { snapshotId: 999_999 }, to: "now" }))).toMatchObject({
      status: 404,
      code: "snapshot_not_found",
    });
    expect(await failureOf(diffDocument(db, { documentId, from: { snapshotId: start }, to: "now", languages: ["fr"] }))).toMatchObject({
      status: 404,
      code: "language_not_found",
      message: expect.stringContaining('"fr"'),
    });
    expect(await failureOf(diffDocument(db, { documentId, from: "then" as "now", to: "now" }))).toMatchObject({ status: 400 });
    expect(await failureOf(diffDocument(db, { documentId, from: "now", to: "now", languages: [] }))).toMatchObject({ status: 400 });
    expect(await failureOf(diffDocument(db, { documentId, from: { time: new Date(0) }, to: "now" }))).toMatchObject({
      status: 404,
      code: "version_not_found",
    });
  });
});

const ORDER = ["ru", "en", "de"];
function byLanguageOrder(a: (string | number)[], b: (string | number)[]) {
  return ORDER.indexOf(String(a[1])) - ORDER.indexOf(String(b[1]));
}

describe("longestIncreasingSubsequence", () => {
  it("keeps the most rows in place", () => {
    expect([...longestIncreasingSubsequence([])]).toEqual([]);
    expect([...longestIncreasingSubsequence([0, 1, 2, 3])].sort()).toEqual([0, 1, 2, 3]);
    // Row 0 moved to the end: the others stayed.
    expect([...longestIncreasingSubsequence([1, 2, 3, 0])].sort()).toEqual([0, 1, 2]);
    expect([...longestIncreasingSubsequence([3, 0, 1, 2])].sort()).toEqual([1, 2, 3]);
    expect(longestIncreasingSubsequence([2, 1, 0]).size).toBe(1);
  });

  it("finds a longest run, as a quadratic search does, on random orders", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let round = 0; round < 50; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, index) => index).sort(() => random() - 0.5);
      const kept = [...longestIncreasingSubsequence(values)].sort((a, b) => a - b);
      expect(kept.every((index, i) => i === 0 || values[kept[i - 1]!]! < values[index]!)).toBe(true);
      const best = values.map(() => 1);
      values.forEach((value, i) =>
        values.slice(0, i).forEach((earlier, j) => earlier < value && (best[i] = Math.max(best[i]!, best[j]! + 1))),
      );
      expect(kept.length).toBe(Math.max(...best));
    }
  });
});
