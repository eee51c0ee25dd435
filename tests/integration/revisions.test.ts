import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect } from "vitest";
import { GET as historyRoute } from "@/app/api/cells/[id]/history/route";
import { saveCell } from "@/lib/cells/save-cell";
import { writeCellText } from "@/lib/cells/write-cell-text";
import type { Db } from "@/lib/db/client";
import { addLanguage } from "@/lib/documents/languages";
import {
  createSnapshot,
  decideReview,
  type DocumentAt,
  listCellHistory,
  listSnapshots,
  readDocumentAt,
  revertCell,
  diffRevisions,
} from "@/lib/revisions";
import {
  confirmSegments,
  deleteSegment,
  insertSegment,
  mergeSegmentWithNext,
  moveSegment,
  restoreSegment,
  shiftCell,
  splitSegment,
} from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { failureOf } from "../helpers/errors";
import { addUser, servingRoutes, test } from "../helpers/fixtures";
import { callJson } from "../helpers/routes";
import { LANGUAGES, liveGrid, seedDocument } from "../helpers/seed-document";
import { redoLatest, undoLatest } from "../helpers/undo";

const it = test
  .extend("systemId", { scope: "file", auto: true }, async ({ db }) => (await ensureSystemUser(db)).id)
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"))
  .extend("fresh", { scope: "file" }, ({ db, systemId }) => {
    // A new document for one test: `fresh(rows)`.
    let documents = 0;
    return async (rows = 8) => {
      const slug = `revisions-${++documents}`;
      return { slug, ...(await seedDocument(db, { slug, rows, authorId: systemId })) };
    };
  });

/** For tests that call route handlers (they reach the file's database through getAppDb). */
const routeIt = it.extend("appDb", { scope: "file", auto: true }, servingRoutes);

/** The live cell of a row (1-based number) in a language. */
async function cellAt(db: Db, documentId: number, number: number, code: string) {
  const row = (await liveGrid(db, documentId))[number - 1]!;
  return { segmentId: row.id, ...row.cells[code]! };
}

const edit = async (db: Db, documentId: number, number: number, code: string, text: (old: string) => string, authorId: number) => {
  const cell = await cellAt(db, documentId, number, code);
  return saveCell(db, cell.id, { text: text(cell.text), baseRevisionId: cell.headRevisionId }, { authorId });
};

/**
 * The document as it is, read straight from the live tables (not through
 * lib/revisions), in the shape readDocumentAt answers with.
 */
async function liveDocument(db: Db, documentId: number): Promise<DocumentAt> {
  const languages = await db.documentLanguage.findMany({
    where: { documentId },
    orderBy: { position: "asc" },
    select: { code: true, label: true },
  });
  const grid = await liveGrid(db, documentId);
  return {
    languages,
    rows: grid.map((row, index) => ({
      segmentId: row.id,
      number: index + 1,
      cells: Object.fromEntries(
        languages.map(({ code }) => [code, { revisionId: row.cells[code]!.headRevisionId, text: row.cells[code]!.text }]),
      ),
    })),
  };
}

/**
 * Timestamps have millisecond precision and are taken by whoever writes, so
 * two steps in the same millisecond could not be told apart by time. Steps
 * are kept apart by a few milliseconds on either side of every moment the
 * tests capture with `new Date()`. (Snapshots need none: createSnapshot holds
 * its lock until the clock has left its millisecond.)
 */
async function moment(): Promise<Date> {
  await sleep(5);
  const now = new Date();
  await sleep(5);
  return now;
}

