import { describe, expect } from "vitest";
import { POST as operationsRoute } from "@/app/api/documents/[slug]/operations/route";
import { GET as changesRoute } from "@/app/api/documents/[slug]/changes/route";
import type { Db } from "@/lib/db/client";
import { mergeSegmentWithNext, splitSegment } from "@/lib/segments";
import { redoAlignmentChange, undoAlignmentChange } from "@/lib/segments/undo";
import { ensureSystemUser } from "@/lib/users";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, test } from "../helpers/fixtures";
import { callJson } from "../helpers/routes";
import { counts, layout, liveGrid, seedDocument } from "../helpers/seed-document";

const it = test
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("people", { scope: "file" }, async ({ db }) => {
    const ana = await addPerson(db, "ana", "translator", { name: "Ana" });
    const boris = await addPerson(db, "boris", "translator", { name: "Boris" });
    return { ana, boris, asAna: await tokenHeaders(db, ana), asBoris: await tokenHeaders(db, boris) };
  })
  .extend("fresh", { scope: "file" }, async ({ db }) => {
    const systemId = (await ensureSystemUser(db)).id;
    let documents = 0;
    return async () => {
      const slug = `doc-${++documents}`;
      return { slug, ...(await seedDocument(db, { slug, rows: 6, authorId: systemId })) };
    };
  });

/** Two requests at once, as two people pressing the same button. */
const both = <T>(run: () => Promise<T>) => Promise.allSettled([run(), run()]);
const changesOf = (db: Db, documentId: number) =>
  db.alignmentChange.findMany({ where: { documentId }, orderBy: { id: "asc" }, select: { id: true, kind: true, revertsId: true } });

describe("undo and redo name the change they act on", () => {
  it("of two undos of the same change at once, one undoes it and the other is refused naming what is next", async ({
    db,
    people,
    fresh,
  }) => {
    const { documentId } = await fresh();
    const rows = await liveGrid(db, documentId);
    const split = await splitSegment(db, {
      segmentId: rows[0]!.id,
      languageCode: "en",
      offset: 3,
      splitOthers: true,
      authorId: people.boris.id,
    });
    // Rows 3 and 4 (the split made the first row two).
    const merge = await mergeSegmentWithNext(db, { segmentId: rows[1]!.id, authorId: people.ana.id });
    const afterSplit = (await changesOf(db, documentId)).length;

    const outcomes = await both(() => undoAlignmentChange(db, { documentId, authorId: people.ana.id, changeId: merge.changeId! }));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === "rejected")!;
    expect(refused.reason).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      details: {
        next: {
          id: split.changeId,
          kind: "split",
          summary: { operation: "split", rowNumber: 1, languageCode: "en" },
          author: { handle: "boris", name: "Boris" },
        },
      },
    });
    // Exactly one change undone: the merge; the split is still in effect.
    const log = await changesOf(db, documentId);
    expect(log).toHaveLength(afterSplit + 1);
    expect(log.at(-1)).toMatchObject({ kind: "undo", revertsId: merge.changeId });
    expect(await liveGrid(db, documentId)).toHaveLength(rows.length + 1);

    const undo = log.at(-1)!;
    const redone = await both(() => redoAlignmentChange(db, { documentId, authorId: people.ana.id, changeId: undo.id }));
    expect(redone.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(redone.find((outcome) => outcome.status === "rejected")!.reason).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      details: { next: null },
    });
    expect(await changesOf(db, documentId)).toHaveLength(afterSplit + 2);
    expect(await liveGrid(db, documentId)).toHaveLength(rows.length);
  });

  it("refuses, changing nothing, an undo of a change that someone else's newer change now hides", async ({ db, people, fresh }) => {
    const { documentId } = await fresh();
    const rows = await liveGrid(db, documentId);
    const mine = await mergeSegmentWithNext(db, { segmentId: rows[0]!.id, authorId: people.ana.id });
    const theirs = await mergeSegmentWithNext(db, { segmentId: rows[2]!.id, authorId: people.boris.id });
    const before = { counts: await counts(db), layout: layout(await liveGrid(db, documentId)) };
    const error = await undoAlignmentChange(db, { documentId, authorId: people.ana.id, changeId: mine.changeId! }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      status: 409,
      code: "undo_target_changed",
      message: `Change ${mine.changeId} is not what undo would act on any more: undo would now act on change ${theirs.changeId} (merge by Boris). Nothing was changed`,
      details: { next: { id: theirs.changeId, kind: "merge", summary: { operation: "merge", rowNumber: 2 }, author: { handle: "boris" } } },
    });
    expect({ counts: await counts(db), layout: layout(await liveGrid(db, documentId)) }).toEqual(before);
  });

  it("through the API: the change log says what undo and redo would act on, a bare undo is 400, a stale one 409", async ({
    db,
    people,
    fresh,
  }) => {
    const { slug, documentId } = await fresh();
    const rows = await liveGrid(db, documentId);
    const operation = (headers: Record<string, string>, body: unknown) =>
      callJson(operationsRoute, { method: "POST", params: { slug }, headers, body });
    const changes = () => callJson(changesRoute, { params: { slug }, headers: people.asAna });

    expect((await changes()).body).toMatchObject({ undo: null, redo: null });
    expect(await operation(people.asAna, { op: "merge", segmentId: rows[2]!.id })).toMatchObject({ status: 200 });
    const { undo } = (await changes()).body as { undo: { id: number } };
    expect(undo).toMatchObject({
      kind: "merge",
      summary: { operation: "merge", rowNumber: 3, languageCode: null },
      author: { handle: "ana" },
    });

    const bare = await operation(people.asAna, { op: "undo" });
    expect(bare.status).toBe(400);
    expect(bare.body.error!.message).toContain("changeId");

    expect(await operation(people.asBoris, { op: "undo", changeId: undo.id })).toMatchObject({ status: 200 });
    const late = await operation(people.asAna, { op: "undo", changeId: undo.id });
    expect(late).toMatchObject({ status: 409, body: { error: { code: "undo_target_changed", details: { next: null } } } });

    const { redo } = (await changes()).body as { redo: { id: number } };
    // The undo, by Boris, of Ana's merge: redo names the undo and the operation behind it.
    expect(redo).toMatchObject({ kind: "undo", summary: { operation: "merge", rowNumber: 3 }, author: { handle: "boris" } });
    expect(await operation(people.asAna, { op: "redo", changeId: redo.id })).toMatchObject({ status: 200 });
    expect((await changes()).body).toMatchObject({ undo: { kind: "redo", summary: { operation: "merge" } }, redo: null });
  });
});
