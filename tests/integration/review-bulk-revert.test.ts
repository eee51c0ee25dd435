import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { sidesOf, type DiffOp } from "@/lib/diff";
import { runAlignmentOperation } from "@/lib/documents/operations";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { applyBulkRevert, type BulkRevertPreview, previewBulkRevert } from "@/lib/revisions/bulk-revert";
import { failureOf } from "../helpers/errors";
import { addUser, speechTest } from "../helpers/fixtures";

const it = speechTest
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"))
  .extend("carol", { scope: "file", auto: true }, ({ db }) => addUser(db, "carol", "Carol"));

// Every cell as the speech was imported, before any test changes it.
const imported = new Map<string, { id: number; text: string; revisionId: number }>();
it.beforeAll(async ({ db }) => {
  for (const row of (await getRows(db, SPEECH_SLUG, { limit: 1000 })).rows) {
    for (const code of ["ru", "en"] as const) {
      const cell = row.cells[code]!;
      imported.set(`${row.number}${code}`, { id: cell.id, text: cell.text, revisionId: cell.headRevisionId! });
    }
  }
});

const cellAt = async (db: Db, number: number, code: "ru" | "en") =>
  (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!.cells[code]!;
const edit = async (db: Db, number: number, code: "ru" | "en", text: string, authorId: number) => {
  const cell = await cellAt(db, number, code);
  return (await saveCell(db, cell.id, { text, baseRevisionId: cell.headRevisionId }, { authorId })).revision!;
};
const textOf = async (db: Db, key: string) => (await db.cell.findUniqueOrThrow({ where: { id: imported.get(key)!.id } })).text;
const cellIn = (preview: BulkRevertPreview, key: string) => preview.cells.find((cell) => cell.cellId === imported.get(key)!.id)!;
const before = (ops: DiffOp[]) => sidesOf(ops).before;
const after = (ops: DiffOp[]) => sidesOf(ops).after;
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("bulk revert by user", () => {
  it("previews, for every cell the user touched, the text before their first edit", async ({ db, documentId, ana, boris }) => {
    const first = await edit(db, 1, "en", "Vandalised one.", ana);
    await edit(db, 2, "en", "Vandalised two.", ana);
    await edit(db, 3, "en", "Vandalised three.", ana);
    const borisFix = await edit(db, 3, "en", "Boris fixed three.", boris);
    const ru = [await edit(db, 4, "ru", "Испорчено.", ana), await edit(db, 4, "ru", "Испорчено дважды.", ana)];

    const preview = await previewBulkRevert(db, { documentId, authorId: ana });
    expect(preview.description).toBe("edits by Ana (ana)");
    expect(preview.cells.map((cell) => [cell.rowNumber, cell.language, cell.outcome])).toEqual([
      [1, "en", "revert"],
      [2, "en", "revert"],
      [3, "en", "later-edits"],
      [4, "ru", "revert"],
    ]);
    const one = cellIn(preview, "1en");
    expect(one).toMatchObject({
      currentText: "Vandalised one.",
      headRevisionId: first.id,
      target: { revisionId: imported.get("1en")!.revisionId, text: imported.get("1en")!.text },
      revertedRevisionIds: [first.id],
      laterEditsByOthers: false,
      laterEdits: [],
    });
    expect(before(one.ops)).toBe("Vandalised one.");
    expect(after(one.ops)).toBe(imported.get("1en")!.text);
    expect(cellIn(preview, "3en")).toMatchObject({
      laterEditsByOthers: true,
      laterEdits: [{ revisionId: borisFix.id, kind: "edit", author: { name: "Boris" }, structural: false }],
      target: { text: imported.get("3en")!.text },
    });
    expect(cellIn(preview, "4ru")).toMatchObject({
      revertedRevisionIds: ru.map((revision) => revision.id),
      target: { text: imported.get("4ru")!.text },
    });
    expect(preview.expectedHeads).toEqual({
      [imported.get("1en")!.id]: first.id,
      [imported.get("2en")!.id]: (await cellAt(db, 2, "en")).headRevisionId,
      [imported.get("3en")!.id]: borisFix.id,
      [imported.get("4ru")!.id]: ru[1]!.id,
    });
  });

  it("refuses, writing nothing, when a cell moved on since the preview", async ({ db, documentId, ana, boris, carol }) => {
    const preview = await previewBulkRevert(db, { documentId, authorId: ana });
    await edit(db, 1, "en", "Boris fixed one.", boris);
    const revisions = await db.revision.count();
    const error = await failureOf(applyBulkRevert(db, { documentId, authorId: ana, userId: carol, expectedHeads: preview.expectedHeads }));
    expect(error).toMatchObject({ status: 409, code: "bulk_revert_outdated", message: expect.stringContaining("row 1 (en)") });
    expect(error.details).toEqual({ cellIds: [imported.get("1en")!.id] });
    expect(await db.revision.count()).toBe(revisions);
    expect(await textOf(db, "2en")).toBe("Vandalised two.");
  });

  it("reverts with new revisions, leaving cells others edited later unless asked", async ({ db, documentId, ana, carol }) => {
    const preview = await previewBulkRevert(db, { documentId, authorId: ana });
    expect(cellIn(preview, "1en")).toMatchObject({ outcome: "later-edits", laterEdits: [{ author: { name: "Boris" } }] });
    const two = await cellAt(db, 2, "en");

    const result = await applyBulkRevert(db, { documentId, authorId: ana, userId: carol, expectedHeads: preview.expectedHeads });
    expect(result.reverted.map((cell) => cell.cellId)).toEqual([imported.get("2en")!.id, imported.get("4ru")!.id]);
    expect(result.left).toEqual([
      { cellId: imported.get("1en")!.id, outcome: "later-edits" },
      { cellId: imported.get("3en")!.id, outcome: "later-edits" },
    ]);
    expect(await textOf(db, "2en")).toBe(imported.get("2en")!.text);
    expect(await textOf(db, "4ru")).toBe(imported.get("4ru")!.text);
    expect(await textOf(db, "1en")).toBe("Boris fixed one.");
    expect(await textOf(db, "3en")).toBe("Boris fixed three.");
    const revert = await db.revision.findUniqueOrThrow({ where: { id: result.reverted[0]!.revisionId } });
    expect(revert).toMatchObject({
      kind: "revert",
      authorId: carol,
      parentId: two.headRevisionId,
      note: "Bulk revert of edits by Ana (ana), by Carol",
    });
    // History is kept: Ana's revisions are still there.
    expect(await db.revision.count({ where: { authorId: ana } })).toBe(5);
  });

  it("with includeLaterEdits also reverts cells others edited afterwards", async ({ db, documentId, ana, carol }) => {
    const preview = await previewBulkRevert(db, { documentId, authorId: ana });
    const result = await applyBulkRevert(db, {
      documentId,
      authorId: ana,
      userId: carol,
      includeLaterEdits: true,
      expectedHeads: preview.expectedHeads,
    });
    // 2en and 4ru already hold their target: nothing to write there.
    expect(result.reverted.map((cell) => cell.cellId)).toEqual([imported.get("1en")!.id, imported.get("3en")!.id]);
    expect(result.left).toEqual([]);
    expect(await textOf(db, "1en")).toBe(imported.get("1en")!.text);
    expect(await textOf(db, "3en")).toBe(imported.get("3en")!.text);
  });

  it("never reverts over a split, merge or alignment undo", async ({ db, documentId, ana, boris, carol }) => {
    await edit(db, 58, "en", "Ana wrote this. And this too.", ana);
    const segmentId = (await getRows(db, SPEECH_SLUG, { offset: 57, limit: 1 })).rows[0]!.id;
    await runAlignmentOperation(db, SPEECH_SLUG, { op: "split", segmentId, languageCode: "en", offset: "Ana wrote this.".length }, boris);
    expect(await textOf(db, "58en")).toBe("Ana wrote this.");

    const preview = await previewBulkRevert(db, { documentId, authorId: ana });
    expect(cellIn(preview, "58en")).toMatchObject({
      outcome: "alignment-change",
      laterEdits: [{ kind: "split", structural: true, author: { name: "Boris" } }],
    });
    const result = await applyBulkRevert(db, {
      documentId,
      authorId: ana,
      userId: carol,
      includeLaterEdits: true,
      expectedHeads: preview.expectedHeads,
    });
    expect(result.left).toEqual([{ cellId: imported.get("58en")!.id, outcome: "alignment-change" }]);
    expect(await textOf(db, "58en")).toBe("Ana wrote this.");
  });
});

describe("bulk revert by time range", () => {
  it("undoes exactly the edits made in the range", async ({ db, documentId, boris, carol }) => {
    await pause();
    const from = new Date();
    await pause();
    await edit(db, 10, "en", "Boris, in the range.", boris);
    await edit(db, 11, "ru", "Борис, в промежутке.", boris);
    await pause();
    const to = new Date();
    await pause();
    await edit(db, 12, "en", "Boris, after the range.", boris);

    const range = await previewBulkRevert(db, { documentId, from, to: to.toISOString() });
    expect(range.description).toBe(`edits from ${from.toISOString()} until ${to.toISOString()}`);
    expect(range.cells.map((cell) => [cell.rowNumber, cell.language, cell.outcome])).toEqual([
      [10, "en", "revert"],
      [11, "ru", "revert"],
    ]);
    const byBorisSince = await previewBulkRevert(db, { documentId, authorId: boris, from });
    expect(byBorisSince.cells.map((cell) => cell.rowNumber)).toEqual([10, 11, 12]);

    const result = await applyBulkRevert(db, { documentId, from, to, userId: carol, expectedHeads: range.expectedHeads });
    expect(result.reverted).toHaveLength(2);
    expect(await textOf(db, "10en")).toBe(imported.get("10en")!.text);
    expect(await textOf(db, "11ru")).toBe(imported.get("11ru")!.text);
    expect(await textOf(db, "12en")).toBe("Boris, after the range.");
  });

  it("refuses a filter naming nobody and no time (400), a reversed range (400), unknown ids (404)", async ({
    db,
    documentId,
    ana,
    carol,
  }) => {
    expect(await failureOf(previewBulkRevert(db, { documentId }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("name an author, a time range or both"),
    });
    expect(await failureOf(previewBulkRevert(db, { documentId, from: new Date(2030, 0, 2), to: new Date(2030, 0, 1) }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("to: is before from"),
    });
    expect(await failureOf(previewBulkRevert(db, { documentId: 999_999, authorId: ana }))).toMatchObject({
      status: 404,
      code: "document_not_found",
    });
    expect(await failureOf(previewBulkRevert(db, { documentId, authorId: 999_999 }))).toMatchObject({
      status: 404,
      code: "user_not_found",
    });
    expect(await failureOf(applyBulkRevert(db, { documentId, authorId: ana, userId: carol, expectedHeads: { abc: 1 } }))).toMatchObject({
      status: 400,
    });
    expect(await failureOf(applyBulkRevert(db, { documentId, authorId: ana, userId: 999_999, expectedHeads: {} }))).toMatchObject({
      status: 404,
    });
  });
});