describe("listCellHistory", () => {
  it("lists a cell's revisions newest first, each diffed against its parent", async ({ db, ana, boris, fresh }) => {
    const { documentId } = await fresh();
    const original = await cellAt(db, documentId, 1, "en");
    const first = await saveCell(
      db,
      original.id,
      { text: `${original.text} One more sentence.`, baseRevisionId: original.headRevisionId },
      { authorId: ana },
    );
    const second = await saveCell(db, original.id, { text: "Replaced entirely.", baseRevisionId: first.revision!.id }, { authorId: boris });

    const history = await listCellHistory(db, { cellId: original.id });
    expect(history.headRevisionId).toBe(second.revision!.id);
    expect(history.revisions.map((revision) => [revision.id, revision.parentId, revision.kind, revision.author.handle])).toEqual([
      [second.revision!.id, first.revision!.id, "edit", "boris"],
      [first.revision!.id, original.headRevisionId, "edit", "ana"],
      [original.headRevisionId, null, "import", "system"],
    ]);
    const [latest, middle, imported] = history.revisions;
    expect(imported!.diff).toEqual([{ op: "insert", text: original.text }]);
    expect(middle!.diff).toEqual([
      { op: "equal", text: original.text },
      { op: "insert", text: " One more sentence." },
    ]);
    // Equal and deleted ops give the parent's text, equal and inserted ones the revision's.
    const side = (keep: string) =>
      latest!.diff
        .filter((op) => op.op === "equal" || op.op === keep)
        .map((op) => op.text)
        .join("");
    expect([side("delete"), side("insert")]).toEqual([first.revision!.text, "Replaced entirely."]);
    expect(latest).toMatchObject({ text: "Replaced entirely.", note: null });
    expect(latest!.createdAt).toBeInstanceOf(Date);
  });

  it("answers an empty history for a cell that never had text, 404 for an unknown cell, 400 for a bad id", async ({ db, fresh }) => {
    const { documentId } = await fresh();
    const empty = (await liveGrid(db, documentId)).flatMap((row) => Object.values(row.cells)).find((cell) => cell.headRevisionId === null)!;
    expect(await listCellHistory(db, { cellId: empty.id })).toEqual({
      cellId: empty.id,
      headRevisionId: null,
      revisions: [],
      nextBefore: null,
    });
    expect(await failureOf(listCellHistory(db, { cellId: 999_999 }))).toMatchObject({ status: 404, code: "cell_not_found" });
    expect(await failureOf(listCellHistory(db, { cellId: -1 }))).toMatchObject({ status: 400, message: expect.stringContaining("cellId") });
  });

  it("pages the history newest first: each page diffs against parents on older pages, and nextBefore leads to the next", async ({
    db,
    ana,
    fresh,
  }) => {
    const { documentId } = await fresh();
    for (let index = 1; index <= 6; index += 1) await edit(db, documentId, 2, "en", (old) => `${old} +${index}`, ana);
    const cellId = (await cellAt(db, documentId, 2, "en")).id;
    const whole = await listCellHistory(db, { cellId, limit: 200 });
    expect(whole.revisions).toHaveLength(7);
    expect(whole.nextBefore).toBeNull();

    const pages = [];
    let before: number | undefined;
    do {
      const page = await listCellHistory(db, { cellId, limit: 3, before });
      pages.push(page.revisions);
      before = page.nextBefore ?? undefined;
    } while (before !== undefined);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    // The same revisions with the same diffs, though each page's oldest has its parent on the next page.
    expect(pages.flat()).toEqual(whole.revisions);
    expect(pages[0]!.at(-1)!.diff).toContainEqual({ op: "insert", text: " +4" });
  });

  routeIt("is paged by the route's ?limit and ?before", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh();
    for (let index = 1; index <= 3; index += 1) await edit(db, documentId, 3, "en", (old) => `${old} +${index}`, ana);
    const cellId = (await cellAt(db, documentId, 3, "en")).id;
    const headers = await tokenHeaders(db, await addPerson(db, "history-reader", "viewer"));
    const get = (query: string) =>
      callJson(historyRoute, { path: `/api/cells/${cellId}/history${query}`, params: { id: String(cellId) }, headers });

    const whole = await get("");
    expect(whole.status).toBe(200);
    const ids = (whole.body.revisions as { id: number }[]).map(({ id }) => id);
    expect(ids).toHaveLength(4);
    const first = await get("?limit=2");
    expect((first.body.revisions as { id: number }[]).map(({ id }) => id)).toEqual(ids.slice(0, 2));
    expect(first.body.nextBefore).toBe(ids[1]);
    const second = await get(`?limit=2&before=${ids[1]}`);
    expect((second.body.revisions as { id: number }[]).map(({ id }) => id)).toEqual(ids.slice(2));
    expect(second.body.nextBefore).toBeNull();
    for (const query of ["?limit=abc", "?limit=1000", "?before=-1", "?before=1e99"]) {
      const refused = await get(query);
      expect(refused.status).toBe(400);
      expect(refused.body.error!.message).toMatch(/limit|before/);
    }
  });

  it("refuses a page size out of range and a before that is not an id (400, naming the field)", async ({ db, fresh }) => {
    const { documentId } = await fresh();
    const cellId = (await cellAt(db, documentId, 1, "en")).id;
    for (const page of [{ limit: 0 }, { limit: 201 }, { limit: 2.5 }, { before: -3 }, { before: 0 }]) {
      const field = Object.keys(page)[0]!;
      expect(await failureOf(listCellHistory(db, { cellId, ...page }))).toMatchObject({
        status: 400,
        message: expect.stringContaining(field),
      });
    }
  });
});

