import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import {
  confirmSegments,
  deleteSegment,
  insertSegment,
  listAlignmentChanges,
  mergeSegmentWithNext,
  moveSegment,
  readDetails,
  restoreSegment,
  shiftCell,
  splitSegment,
} from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { failureOf } from "../helpers/errors";
import { addUser, test } from "../helpers/fixtures";
import { counts, type GridRow, layout, liveGrid, readingOrder, seedDocument } from "../helpers/seed-document";
import { redoLatest, undoLatest } from "../helpers/undo";

const it = test
  .extend("systemId", { scope: "file", auto: true }, async ({ db }) => (await ensureSystemUser(db)).id)
  .extend("anaId", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("fresh", { scope: "file" }, ({ db, systemId }) => {
    let documents = 0;
    /** A fresh document; `table` gives the paragraphs by language, row by row. */
    return async (table?: Record<string, string[]>) => {
      const slug = `doc-${++documents}`;
      if (!table) return seedDocument(db, { slug, rows: 6, authorId: systemId });
      const rows = Object.values(table)[0]!.length;
      return seedDocument(db, { slug, rows, authorId: systemId, paragraphs: (code, row) => table[code]?.[row] ?? "" });
    };
  });

const grid = (db: Db, documentId: number) => liveGrid(db, documentId);
const texts = (rows: GridRow[], code: string) => rows.map((row) => row.cells[code]!.text);
const changesOf = (db: Db, documentId: number) => db.alignmentChange.findMany({ where: { documentId }, orderBy: { id: "asc" } });
const revisionsOf = (db: Db, cellId: number) => db.revision.findMany({ where: { cellId }, orderBy: { id: "asc" } });

/** Everything undo must give back: which cells with which texts sit in which live rows, and every row's position and deletion. */
async function snapshot(db: Db, documentId: number) {
  const rows = await db.segment.findMany({ where: { documentId }, select: { id: true, position: true, deletedAt: true } });
  return {
    layout: layout(await grid(db, documentId)),
    rows: new Map(rows.map((row) => [row.id, { position: row.position, deleted: row.deletedAt !== null }])),
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

/** `now` is `then` again, for the rows `then` knew (rows created since may only exist as deleted rows). */
function expectSameState(now: Snapshot, then: Snapshot) {
  expect(now.layout).toEqual(then.layout);
  for (const [id, row] of then.rows) expect(now.rows.get(id), `row ${id}`).toEqual(row);
  for (const [id, row] of now.rows) if (!then.rows.has(id)) expect(row.deleted, `row ${id} created by the undone change`).toBe(true);
}

const TABLE = {
  ru: ["Один. Два.", "Три.", "", "Пять и шесть."],
  en: ["One. Two.", "Three.", "Four.", "Five and six."],
  de: ["Eins", "Drei.", "Vier.", ""],
};

describe("splitSegment", () => {
  it("moves the text after the offset to a new row right below, other languages staying above", async ({ db, systemId, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const before = await grid(db, documentId);
    const enCell = before[0]!.cells.en!;
    const result = await splitSegment(db, { segmentId: before[0]!.id, languageCode: "en", offset: 4, splitOthers: false, authorId: anaId });

    const after = await grid(db, documentId);
    expect(after.map((row) => row.id)).toEqual([before[0]!.id, result.newSegmentId, ...before.slice(1).map((row) => row.id)]);
    expect(texts(after, "en")).toEqual(["One.", "Two.", "Three.", "Four.", "Five and six."]);
    expect(texts(after, "ru")).toEqual(["Один. Два.", "", "Три.", "", "Пять и шесть."]);
    expect(after[1]!.cells.ru).toMatchObject({ text: "", headRevisionId: null, version: 0 });
    expect(readingOrder(after)).toEqual(readingOrder(before));
    expect(result).toMatchObject({ segmentId: before[0]!.id, splitLanguages: ["en"], documentId });

    expect((await revisionsOf(db, enCell.id)).map((revision) => [revision.kind, revision.text])).toEqual([
      ["import", "One. Two."],
      ["split", "One."],
    ]);
    expect((await revisionsOf(db, after[1]!.cells.en!.id)).map((revision) => [revision.kind, revision.text, revision.authorId])).toEqual([
      ["split", "Two.", anaId],
    ]);
    const changes = await changesOf(db, documentId);
    expect(changes.map((change) => [change.kind, change.authorId])).toEqual([
      ["import", systemId],
      ["split", anaId],
    ]);
    expect(changes[1]!.id).toBe(result.changeId);
    expect(readDetails(changes[1]!.details)?.summary).toEqual({
      segmentId: before[0]!.id,
      newSegmentId: result.newSegmentId,
      languageCode: "en",
      offset: 4,
      splitOthers: false,
      splitLanguages: ["en"],
    });
  });

  it("with splitOthers, cuts each other non-empty cell at the sentence end nearest the same place; one word stays whole", async ({
    db,
    anaId,
    fresh,
  }) => {
    const { documentId } = await fresh(TABLE);
    const [first] = await grid(db, documentId);
    const result = await splitSegment(db, { segmentId: first!.id, languageCode: "en", offset: 4, splitOthers: true, authorId: anaId });
    const after = await grid(db, documentId);
    expect(result.splitLanguages).toEqual(["en", "ru"]);
    expect(after.slice(0, 2).map((row) => [row.cells.ru!.text, row.cells.en!.text, row.cells.de!.text])).toEqual([
      ["Один.", "One.", "Eins"],
      ["Два.", "Two.", ""],
    ]);
  });

  it("refuses bad offsets, unknown rows, languages and authors, and deleted rows, changing nothing", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh({ ru: ["Улыбка 😀 тут", "Б"], en: ["Smile 😀 here", "B"], de: ["", "C"] });
    const [first, second] = await grid(db, documentId);
    await deleteSegment(db, { segmentId: second!.id, authorId: anaId });
    const before = await counts(db);
    const split = (overrides: object) =>
      failureOf(
        splitSegment(db, { segmentId: first!.id, languageCode: "en", offset: 3, splitOthers: false, authorId: anaId, ...overrides }),
      );

    for (const offset of [0, 13, -1]) expect(await split({ offset })).toMatchObject({ status: 400, code: "invalid_offset" });
    const surrogate = await split({ offset: 7 });
    expect(surrogate).toMatchObject({ status: 400, code: "invalid_offset" });
    expect(surrogate.message).toContain("surrogate pair");
    expect(await split({ languageCode: "de", offset: 1 })).toMatchObject({
      status: 400,
      message: expect.stringContaining("the cell is empty"),
    });
    expect(await split({ segmentId: 99_999_999 })).toMatchObject({ status: 404, code: "segment_not_found" });
    expect(await split({ languageCode: "fr" })).toMatchObject({ status: 404, code: "language_not_found" });
    expect(await split({ authorId: 99_999_999 })).toMatchObject({ status: 404, code: "user_not_found" });
    expect(await split({ segmentId: second!.id })).toMatchObject({ status: 409, code: "segment_deleted" });
    const invalid = await split({ segmentId: "one", offset: 1.5 });
    expect(invalid).toMatchObject({ status: 400, code: "invalid_input" });
    expect(invalid.message).toContain("segmentId:");
    expect(invalid.message).toContain("offset:");
    expect(await counts(db)).toEqual(before);

    // Right after the emoji is fine.
    await splitSegment(db, { segmentId: first!.id, languageCode: "en", offset: 8, splitOthers: false, authorId: anaId });
    expect(texts(await grid(db, documentId), "en")).toEqual(["Smile 😀", "here"]);
  });
});

describe("mergeSegmentWithNext", () => {
  it("appends every language of the next row after a single space, skipping empty parts, and soft-deletes that row", async ({
    db,
    anaId,
    fresh,
  }) => {
    const { documentId } = await fresh(TABLE);
    const before = await grid(db, documentId);
    const [, second, third] = before;
    const result = await mergeSegmentWithNext(db, { segmentId: second!.id, authorId: anaId });
    expect(result).toMatchObject({ segmentId: second!.id, mergedSegmentId: third!.id });

    const after = await grid(db, documentId);
    expect(after.map((row) => row.id)).toEqual(before.filter((row) => row.id !== third!.id).map((row) => row.id));
    expect([after[1]!.cells.ru!.text, after[1]!.cells.en!.text, after[1]!.cells.de!.text]).toEqual(["Три.", "Three. Four.", "Drei. Vier."]);
    expect(readingOrder(after)).toEqual(readingOrder(before));

    const merged = await db.segment.findUniqueOrThrow({ where: { id: third!.id }, include: { cells: true } });
    expect(merged.deletedAt).not.toBeNull();
    expect(merged.cells.map((cell) => cell.text).sort()).toEqual(["", "Four.", "Vier."]);
    expect((await revisionsOf(db, second!.cells.en!.id)).map((revision) => revision.kind)).toEqual(["import", "merge"]);
    // Nothing to append in Russian: no revision.
    expect((await revisionsOf(db, second!.cells.ru!.id)).map((revision) => revision.kind)).toEqual(["import"]);
  });

  it("refuses the last row with a 400 and changes nothing", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const last = (await grid(db, documentId)).at(-1)!;
    const before = await counts(db);
    expect(await failureOf(mergeSegmentWithNext(db, { segmentId: last.id, authorId: anaId }))).toMatchObject({
      status: 400,
      code: "no_next_segment",
      message: "Row 4 is the last row: there is nothing below to merge with",
    });
    expect(await counts(db)).toEqual(before);
  });
});

describe("insertSegment, deleteSegment and restoreSegment", () => {
  it("inserts empty rows above and below, moving later positions (of deleted rows too)", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const before = await grid(db, documentId);
    await deleteSegment(db, { segmentId: before[3]!.id, authorId: anaId });
    const above = await insertSegment(db, { segmentId: before[1]!.id, where: "above", authorId: anaId });
    const below = await insertSegment(db, { segmentId: before[1]!.id, where: "below", authorId: anaId });
    const after = await grid(db, documentId);
    expect(after.map((row) => row.id)).toEqual([before[0]!.id, above.segmentId, before[1]!.id, below.segmentId, before[2]!.id]);
    expect(Object.values(after[1]!.cells).map((cell) => [cell.text, cell.version, cell.headRevisionId])).toEqual([
      ["", 0, null],
      ["", 0, null],
      ["", 0, null],
    ]);
    const deleted = await db.segment.findUniqueOrThrow({ where: { id: before[3]!.id } });
    expect(deleted.position).toBe(before[3]!.position + 2);
    expect(after.map((row) => row.position)).toEqual([...after.map((row) => row.position)].sort((a, b) => a - b));
  });

  it("deletes a row recoverably and restores it to its place", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const before = await snapshot(db, documentId);
    const target = before.layout[1]!.id;
    await deleteSegment(db, { segmentId: target, authorId: anaId });
    expect((await grid(db, documentId)).map((row) => row.id)).not.toContain(target);
    expect(await failureOf(deleteSegment(db, { segmentId: target, authorId: anaId }))).toMatchObject({
      status: 409,
      code: "segment_deleted",
    });

    await restoreSegment(db, { segmentId: target, authorId: anaId });
    expectSameState(await snapshot(db, documentId), before);
    expect(await failureOf(restoreSegment(db, { segmentId: target, authorId: anaId }))).toMatchObject({
      status: 409,
      code: "segment_not_deleted",
    });
    expect((await changesOf(db, documentId)).map((change) => change.kind)).toEqual(["import", "delete", "restore"]);
  });

  it("restores a row whose insertion was undone next to the row it was inserted at", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const [, second] = await grid(db, documentId);
    const above = await insertSegment(db, { segmentId: second!.id, where: "above", authorId: anaId });
    const afterInsert = await snapshot(db, documentId);
    await undoLatest(db, { documentId, authorId: anaId });
    await restoreSegment(db, { segmentId: above.segmentId, authorId: anaId });
    expect((await snapshot(db, documentId)).layout).toEqual(afterInsert.layout);
  });
});

