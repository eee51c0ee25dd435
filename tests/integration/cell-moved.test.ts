import { describe, expect } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { POST as revertRoute } from "@/app/api/cells/[id]/revert/route";
import { POST as stillValidRoute } from "@/app/api/cells/[id]/still-valid/route";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { confirmStillValid, revertCell } from "@/lib/revisions";
import { deleteSegment } from "@/lib/segments/delete-segment";
import { mergeSegmentWithNext } from "@/lib/segments/merge-segment";
import { shiftCell } from "@/lib/segments/shift-cell";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { failureOf } from "../helpers/errors";
import { servingRoutes, speechTest } from "../helpers/fixtures";
import { callJson } from "../helpers/routes";

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("ana", { scope: "file", auto: true }, async ({ db }) => (await addPerson(db, "ana", "translator", { name: "Ana" })).id)
  .extend("boris", { scope: "file", auto: true }, async ({ db }) => (await addPerson(db, "boris", "translator", { name: "Boris" })).id)
  .extend("asAna", { scope: "file" }, ({ db, ana }) => tokenHeaders(db, { id: ana }));

const row = async (db: Db, number: number) => (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!;

/** Every row's cells as the reading order shows them, to prove a refused write left no trace. */
const texts = async (db: Db) => (await getRows(db, SPEECH_SLUG, { limit: 1000 })).rows.map((r) => [r.cells.ru!.text, r.cells.en!.text]);

describe("a write to a row that was deleted or merged away", () => {
  it("is refused with row_deleted naming the deletion, writing nothing (save, revert, still-valid)", async ({ db, ana, boris }) => {
    const seen = await row(db, 3);
    const en = seen.cells.en!;
    const saved = await saveCell(
      db,
      en.id,
      { text: "Ana's first go.", baseRevisionId: en.headRevisionId, segmentId: seen.id },
      { authorId: ana },
    );
    const deleted = await deleteSegment(db, { segmentId: seen.id, authorId: boris });
    const [revisions, before] = [await db.revision.count(), await texts(db)];

    const error = await failureOf(
      saveCell(db, en.id, { text: "Ana's second go.", baseRevisionId: saved.revision!.id, segmentId: seen.id }, { authorId: ana }),
    );
    expect(error).toMatchObject({ status: 409, code: "row_deleted", message: expect.stringContaining("deleted by Boris") });
    expect(error.details).toEqual({
      change: { id: deleted.changeId, kind: "delete", author: { handle: "boris", name: "Boris" }, createdAt: expect.any(Date) },
      rowNumber: null,
    });
    const revert = {
      cellId: en.id,
      toRevisionId: en.headRevisionId!,
      baseRevisionId: saved.revision!.id,
      authorId: ana,
      segmentId: seen.id,
    };
    expect(await failureOf(revertCell(db, revert))).toMatchObject({ status: 409, code: "row_deleted" });
    expect(await failureOf(confirmStillValid(db, { cellId: en.id, userId: ana, segmentId: seen.id }))).toMatchObject({
      status: 409,
      code: "row_deleted",
    });
    expect(await db.revision.count()).toBe(revisions);
    expect(await texts(db)).toEqual(before);
    expect(await db.cell.findUniqueOrThrow({ where: { id: en.id } })).toMatchObject({ headRevisionId: saved.revision!.id, version: 2 });
  });

  it("after a merge, names the merge and the row its text went to", async ({ db, ana, boris }) => {
    const [upper, lower] = [await row(db, 5), await row(db, 6)];
    const merged = await mergeSegmentWithNext(db, { segmentId: upper.id, authorId: boris });
    const revisions = await db.revision.count();
    const en = lower.cells.en!;
    const error = await failureOf(
      saveCell(db, en.id, { text: "Typed into the lower row.", baseRevisionId: en.headRevisionId, segmentId: lower.id }, { authorId: ana }),
    );
    expect(error).toMatchObject({ status: 409, code: "row_deleted", message: expect.stringContaining("merged into row 5 by Boris") });
    expect(error.details).toMatchObject({ change: { id: merged.changeId, kind: "merge", author: { name: "Boris" } }, rowNumber: 5 });
    expect(await db.revision.count()).toBe(revisions);
    expect((await row(db, 5)).cells.en!.text).toBe(`${upper.cells.en!.text} ${en.text}`);
  });

  it("names no change when the log holds none that deleted the row", async ({ db, ana }) => {
    const seen = await row(db, 40);
    // Deleted outside lib/segments: every log entry is read, the document's first import (not in the details format) too.
    await db.segment.update({ where: { id: seen.id }, data: { deletedAt: new Date() } });
    const en = seen.cells.en!;
    const error = await failureOf(
      saveCell(db, en.id, { text: "Nowhere to go.", baseRevisionId: en.headRevisionId, segmentId: seen.id }, { authorId: ana }),
    );
    expect(error).toMatchObject({ status: 409, code: "row_deleted", details: { change: null, rowNumber: null } });
  });

  it("answers the 409 through the route with its details as JSON", async ({ db, boris, asAna }) => {
    const seen = await row(db, 30);
    await deleteSegment(db, { segmentId: seen.id, authorId: boris });
    const en = seen.cells.en!;
    const answer = await callJson(saveCellRoute, {
      method: "PUT",
      params: { id: String(en.id) },
      headers: asAna,
      body: { text: "Too late.", baseRevisionId: en.headRevisionId, segmentId: seen.id, sourceRevisionId: seen.cells.ru!.headRevisionId },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: "row_deleted",
      details: { change: { kind: "delete", author: { handle: "boris", name: "Boris" } }, rowNumber: null },
    });
    const reverted = await callJson(revertRoute, {
      method: "POST",
      params: { id: String(en.id) },
      headers: asAna,
      body: { toRevisionId: en.headRevisionId, baseRevisionId: en.headRevisionId, segmentId: seen.id },
    });
    expect([reverted.status, reverted.body.error?.code]).toEqual([409, "row_deleted"]);
  });
});

describe("a write to a cell a shift moved", () => {
  it("is refused with cell_moved naming the shift and the cell's row now; saving in that row works", async ({ db, ana, boris }) => {
    const seen = await row(db, 10);
    const en = seen.cells.en!;
    const shifted = await shiftCell(db, { segmentId: seen.id, languageCode: "en", direction: "down", authorId: boris });
    const revisions = await db.revision.count();
    const error = await failureOf(
      saveCell(db, en.id, { text: "Meant for row 10.", baseRevisionId: en.headRevisionId, segmentId: seen.id }, { authorId: ana }),
    );
    expect(error).toMatchObject({ status: 409, code: "cell_moved", message: expect.stringContaining("moved to row 11 by Boris") });
    expect(error.details).toMatchObject({ change: { id: shifted.changeId, kind: "shift", author: { handle: "boris" } }, rowNumber: 11 });
    expect(await db.revision.count()).toBe(revisions);

    // The empty cell the shift handed to row 10 is another cell: the editor of row 10 never saw it.
    expect((await row(db, 10)).cells.en).toMatchObject({ text: "" });
    const now = await row(db, 11);
    expect(now.cells.en!.id).toBe(en.id);
    const saved = await saveCell(
      db,
      en.id,
      { text: "Placed in row 11.", baseRevisionId: en.headRevisionId, segmentId: now.id },
      { authorId: ana },
    );
    expect(saved.cell).toMatchObject({ text: "Placed in row 11.", version: en.version + 1 });
  });
});

describe("a translation saved against an original that moved on", () => {
  it("stays stale; saved against the original's current head, it is fresh", async ({ db, ana, boris }) => {
    const seen = await row(db, 20);
    const [ru, en] = [seen.cells.ru!, seen.cells.en!];
    const changed = await saveCell(db, ru.id, { text: "Исходный текст изменён.", baseRevisionId: ru.headRevisionId }, { authorId: boris });
    expect((await row(db, 20)).cells.en!.stale).toBe(true);

    const old = await saveCell(
      db,
      en.id,
      {
        text: "Translated from the old original.",
        baseRevisionId: en.headRevisionId,
        segmentId: seen.id,
        sourceRevisionId: ru.headRevisionId,
      },
      { authorId: ana },
    );
    expect(old.cell).toMatchObject({ stale: true, text: "Translated from the old original." });
    expect((await row(db, 20)).cells.en!.stale).toBe(true);
    expect(
      await confirmStillValid(db, { cellId: en.id, userId: ana, segmentId: seen.id, sourceRevisionId: ru.headRevisionId }),
    ).toMatchObject({
      stale: true,
    });

    const fresh = await saveCell(
      db,
      en.id,
      {
        text: "Translated from the new original.",
        baseRevisionId: old.revision!.id,
        segmentId: seen.id,
        sourceRevisionId: changed.revision!.id,
      },
      { authorId: ana },
    );
    expect(fresh.cell.stale).toBe(false);
    const reverted = await revertCell(db, {
      cellId: en.id,
      toRevisionId: old.revision!.id,
      baseRevisionId: fresh.revision!.id,
      authorId: ana,
      segmentId: seen.id,
      sourceRevisionId: ru.headRevisionId,
    });
    expect(reverted.cell).toMatchObject({ stale: true, text: "Translated from the old original." });
  });

  it("still-valid clears the flag only against the original's current head; a bare POST still confirms", async ({ db, boris, asAna }) => {
    const seen = await row(db, 21);
    const [ru, en] = [seen.cells.ru!, seen.cells.en!];
    const changed = await saveCell(db, ru.id, { text: "Новый исходный текст.", baseRevisionId: ru.headRevisionId }, { authorId: boris });
    const confirm = (body?: unknown) =>
      callJson(stillValidRoute, { method: "POST", params: { id: String(en.id) }, headers: asAna, ...(body ? { body } : {}) });

    const stale = await confirm({ segmentId: seen.id, sourceRevisionId: ru.headRevisionId });
    expect([stale.status, stale.body.cell]).toEqual([200, expect.objectContaining({ stale: true, version: en.version })]);
    const valid = await confirm({ segmentId: seen.id, sourceRevisionId: changed.revision!.id });
    expect([valid.status, valid.body.cell]).toEqual([200, expect.objectContaining({ stale: false, version: en.version })]);

    await saveCell(db, ru.id, { text: "Ещё раз.", baseRevisionId: changed.revision!.id }, { authorId: boris });
    expect((await row(db, 21)).cells.en!.stale).toBe(true);
    const bare = await confirm();
    expect([bare.status, bare.body.cell]).toEqual([200, expect.objectContaining({ stale: false })]);
    expect(await db.revision.count({ where: { cellId: en.id } })).toBe(1);
  });
});