describe("diffRevisions", () => {
  it("diffs two revisions of a cell by word or by character, either way round", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh();
    const cell = await cellAt(db, documentId, 2, "en");
    const saved = await saveCell(db, cell.id, { text: "The court decided today.", baseRevisionId: cell.headRevisionId }, { authorId: ana });
    const again = await saveCell(
      db,
      cell.id,
      { text: "The courts decided yesterday.", baseRevisionId: saved.revision!.id },
      { authorId: ana },
    );

    const words = await diffRevisions(db, { fromRevisionId: saved.revision!.id, toRevisionId: again.revision!.id });
    expect(words.from).toMatchObject({
      id: saved.revision!.id,
      cellId: cell.id,
      text: "The court decided today.",
      kind: "edit",
      author: { name: "Ana" },
    });
    expect(words.ops).toEqual([
      { op: "equal", text: "The " },
      { op: "delete", text: "court" },
      { op: "insert", text: "courts" },
      { op: "equal", text: " decided " },
      { op: "delete", text: "today" },
      { op: "insert", text: "yesterday" },
      { op: "equal", text: "." },
    ]);
    const characters = await diffRevisions(db, {
      fromRevisionId: saved.revision!.id,
      toRevisionId: again.revision!.id,
      granularity: "char",
    });
    expect(characters.ops.slice(0, 3)).toEqual([
      { op: "equal", text: "The court" },
      { op: "insert", text: "s" },
      { op: "equal", text: " decided " },
    ]);
    const backwards = await diffRevisions(db, { fromRevisionId: again.revision!.id, toRevisionId: saved.revision!.id });
    expect(backwards.ops.filter((op) => op.op === "insert").map((op) => op.text)).toEqual(["court", "today"]);
  });

  it("refuses revisions of different cells (400), unknown revisions (404) and a bad granularity (400)", async ({ db, fresh }) => {
    const { documentId } = await fresh();
    const [en, ru] = [await cellAt(db, documentId, 1, "en"), await cellAt(db, documentId, 1, "ru")];
    const error = await failureOf(diffRevisions(db, { fromRevisionId: en.headRevisionId!, toRevisionId: ru.headRevisionId! }));
    expect(error).toMatchObject({ status: 400, code: "revisions_of_different_cells", message: expect.stringContaining("different cells") });
    expect(await failureOf(diffRevisions(db, { fromRevisionId: en.headRevisionId!, toRevisionId: 999_999 }))).toMatchObject({
      status: 404,
      message: "There is no revision 999999",
    });
    expect(await failureOf(diffRevisions(db, { fromRevisionId: 1, toRevisionId: 2, granularity: "line" as "word" }))).toMatchObject({
      status: 400,
    });
  });
});