describe("shiftCell", () => {
  const table = {
    ru: ["А.", "Б.", "В.", "Г."],
    en: ["A.", "B.", "C.", ""],
    de: ["1.", "2.", "3.", "4."],
  };

  it("down moves one language's cells (with their history) one row down, the last empty cell coming up to fill the gap", async ({
    db,
    anaId,
    fresh,
  }) => {
    const { documentId } = await fresh(table);
    const before = await grid(db, documentId);
    const revisions = await db.revision.count();
    const result = await shiftCell(db, { segmentId: before[1]!.id, languageCode: "en", direction: "down", authorId: anaId });
    expect(result.appendedSegmentId).toBeNull();
    const after = await grid(db, documentId);
    expect(after.map((row) => row.id)).toEqual(before.map((row) => row.id));
    expect(after.map((row) => row.cells.en!.id)).toEqual([0, 3, 1, 2].map((i) => before[i]!.cells.en!.id));
    expect(texts(after, "en")).toEqual(["A.", "", "B.", "C."]);
    expect(after.map((row) => row.cells.en!.headRevisionId)).toEqual([0, 3, 1, 2].map((i) => before[i]!.cells.en!.headRevisionId));
    expect(texts(after, "ru")).toEqual(texts(before, "ru"));
    expect(texts(after, "de")).toEqual(texts(before, "de"));
    expect(await db.revision.count()).toBe(revisions);
    expect((await changesOf(db, documentId)).map((change) => [change.kind, change.authorId]).at(-1)).toEqual(["shift", anaId]);
  });

  it("down appends a row when the last cell has text; up then gives back the exact state plus that empty row", async ({
    db,
    anaId,
    fresh,
  }) => {
    const { documentId } = await fresh(table);
    const before = await snapshot(db, documentId);
    const down = await shiftCell(db, { segmentId: before.layout[1]!.id, languageCode: "de", direction: "down", authorId: anaId });
    expect(down.appendedSegmentId).not.toBeNull();
    const afterDown = await grid(db, documentId);
    expect(texts(afterDown, "de")).toEqual(["1.", "", "2.", "3.", "4."]);
    expect(texts(afterDown, "ru")).toEqual(["А.", "Б.", "В.", "Г.", ""]);
    expect(afterDown.at(-1)!.id).toBe(down.appendedSegmentId);

    await shiftCell(db, { segmentId: afterDown[2]!.id, languageCode: "de", direction: "up", authorId: anaId });
    const afterUp = await snapshot(db, documentId);
    expect(afterUp.layout.slice(0, -1)).toEqual(before.layout);
    expect(Object.values(afterUp.layout.at(-1)!.cells).map(([, text]) => text)).toEqual(["", "", ""]);
    for (const [id, row] of before.rows) expect(afterUp.rows.get(id)).toEqual(row);

    // Undoing both removes the appended row as well.
    await undoLatest(db, { documentId, authorId: anaId });
    await undoLatest(db, { documentId, authorId: anaId });
    expectSameState(await snapshot(db, documentId), before);
  });

  it("up is refused with a 409 when the cell above has text, and with a 400 on the first row or with nothing to shift", async ({
    db,
    anaId,
    fresh,
  }) => {
    const { documentId } = await fresh(table);
    const rows = await grid(db, documentId);
    const before = await counts(db);
    const blocked = await failureOf(shiftCell(db, { segmentId: rows[2]!.id, languageCode: "en", direction: "up", authorId: anaId }));
    expect(blocked).toMatchObject({ status: 409, code: "shift_blocked" });
    expect(blocked.message).toBe(
      "Row 2 already has English (en) text, so the text below cannot shift up into it; merge the two rows instead",
    );
    expect(await failureOf(shiftCell(db, { segmentId: rows[0]!.id, languageCode: "en", direction: "up", authorId: anaId }))).toMatchObject({
      status: 400,
      code: "no_previous_segment",
    });
    expect(
      await failureOf(shiftCell(db, { segmentId: rows[3]!.id, languageCode: "en", direction: "down", authorId: anaId })),
    ).toMatchObject({
      status: 400,
      code: "nothing_to_shift",
    });
    expect(
      await failureOf(shiftCell(db, { segmentId: rows[3]!.id, languageCode: "xx", direction: "down", authorId: anaId })),
    ).toMatchObject({
      status: 404,
    });
    expect(await counts(db)).toEqual(before);
  });
});

