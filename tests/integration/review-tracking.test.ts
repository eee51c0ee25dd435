import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { sidesOf, type DiffOp } from "@/lib/diff";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { listChangesToMyWork } from "@/lib/revisions/review-changes";
import { confirmStillValid, sourceChangeSince } from "@/lib/revisions/stale";
import { failureOf } from "../helpers/errors";
import { addUser, speechTest } from "../helpers/fixtures";

const it = speechTest
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"));

const cellAt = async (db: Db, number: number, code: "ru" | "en") =>
  (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!.cells[code]!;
const edit = async (db: Db, number: number, code: "ru" | "en", text: string, authorId: number) => {
  const cell = await cellAt(db, number, code);
  return saveCell(db, cell.id, { text, baseRevisionId: cell.headRevisionId }, { authorId });
};
const before = (ops: DiffOp[]) => sidesOf(ops).before;
const after = (ops: DiffOp[]) => sidesOf(ops).after;

describe("listChangesToMyWork", () => {
  it("shows a translator what others changed in text they wrote, newest first, and whether it still stands", async ({
    db,
    documentId,
    ana,
    boris,
  }) => {
    await edit(db, 2, "en", "Ana's careful line about the police.", ana);
    await edit(db, 2, "en", "Ana's careful line about the police, polished.", ana);
    const borisEdit = (await edit(db, 2, "en", "Boris's line about the police, polished.", boris)).revision!;
    await edit(db, 3, "en", "Ana's third row.", ana);
    const borisThird = (await edit(db, 3, "en", "Boris's third row.", boris)).revision!;
    // Boris rewriting the import, or his own text, is nobody's tracked change.
    await edit(db, 4, "en", "Boris alone.", boris);
    await edit(db, 4, "en", "Boris alone, again.", boris);

    const changes = await listChangesToMyWork(db, { userId: ana, limit: 10 });
    expect(changes.map((change) => change.revision.id)).toEqual([borisThird.id, borisEdit.id]);
    const second = changes[1]!;
    expect(second).toMatchObject({
      editor: { id: boris, name: "Boris", handle: "boris" },
      yours: { text: "Ana's careful line about the police, polished." },
      revision: { kind: "edit", text: "Boris's line about the police, polished." },
      cell: { documentId, rowNumber: 2, language: "en" },
      stillHead: true,
    });
    expect(before(second.ops)).toBe("Ana's careful line about the police, polished.");
    expect(after(second.ops)).toBe("Boris's line about the police, polished.");
    expect(second.ops).toEqual(expect.arrayContaining([{ op: "delete", text: "Ana's careful" }]));

    // Ana takes it back: Boris's edit no longer stands, and Boris now sees Ana's change to his text.
    await edit(db, 2, "en", "Ana's careful line about the police, polished.", ana);
    const later = await listChangesToMyWork(db, { userId: ana, documentId, limit: 10 });
    expect(later.find((change) => change.revision.id === borisEdit.id)).toMatchObject({ stillHead: false });
    const forBoris = await listChangesToMyWork(db, { userId: boris, limit: 10 });
    expect(forBoris.map((change) => [change.editor.name, change.cell.rowNumber, change.stillHead])).toEqual([["Ana", 2, true]]);
    expect(await listChangesToMyWork(db, { userId: ana, limit: 1 })).toHaveLength(1);
  });

  it("answers 404 for an unknown user or document and 400 for a bad limit", async ({ db, ana }) => {
    expect(await failureOf(listChangesToMyWork(db, { userId: 999_999 }))).toMatchObject({ status: 404, code: "user_not_found" });
    expect(await failureOf(listChangesToMyWork(db, { userId: ana, documentId: 999_999 }))).toMatchObject({
      status: 404,
      code: "document_not_found",
    });
    expect(await failureOf(listChangesToMyWork(db, { userId: ana, limit: 501 }))).toMatchObject({ status: 400 });
  });
});

describe("stale translations", () => {
  it("shows how the original changed since the translation was written, then clears the flag without a revision", async ({
    db,
    ana,
    boris,
  }) => {
    const importedRu = await cellAt(db, 20, "ru");
    await edit(db, 20, "en", "The translator's English for row twenty.", ana);
    const changedRu = (await edit(db, 20, "ru", `${importedRu.text} Добавлено позже.`, boris)).revision!;
    const en = await cellAt(db, 20, "en");
    expect(en.stale).toBe(true);

    const change = await sourceChangeSince(db, { cellId: en.id });
    expect(change).toMatchObject({
      cell: { id: en.id, language: "en", stale: true, text: "The translator's English for row twenty." },
      original: {
        cellId: importedRu.id,
        language: "ru",
        then: { revisionId: importedRu.headRevisionId, text: importedRu.text },
        now: { revisionId: changedRu.id, text: `${importedRu.text} Добавлено позже.` },
      },
    });
    expect(change.ops).toEqual([
      { op: "equal", text: importedRu.text },
      { op: "insert", text: " Добавлено позже." },
    ]);

    const revisions = await db.revision.count();
    const confirmed = await confirmStillValid(db, { cellId: en.id, userId: ana });
    expect(confirmed).toMatchObject({ id: en.id, stale: false, version: en.version, headRevisionId: en.headRevisionId, text: en.text });
    expect(await confirmStillValid(db, { cellId: en.id, userId: ana })).toEqual(confirmed);
    expect(await db.revision.count()).toBe(revisions);
    expect(await cellAt(db, 20, "en")).toMatchObject({ stale: false });
  });

  it("compares with the original as it was at the translation's last edit", async ({ db, ana, boris }) => {
    const ru = await cellAt(db, 21, "ru");
    await edit(db, 21, "ru", "Новый исходный текст.", boris);
    await edit(db, 21, "en", "A translation written after the change.", ana);
    const change = await sourceChangeSince(db, { cellId: (await cellAt(db, 21, "en")).id });
    expect(change.cell.stale).toBe(false);
    expect(change.original.then).toEqual(change.original.now);
    expect(change.ops).toEqual([{ op: "equal", text: "Новый исходный текст." }]);
    expect(change.original.then.revisionId).not.toBe(ru.headRevisionId);
  });

  it("answers 400 for a cell of the original, 404 for an unknown cell or user", async ({ db, ana }) => {
    const ru = await cellAt(db, 22, "ru");
    expect(await failureOf(sourceChangeSince(db, { cellId: ru.id }))).toMatchObject({ status: 400, code: "cell_is_original" });
    expect(await failureOf(sourceChangeSince(db, { cellId: 999_999 }))).toMatchObject({ status: 404 });
    expect(await failureOf(confirmStillValid(db, { cellId: 999_999, userId: ana }))).toMatchObject({ status: 404, code: "cell_not_found" });
    expect(await failureOf(confirmStillValid(db, { cellId: ru.id, userId: 999_999 }))).toMatchObject({
      status: 404,
      code: "user_not_found",
    });
  });
});