describe("revertCell", () => {
  it("writes a new revert revision with the old text on top of the head, keeping all history", async ({ db, ana, boris, fresh }) => {
    const { documentId } = await fresh();
    const original = await cellAt(db, documentId, 3, "en");
    const saved = await saveCell(db, original.id, { text: "A mistaken edit.", baseRevisionId: original.headRevisionId }, { authorId: ana });

    const reverted = await revertCell(db, {
      cellId: original.id,
      toRevisionId: original.headRevisionId!,
      baseRevisionId: saved.revision!.id,
      authorId: boris,
    });
    expect(reverted.revision).toMatchObject({ text: original.text, author: { handle: "boris" } });
    expect(reverted.cell).toMatchObject({ text: original.text, headRevisionId: reverted.revision!.id, version: 3 });

    const history = await listCellHistory(db, { cellId: original.id });
    expect(history.revisions.map((revision) => [revision.id, revision.parentId, revision.kind, revision.text])).toEqual([
      [reverted.revision!.id, saved.revision!.id, "revert", original.text],
      [saved.revision!.id, original.headRevisionId, "edit", "A mistaken edit."],
      [original.headRevisionId, null, "import", original.text],
    ]);
    expect(history.revisions[0]!.note).toBe(`Reverted to revision ${original.headRevisionId}`);

    const noted = await revertCell(db, {
      cellId: original.id,
      toRevisionId: saved.revision!.id,
      baseRevisionId: reverted.revision!.id,
      authorId: ana,
      note: "Back again",
    });
    expect((await listCellHistory(db, { cellId: original.id })).revisions[0]).toMatchObject({
      id: noted.revision!.id,
      note: "Back again",
      text: "A mistaken edit.",
    });
  });

  it("refuses (409, nothing written) when the head moved on since the person looked, carrying the head", async ({
    db,
    ana,
    boris,
    fresh,
  }) => {
    const { documentId } = await fresh();
    const original = await cellAt(db, documentId, 3, "ru");
    const saved = await saveCell(db, original.id, { text: "Правка Бориса.", baseRevisionId: original.headRevisionId }, { authorId: boris });
    const before = await db.revision.count();
    const error = await failureOf(
      revertCell(db, {
        cellId: original.id,
        toRevisionId: original.headRevisionId!,
        baseRevisionId: original.headRevisionId,
        authorId: ana,
      }),
    );
    expect(error).toMatchObject({ status: 409, code: "cell_conflict" });
    expect(error.details).toMatchObject({
      cell: { id: original.id, headRevisionId: saved.revision!.id, text: "Правка Бориса." },
      head: { id: saved.revision!.id, author: { name: "Boris" } },
      base: { id: original.headRevisionId, text: original.text },
    });
    expect(await db.revision.count()).toBe(before);
  });

  it("writes nothing when the cell already has that text", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh();
    const original = await cellAt(db, documentId, 4, "en");
    const saved = await saveCell(db, original.id, { text: "Other.", baseRevisionId: original.headRevisionId }, { authorId: ana });
    const back = await saveCell(db, original.id, { text: original.text, baseRevisionId: saved.revision!.id }, { authorId: ana });
    const before = await db.revision.count();
    const result = await revertCell(db, {
      cellId: original.id,
      toRevisionId: original.headRevisionId!,
      baseRevisionId: back.revision!.id,
      authorId: ana,
    });
    expect(result).toMatchObject({ revision: null, cell: { headRevisionId: back.revision!.id, version: 3 } });
    expect(await db.revision.count()).toBe(before);
  });

  it("sends approved text that a revert changes back for review", async ({ db, ana, boris, fresh }) => {
    const { documentId } = await fresh();
    const original = await cellAt(db, documentId, 5, "en");
    const saved = await saveCell(
      db,
      original.id,
      { text: "Approved wording.", baseRevisionId: original.headRevisionId },
      { authorId: ana },
    );
    await decideReview(db, { documentId, cellId: original.id, revisionId: saved.revision!.id, verdict: "approve", reviewerId: boris });
    expect(await db.cell.findUniqueOrThrow({ where: { id: original.id } })).toMatchObject({ status: "approved" });
    const reverted = await revertCell(db, {
      cellId: original.id,
      toRevisionId: original.headRevisionId!,
      baseRevisionId: saved.revision!.id,
      authorId: ana,
    });
    expect(reverted.cell.status).toBe("translated");
  });

  it("answers 404 for unknown cells, revisions and authors and 400 for a revision of another cell or bad input", async ({
    db,
    ana,
    fresh,
  }) => {
    const { documentId } = await fresh();
    const [en, ru] = [await cellAt(db, documentId, 1, "en"), await cellAt(db, documentId, 1, "ru")];
    const base = { cellId: en.id, toRevisionId: en.headRevisionId!, baseRevisionId: en.headRevisionId, authorId: ana };
    expect(await failureOf(revertCell(db, { ...base, cellId: 999_999 }))).toMatchObject({ status: 404, code: "cell_not_found" });
    expect(await failureOf(revertCell(db, { ...base, toRevisionId: 999_999 }))).toMatchObject({ status: 404, code: "revision_not_found" });
    expect(await failureOf(revertCell(db, { ...base, authorId: 999_999 }))).toMatchObject({ status: 404, code: "user_not_found" });
    expect(await failureOf(revertCell(db, { ...base, toRevisionId: ru.headRevisionId! }))).toMatchObject({
      status: 400,
      code: "revision_of_other_cell",
    });
    expect(await failureOf(revertCell(db, { ...base, note: "x".repeat(501) }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("note"),
    });
  });
});