describe("moveSegment", () => {
  it("moves whole rows, permuting every language the same way, and undo puts them back", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh();
    const before = await snapshot(db, documentId);
    const ids = before.layout.map((row) => row.id);
    await moveSegment(db, { segmentId: ids[1]!, toIndex: 4, authorId: anaId });
    await moveSegment(db, { segmentId: ids[5]!, toIndex: 0, authorId: anaId });
    const after = await snapshot(db, documentId);
    const order = [5, 0, 2, 3, 4, 1];
    expect(after.layout).toEqual(order.map((i) => before.layout[i]!));
    const read = readingOrder(await grid(db, documentId));
    for (const code of ["ru", "en", "de"]) {
      expect(read[code]).toBe(
        order
          .map((i) => before.layout[i]!.cells[code]![1])
          .filter(Boolean)
          .join(" "),
      );
    }

    expect((await moveSegment(db, { segmentId: ids[2]!, toIndex: 2, authorId: anaId })).changeId).toBeNull();
    const counted = await counts(db);
    expect(await failureOf(moveSegment(db, { segmentId: ids[2]!, toIndex: 6, authorId: anaId }))).toMatchObject({
      status: 400,
      code: "index_out_of_range",
    });
    expect(await counts(db)).toEqual(counted);

    await undoLatest(db, { documentId, authorId: anaId });
    await undoLatest(db, { documentId, authorId: anaId });
    expectSameState(await snapshot(db, documentId), before);
  });
});