describe("snapshots", () => {
  it("stores the live rows in order with each cell's head revision, null for empty cells", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh(5);
    await deleteSegment(db, { segmentId: (await cellAt(db, documentId, 2, "ru")).segmentId, authorId: ana });
    const snapshot = await createSnapshot(db, { documentId, name: "  First draft  ", authorId: ana });
    expect(snapshot).toMatchObject({ documentId, name: "First draft", author: { handle: "ana" }, rowCount: 4 });

    const stored = await db.snapshot.findUniqueOrThrow({ where: { id: snapshot.id } });
    const grid = await liveGrid(db, documentId);
    expect(stored.state).toEqual({
      format: 1,
      rows: grid.map((row) => ({
        segmentId: row.id,
        cells: Object.fromEntries(LANGUAGES.map(({ code }) => [code, row.cells[code]!.headRevisionId])),
      })),
    });
    expect(grid.some((row) => Object.values(row.cells).some((cell) => cell.headRevisionId === null))).toBe(true);
  });

  it("reads back what the document showed when it was taken, after the document moved on", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh(6);
    const shown = await liveDocument(db, documentId);
    const snapshot = await createSnapshot(db, { documentId, name: "before", authorId: ana });
    await edit(db, documentId, 1, "en", () => "Changed after the snapshot.", ana);
    await splitSegment(db, { segmentId: shown.rows[2]!.segmentId, languageCode: "ru", offset: 3, splitOthers: true, authorId: ana });
    expect(await readDocumentAt(db, { documentId, at: { snapshotId: snapshot.id } })).toEqual(shown);
  });

  it("lists a document's snapshots newest first and refuses a name it already has (409)", async ({ db, ana, boris, fresh }) => {
    const { documentId } = await fresh(3);
    const first = await createSnapshot(db, { documentId, name: "v1", authorId: ana });
    await insertSegment(db, { segmentId: (await cellAt(db, documentId, 1, "ru")).segmentId, where: "below", authorId: ana });
    const second = await createSnapshot(db, { documentId, name: "v2", authorId: boris });
    const error = await failureOf(createSnapshot(db, { documentId, name: " v1 ", authorId: boris }));
    expect(error).toMatchObject({ status: 409, code: "snapshot_exists", message: expect.stringContaining('"v1"') });

    expect(await listSnapshots(db, { documentId })).toEqual([
      { id: second.id, documentId, name: "v2", createdAt: second.createdAt, author: { handle: "boris", name: "Boris" }, rowCount: 4 },
      { id: first.id, documentId, name: "v1", createdAt: first.createdAt, author: { handle: "ana", name: "Ana" }, rowCount: 3 },
    ]);
    // The same name in another document is fine.
    const other = await fresh(2);
    await createSnapshot(db, { documentId: other.documentId, name: "v1", authorId: ana });
  });

  it("refuses bad names (400) and unknown documents or authors (404)", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh(2);
    expect(await failureOf(createSnapshot(db, { documentId, name: "   ", authorId: ana }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("name: must not be empty"),
    });
    expect(await failureOf(createSnapshot(db, { documentId, name: "x".repeat(101), authorId: ana }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("name: is longer than 100 characters"),
    });
    await createSnapshot(db, { documentId, name: "x".repeat(100), authorId: ana });
    expect(await failureOf(createSnapshot(db, { documentId: 999_999, name: "n", authorId: ana }))).toMatchObject({
      status: 404,
      code: "document_not_found",
    });
    expect(await failureOf(createSnapshot(db, { documentId, name: "n", authorId: 999_999 }))).toMatchObject({
      status: 404,
      code: "user_not_found",
    });
    expect(await failureOf(listSnapshots(db, { documentId: 999_999 }))).toMatchObject({ status: 404 });
  });
});