describe("confirmSegments", () => {
  it("confirms a row, or every row up to it, logging the previous statuses", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh();
    const rows = await grid(db, documentId);
    const one = await confirmSegments(db, { segmentId: rows[1]!.id, scope: "row", authorId: anaId });
    expect(one.confirmedSegmentIds).toEqual([rows[1]!.id]);
    const above = await confirmSegments(db, { segmentId: rows[3]!.id, scope: "above", authorId: anaId });
    expect(above.confirmedSegmentIds).toEqual([rows[0]!.id, rows[2]!.id, rows[3]!.id]);
    expect((await grid(db, documentId)).map((row) => row.alignmentStatus)).toEqual([
      "confirmed",
      "confirmed",
      "confirmed",
      "confirmed",
      "automatic",
      "automatic",
    ]);
    const change = await db.alignmentChange.findUniqueOrThrow({ where: { id: above.changeId! } });
    expect(readDetails(change.details)?.rows).toEqual([
      { id: rows[0]!.id, status: ["automatic", "confirmed"] },
      { id: rows[2]!.id, status: ["automatic", "confirmed"] },
      { id: rows[3]!.id, status: ["automatic", "confirmed"] },
    ]);

    const again = await confirmSegments(db, { segmentId: rows[3]!.id, scope: "above", authorId: anaId });
    expect(again).toMatchObject({ changeId: null, confirmedSegmentIds: [] });
    await undoLatest(db, { documentId, authorId: anaId });
    expect((await grid(db, documentId)).map((row) => row.alignmentStatus)).toEqual([
      "automatic",
      "confirmed",
      "automatic",
      "automatic",
      "automatic",
      "automatic",
    ]);
  });
});

describe("undo and redo", () => {
  type Operation = (db: Db, rows: GridRow[], authorId: number) => Promise<{ changeId: number | null }>;
  const operations: Record<string, Operation> = {
    split: (db, rows, authorId) => splitSegment(db, { segmentId: rows[0]!.id, languageCode: "en", offset: 4, splitOthers: true, authorId }),
    merge: (db, rows, authorId) => mergeSegmentWithNext(db, { segmentId: rows[1]!.id, authorId }),
    insert: (db, rows, authorId) => insertSegment(db, { segmentId: rows[1]!.id, where: "below", authorId }),
    delete: (db, rows, authorId) => deleteSegment(db, { segmentId: rows[2]!.id, authorId }),
    "shift down": (db, rows, authorId) => shiftCell(db, { segmentId: rows[1]!.id, languageCode: "ru", direction: "down", authorId }),
    "shift up": (db, rows, authorId) => shiftCell(db, { segmentId: rows[3]!.id, languageCode: "ru", direction: "up", authorId }),
    move: (db, rows, authorId) => moveSegment(db, { segmentId: rows[0]!.id, toIndex: 3, authorId }),
    confirm: (db, rows, authorId) => confirmSegments(db, { segmentId: rows[2]!.id, scope: "above", authorId }),
  };

  for (const [name, operation] of Object.entries(operations)) {
    it(`${name}: one log entry by its author; undo gives back the state before, redo the state after`, async ({
      db,
      systemId,
      anaId,
      fresh,
    }) => {
      const { documentId } = await fresh(TABLE);
      const before = await snapshot(db, documentId);
      const changesBefore = await db.alignmentChange.count();
      const result = await operation(db, await grid(db, documentId), anaId);
      const after = await snapshot(db, documentId);
      expect(await db.alignmentChange.count()).toBe(changesBefore + 1);
      const change = await db.alignmentChange.findUniqueOrThrow({ where: { id: result.changeId! } });
      expect(change.authorId).toBe(anaId);

      const undo = await undoLatest(db, { documentId, authorId: systemId });
      expect(undo).toMatchObject({ revertsId: result.changeId, operation: change.kind });
      expectSameState(await snapshot(db, documentId), before);
      const redo = await redoLatest(db, { documentId, authorId: anaId });
      expect(redo).toMatchObject({ revertsId: undo.changeId, operation: change.kind });
      expectSameState(await snapshot(db, documentId), after);
      // Undo of the redo, and its redo.
      await undoLatest(db, { documentId, authorId: anaId });
      expectSameState(await snapshot(db, documentId), before);
      await redoLatest(db, { documentId, authorId: anaId });
      expectSameState(await snapshot(db, documentId), after);

      const log = await changesOf(db, documentId);
      expect(log.map((entry) => [entry.kind, entry.authorId, entry.revertsId])).toEqual([
        ["import", systemId, null],
        [change.kind, anaId, null],
        ["undo", systemId, change.id],
        ["redo", anaId, log[2]!.id],
        ["undo", anaId, log[3]!.id],
        ["redo", anaId, log[4]!.id],
      ]);
    });
  }

  it("writes revert revisions on undo and the operation's kind on redo", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const [first] = await grid(db, documentId);
    await splitSegment(db, { segmentId: first!.id, languageCode: "en", offset: 4, splitOthers: false, authorId: anaId });
    await undoLatest(db, { documentId, authorId: anaId });
    await redoLatest(db, { documentId, authorId: anaId });
    expect((await revisionsOf(db, first!.cells.en!.id)).map((revision) => [revision.kind, revision.text])).toEqual([
      ["import", "One. Two."],
      ["split", "One."],
      ["revert", "One. Two."],
      ["split", "One."],
    ]);
  });

  it("steps back through changes, forward through undos, and forgets redo after a new change", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const states = [await snapshot(db, documentId)];
    const rows = await grid(db, documentId);
    await insertSegment(db, { segmentId: rows[0]!.id, where: "above", authorId: anaId });
    states.push(await snapshot(db, documentId));
    await mergeSegmentWithNext(db, { segmentId: rows[1]!.id, authorId: anaId });
    states.push(await snapshot(db, documentId));
    await shiftCell(db, { segmentId: rows[0]!.id, languageCode: "de", direction: "down", authorId: anaId });
    states.push(await snapshot(db, documentId));

    for (const state of [states[2]!, states[1]!, states[0]!]) {
      await undoLatest(db, { documentId, authorId: anaId });
      expectSameState(await snapshot(db, documentId), state);
    }
    const before = await counts(db);
    expect(await failureOf(undoLatest(db, { documentId, authorId: anaId }))).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      details: { next: null },
    });
    expect(await counts(db)).toEqual(before);

    await redoLatest(db, { documentId, authorId: anaId });
    expectSameState(await snapshot(db, documentId), states[1]!);
    await redoLatest(db, { documentId, authorId: anaId });
    expectSameState(await snapshot(db, documentId), states[2]!);

    await confirmSegments(db, { segmentId: rows[0]!.id, scope: "row", authorId: anaId });
    expect(await failureOf(redoLatest(db, { documentId, authorId: anaId }))).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      details: { next: null },
    });
    await undoLatest(db, { documentId, authorId: anaId });
    await undoLatest(db, { documentId, authorId: anaId });
    expectSameState(await snapshot(db, documentId), states[1]!);
  });

  it("has nothing to undo or redo on a freshly imported document", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh();
    const before = await counts(db);
    expect(await failureOf(undoLatest(db, { documentId, authorId: anaId }))).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      details: { next: null },
    });
    expect(await failureOf(redoLatest(db, { documentId, authorId: anaId }))).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      details: { next: null },
    });
    expect(await failureOf(undoLatest(db, { documentId: 99_999_999, authorId: anaId }))).toMatchObject({
      status: 404,
      code: "document_not_found",
    });
    expect(await counts(db)).toEqual(before);
  });

  it("refuses to undo a change whose cells were edited since, naming the row and language", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const [first] = await grid(db, documentId);
    await splitSegment(db, { segmentId: first!.id, languageCode: "en", offset: 4, splitOthers: false, authorId: anaId });
    const lower = (await grid(db, documentId))[1]!.cells.en!;
    await saveCell(db, lower.id, { text: "Two!", baseRevisionId: lower.headRevisionId }, { authorId: anaId });

    const before = await counts(db);
    const error = await failureOf(undoLatest(db, { documentId, authorId: anaId }));
    expect(error).toMatchObject({ status: 409, code: "cell_changed", details: { cellId: lower.id, languageCode: "en" } });
    expect(error.message).toBe(
      "Cannot undo the split: the English (en) text of row 2 was edited after it, and undoing would discard that edit. Change the text by hand instead",
    );
    expect(await counts(db)).toEqual(before);
  });

  it("refuses an edit made between a change and a later change that was undone", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const [first, second] = await grid(db, documentId);
    await splitSegment(db, { segmentId: first!.id, languageCode: "en", offset: 4, splitOthers: false, authorId: anaId });
    const upper = (await grid(db, documentId))[0]!.cells.en!;
    await saveCell(db, upper.id, { text: "One!", baseRevisionId: upper.headRevisionId }, { authorId: anaId });
    await mergeSegmentWithNext(db, { segmentId: first!.id, authorId: anaId });
    await undoLatest(db, { documentId, authorId: anaId });
    expect(await failureOf(undoLatest(db, { documentId, authorId: anaId }))).toMatchObject({ status: 409, code: "cell_changed" });
    // An edit in a row the change did not touch is no obstacle.
    const third = await db.cell.findFirstOrThrow({ where: { segmentId: second!.id, language: { code: "de" } } });
    await saveCell(db, third.id, { text: "Zwei.", baseRevisionId: third.headRevisionId }, { authorId: anaId });
    await insertSegment(db, { segmentId: second!.id, where: "below", authorId: anaId });
    await undoLatest(db, { documentId, authorId: anaId });
  });
});