describe("readDocumentAt", () => {
  it("refuses unknown documents and snapshots, another document's snapshot, times before the document, and bad points", async ({
    db,
    ana,
    fresh,
  }) => {
    const before = await moment();
    const { documentId } = await fresh(2);
    const other = await fresh(2);
    const foreign = await createSnapshot(db, { documentId: other.documentId, name: "theirs", authorId: ana });
    expect(await failureOf(readDocumentAt(db, { documentId: 999_999, at: { time: new Date() } }))).toMatchObject({
      status: 404,
      code: "document_not_found",
    });
    expect(await failureOf(readDocumentAt(db, { documentId, at: { snapshotId: 999_999 } }))).toMatchObject({
      status: 404,
      code: "snapshot_not_found",
    });
    expect(await failureOf(readDocumentAt(db, { documentId, at: { snapshotId: foreign.id } }))).toMatchObject({
      status: 404,
      code: "snapshot_not_found",
    });
    const early = await failureOf(readDocumentAt(db, { documentId, at: { time: before } }));
    expect(early).toMatchObject({ status: 404, code: "version_not_found", message: expect.stringContaining("did not exist yet") });
    expect(await failureOf(readDocumentAt(db, { documentId, at: { time: "yesterday" } }))).toMatchObject({ status: 400 });
    expect(await failureOf(readDocumentAt(db, { documentId, at: { snapshotId: foreign.id, time: new Date() } as never }))).toMatchObject({
      status: 400,
    });
  });

  it("takes ISO timestamps and reads a time after the latest change as the document now", async ({ db, ana, fresh }) => {
    const { documentId } = await fresh(3);
    await edit(db, documentId, 2, "de", () => "Neu.", ana);
    const now = await moment();
    expect(await readDocumentAt(db, { documentId, at: { time: now.toISOString() } })).toEqual(await liveDocument(db, documentId));
    expect(await readDocumentAt(db, { documentId, at: { time: new Date(Date.now() + 86_400_000) } })).toEqual(
      await liveDocument(db, documentId),
    );
  });

  /**
   * The central promise: a snapshot rebuilt from revisions and the alignment
   * log matches what was shown at that moment. After every step the live
   * document is recorded (read from the tables directly), a snapshot taken
   * and a moment captured; at the end, every one of them is read back.
   */
  it("rebuilds the document at any past moment exactly as it was shown then, and as its snapshot holds it", async ({
    db,
    ana,
    boris,
    fresh,
  }) => {
    const { documentId, slug } = await fresh(8);
    const states: { step: string; shown: DocumentAt; snapshotId: number; snapshotAt: Date; at: Date }[] = [];
    const record = async (step: string) => {
      const shown = await liveDocument(db, documentId);
      const snapshot = await createSnapshot(db, { documentId, name: `after ${step}`, authorId: ana });
      states.push({ step, shown, snapshotId: snapshot.id, snapshotAt: snapshot.createdAt, at: await moment() });
    };
    const row = async (number: number) => (await cellAt(db, documentId, number, "ru")).segmentId;

    await record("import");
    await edit(db, documentId, 1, "en", (text) => `${text} Edited.`, ana);
    await edit(db, documentId, 2, "ru", () => "Полностью новый текст. Второе предложение.", boris);
    await record("edits");
    const split = await splitSegment(db, { segmentId: await row(2), languageCode: "ru", offset: 23, splitOthers: true, authorId: ana });
    await record("split");
    await edit(db, documentId, 3, "ru", (text) => `${text} Дописано после разделения.`, ana);
    await mergeSegmentWithNext(db, { segmentId: await row(4), authorId: ana });
    await record("merge");
    await shiftCell(db, { segmentId: await row(5), languageCode: "de", direction: "down", authorId: ana });
    await record("shift down");
    await insertSegment(db, { segmentId: await row(1), where: "above", authorId: boris });
    await record("insert");
    const deleted = await row(7);
    await deleteSegment(db, { segmentId: deleted, authorId: ana });
    await record("delete");
    await moveSegment(db, { segmentId: await row(2), toIndex: 6, authorId: ana });
    await record("move");
    await confirmSegments(db, { segmentId: await row(3), scope: "above", authorId: ana });
    await undoLatest(db, { documentId, authorId: ana });
    await undoLatest(db, { documentId, authorId: ana });
    await record("undo move");
    await redoLatest(db, { documentId, authorId: ana });
    await record("redo");
    await restoreSegment(db, { segmentId: deleted, authorId: ana });
    await addLanguage(db, slug, { code: "fr", label: "Français" });
    await edit(db, documentId, 2, "fr", () => "Texte ajouté.", ana);
    await record("restore, new language");
    const reverting = (await liveGrid(db, documentId))
      .map((candidate) => candidate.cells.en!)
      .find((cell) => cell.text.endsWith(" Edited."))!;
    const history = await listCellHistory(db, { cellId: reverting.id });
    await revertCell(db, {
      cellId: reverting.id,
      toRevisionId: history.revisions.at(-1)!.id,
      baseRevisionId: reverting.headRevisionId,
      authorId: boris,
    });
    const grid = await liveGrid(db, documentId);
    const below = grid.findIndex(
      (candidate, index) => index > 0 && candidate.cells.de!.text !== "" && grid[index - 1]!.cells.de!.text === "",
    );
    await shiftCell(db, { segmentId: grid[below]!.id, languageCode: "de", direction: "up", authorId: ana });
    await record("revert, shift up");
    await undoLatest(db, { documentId, authorId: ana });
    await undoLatest(db, { documentId, authorId: ana });
    await record("two more undos");
    expect(split.newSegmentId).toBeGreaterThan(0);

    for (const state of states) {
      const fromSnapshot = await readDocumentAt(db, { documentId, at: { snapshotId: state.snapshotId } });
      expect(fromSnapshot, `snapshot after ${state.step}`).toEqual(state.shown);
      expect(
        await readDocumentAt(db, { documentId, at: { time: state.snapshotAt } }),
        `rebuilt at the snapshot after ${state.step}`,
      ).toEqual(fromSnapshot);
      expect(await readDocumentAt(db, { documentId, at: { time: state.at } }), `rebuilt at a moment after ${state.step}`).toEqual(
        state.shown,
      );
    }
    expect(states[0]!.shown.languages.map((language) => language.code)).toEqual(["ru", "en", "de"]);
    expect(states.at(-1)!.shown.languages.map((language) => language.code)).toEqual(["ru", "en", "de", "fr"]);
    expect(new Set(states.map((state) => state.shown.rows.length)).size).toBeGreaterThan(2);
  });

  it("rebuilds moments between writes made in one transaction outside lib/segments, ignoring revisions not yet made", async ({
    db,
    ana,
    fresh,
  }) => {
    const { documentId } = await fresh(4);
    const shown = await liveDocument(db, documentId);
    const at = await moment();
    const cells = (await liveGrid(db, documentId)).map((row) => row.cells.en!);
    await db.$transaction(async (tx) => {
      for (const cell of cells) await writeCellText(tx, { cellId: cell.id, text: `${cell.text} (2)`, authorId: ana, kind: "edit" });
    });
    expect(await readDocumentAt(db, { documentId, at: { time: at } })).toEqual(shown);
  });
});