describe("concurrency", () => {
  it("serializes operations on one document: each sees the rows the previous one left", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh();
    const before = await grid(db, documentId);
    const reading = readingOrder(before);
    const changes = await db.alignmentChange.count({ where: { documentId } });
    const outcomes = await Promise.allSettled([
      ...before.map((row, i) => insertSegment(db, { segmentId: row.id, where: i % 2 ? "above" : "below", authorId: anaId })),
      ...before.map((row, i) =>
        shiftCell(db, { segmentId: row.id, languageCode: ["ru", "en", "de"][i % 3]!, direction: "down", authorId: anaId }),
      ),
      undoLatest(db, { documentId, authorId: anaId }),
    ]);
    const done = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    for (const outcome of outcomes) {
      if (outcome.status === "rejected")
        expect(outcome.reason).toMatchObject({ code: expect.stringMatching(/^(nothing_to_shift|undo_target_changed)$/) });
    }
    expect(await db.alignmentChange.count({ where: { documentId } })).toBe(changes + done);
    const after = await grid(db, documentId);
    expect(readingOrder(after)).toEqual(reading);
    expect(new Set(after.map((row) => row.position)).size).toBe(after.length);
  });
});

describe("listAlignmentChanges", () => {
  it("lists the log newest first with authors and what has been reverted", async ({ db, anaId, fresh }) => {
    const { documentId } = await fresh(TABLE);
    const [first] = await grid(db, documentId);
    const insert = await insertSegment(db, { segmentId: first!.id, where: "below", authorId: anaId });
    const undo = await undoLatest(db, { documentId, authorId: anaId });
    const changes = await listAlignmentChanges(db, { documentId, limit: 10 });
    expect(
      changes.map((change) => [
        change.kind,
        change.author.handle,
        change.author.name,
        change.revertsId,
        change.reverted,
        change.revertedById,
      ]),
    ).toEqual([
      ["undo", "ana", "Ana", insert.changeId, false, null],
      ["insert", "ana", "Ana", null, true, undo.changeId],
      ["import", "system", "Parallel", null, false, null],
    ]);
    expect(changes[1]!.createdAt).toBeInstanceOf(Date);
    expect(changes[1]!.details).toMatchObject({ summary: { segmentId: insert.segmentId, relativeTo: first!.id, where: "below" } });
    expect(await listAlignmentChanges(db, { documentId, limit: 1 })).toHaveLength(1);
    expect(await failureOf(listAlignmentChanges(db, { documentId: 99_999_999, limit: 1 }))).toMatchObject({ status: 404 });
  });
});
