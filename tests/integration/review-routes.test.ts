// The routes the review screens call, through their handlers (a Request in,
// the JSON answer out), and the rows filter "changed since a snapshot".
import { describe, expect } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { GET as previewRoute, POST as applyRoute } from "@/app/api/documents/[slug]/bulk-revert/route";
import { POST as reviewRoute } from "@/app/api/documents/[slug]/review/route";
import { GET as rowsRoute } from "@/app/api/documents/[slug]/rows/route";
import { GET as trackedChangesRoute } from "@/app/api/documents/[slug]/tracked-changes/route";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { type DiffOp, sidesOf } from "@/lib/diff";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { createSnapshot } from "@/lib/revisions";
import type { BulkRevertPreview, BulkRevertResult } from "@/lib/revisions/bulk-revert";
import { insertSegment, shiftCell } from "@/lib/segments";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, speechTest } from "../helpers/fixtures";
import { callJson, type RouteHandler } from "../helpers/routes";
import { seedDocument } from "../helpers/seed-document";

type Headers = Record<string, string>;

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("ana", { scope: "file", auto: true }, async ({ db }) => (await addPerson(db, "ana", "translator", { name: "Ana" })).id)
  .extend("boris", { scope: "file", auto: true }, async ({ db }) => (await addPerson(db, "boris", "translator", { name: "Boris" })).id)
  .extend("asAna", { scope: "file" }, ({ db, ana }) => tokenHeaders(db, { id: ana }))
  .extend("asBoris", { scope: "file" }, ({ db, boris }) => tokenHeaders(db, { id: boris }))
  .extend("asReviewer", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "rita", "reviewer", { name: "Rita" })));

/** A route of /api/documents/:slug (the speech unless `slug` says otherwise). */
function call(handler: RouteHandler, path: string, options: { headers?: Headers; body?: unknown; slug?: string } = {}) {
  return callJson(handler, {
    method: options.body === undefined ? "GET" : "POST",
    path,
    headers: options.headers,
    body: options.body,
    params: { slug: options.slug ?? SPEECH_SLUG },
  });
}

const cellAt = async (db: Db, number: number, code: "ru" | "en") =>
  (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!.cells[code]!;
const edit = async (db: Db, number: number, code: "ru" | "en", text: string, authorId: number) => {
  const cell = await cellAt(db, number, code);
  return saveCell(db, cell.id, { text, baseRevisionId: cell.headRevisionId }, { authorId });
};
const after = (ops: DiffOp[]) => sidesOf(ops).after;

describe("GET /api/documents/:slug/tracked-changes", () => {
  it("lists, for the user asking, what others changed in text they wrote, with the diff", async ({ db, ana, boris, asAna, asBoris }) => {
    await edit(db, 5, "en", "Ana wrote this line about the board.", ana);
    await edit(db, 5, "en", "Boris rewrote this line about the board.", boris);

    const forAna = await call(trackedChangesRoute, "/api/documents/x/tracked-changes", { headers: asAna });
    expect(forAna.status).toBe(200);
    const changes = forAna.body.changes as {
      editor: { handle: string };
      cell: { rowNumber: number; language: string };
      ops: DiffOp[];
      stillHead: boolean;
    }[];
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ editor: { handle: "boris" }, cell: { rowNumber: 5, language: "en" }, stillHead: true });
    expect(changes[0]!.ops).toContainEqual({ op: "delete", text: "Ana wrote" });
    expect(after(changes[0]!.ops)).toBe("Boris rewrote this line about the board.");

    // Boris's text has not been changed by anyone else; an anonymous reader of the public speech has written nothing.
    expect((await call(trackedChangesRoute, "/api/documents/x/tracked-changes", { headers: asBoris })).body).toEqual({ changes: [] });
    expect(await call(trackedChangesRoute, "/api/documents/x/tracked-changes")).toEqual({ status: 200, body: { changes: [] } });
  });

  it("needs a known document and a sane limit", async ({ asAna }) => {
    const unknown = await call(trackedChangesRoute, "/api/documents/x/tracked-changes", { headers: asAna, slug: "no-such-document" });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "document_not_found"]);
    const badLimit = await call(trackedChangesRoute, "/api/documents/x/tracked-changes?limit=0", { headers: asAna });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error?.message).toMatch(/^Invalid query: limit: /);
  });
});

describe("POST /api/documents/:slug/review", () => {
  it("approves as a reviewer, and refuses a translator (403) and anyone not signed in (401)", async ({ db, asAna, asReviewer }) => {
    const cell = await cellAt(db, 2, "ru");
    const decisions = [{ cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve" }];
    expect((await call(reviewRoute, "/api/documents/x/review", { body: { decisions } })).status).toBe(401);
    expect((await call(reviewRoute, "/api/documents/x/review", { headers: asAna, body: { decisions } })).status).toBe(403);
    expect(await db.reviewDecision.count({ where: { cellId: cell.id } })).toBe(0);

    const approved = await call(reviewRoute, "/api/documents/x/review", { headers: asReviewer, body: { decisions } });
    expect(approved.status).toBe(200);
    expect(approved.body.outcomes).toMatchObject([{ cell: { id: cell.id, status: "approved", approvedRevisionId: cell.headRevisionId } }]);
  });

  it("answers 404 for a cell of another document, deciding nothing, even with cells of this one", async ({ db, ana, asReviewer }) => {
    const { documentId: otherId } = await seedDocument(db, { slug: "review-elsewhere", rows: 3, authorId: ana });
    const foreign = (await getRows(db, "review-elsewhere", { languages: ["ru"], limit: 1 })).rows[0]!.cells.ru!;
    const own = await cellAt(db, 3, "en");
    const before = { decisions: await db.reviewDecision.count(), revisions: await db.revision.count() };

    for (const decisions of [
      [{ cellId: foreign.id, revisionId: foreign.headRevisionId, verdict: "approve" }],
      [
        { cellId: own.id, revisionId: own.headRevisionId, verdict: "approve" },
        { cellId: foreign.id, revisionId: foreign.headRevisionId, verdict: "reject", note: "Not here" },
      ],
    ]) {
      const answer = await call(reviewRoute, "/api/documents/x/review", { headers: asReviewer, body: { decisions } });
      expect([answer.status, answer.body.error?.code]).toEqual([404, "cell_not_found"]);
      expect(answer.body.error?.details).toEqual({ cellIds: [foreign.id] });
    }
    expect({ decisions: await db.reviewDecision.count(), revisions: await db.revision.count() }).toEqual(before);
    expect(await db.cell.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({
      status: foreign.status,
      approvedRevisionId: null,
    });
    expect((await cellAt(db, 3, "en")).status).toBe(own.status);

    // In its own document the same cell is decided.
    const there = await call(reviewRoute, "/api/documents/review-elsewhere/review", {
      headers: asReviewer,
      slug: "review-elsewhere",
      body: { decisions: [{ cellId: foreign.id, revisionId: foreign.headRevisionId, verdict: "approve" }] },
    });
    expect(there.status).toBe(200);
    expect(await db.reviewDecision.count({ where: { cell: { language: { documentId: otherId } } } })).toBe(1);
  });
});

describe("PUT /api/cells/:id", () => {
  it("refuses to set reviewed or approved (400), writing nothing: only review does", async ({ db, asAna }) => {
    const cell = await cellAt(db, 4, "en");
    const before = await db.revision.count();
    for (const status of ["approved", "reviewed"]) {
      const answer = await callJson(saveCellRoute, {
        method: "PUT",
        params: { id: String(cell.id) },
        headers: asAna,
        body: { text: "Approved by myself.", baseRevisionId: cell.headRevisionId, status },
      });
      expect([answer.status, answer.body.error?.code]).toEqual([400, "invalid_input"]);
      expect(answer.body.error?.message).toMatch(/status: must be draft or translated/);
    }
    expect(await db.revision.count()).toBe(before);
    expect(await cellAt(db, 4, "en")).toMatchObject({ text: cell.text, status: cell.status, headRevisionId: cell.headRevisionId });
  });
});

describe("/api/documents/:slug/bulk-revert", () => {
  it("previews one author's edits as a diff, names cells edited later by others, and applies the preview", async ({
    db,
    ana,
    boris,
    asReviewer,
  }) => {
    const original7 = (await cellAt(db, 7, "en")).text;
    const original8 = (await cellAt(db, 8, "ru")).text;
    await edit(db, 7, "en", "Vandalised by Boris.", boris);
    await edit(db, 8, "ru", "Испорчено Борисом.", boris);
    await edit(db, 8, "ru", "Испорчено Борисом, поправлено Аной.", ana);

    const preview = await call(previewRoute, "/api/documents/x/bulk-revert?author=boris", { headers: asReviewer });
    expect(preview.status).toBe(200);
    const { cells, expectedHeads, description } = preview.body as unknown as BulkRevertPreview;
    const mine = cells.filter((cell) => [7, 8].includes(cell.rowNumber));
    expect(mine.map((cell) => [cell.rowNumber, cell.language, cell.outcome])).toEqual([
      [7, "en", "revert"],
      [8, "ru", "later-edits"],
    ]);
    expect(mine[0]!.target.text).toBe(original7);
    expect(after(mine[0]!.ops)).toBe(original7);
    expect(mine[1]!.laterEdits.map((later) => later.author.handle)).toEqual(["ana"]);
    expect(description).toBe("edits by Boris (boris)");

    const applied = await call(applyRoute, "/api/documents/x/bulk-revert", {
      headers: asReviewer,
      body: { author: "boris", expectedHeads },
    });
    expect(applied.status).toBe(200);
    const result = applied.body as unknown as BulkRevertResult;
    expect(result.reverted.map((cell) => cell.cellId)).toContain(mine[0]!.cellId);
    expect(result.left).toContainEqual({ cellId: mine[1]!.cellId, outcome: "later-edits" });
    expect((await cellAt(db, 7, "en")).text).toBe(original7);
    expect((await cellAt(db, 8, "ru")).text).toBe("Испорчено Борисом, поправлено Аной.");

    // Applying the same preview again: the reverted cell moved on since, so nothing is written.
    const revisions = await db.revision.count();
    const stale = await call(applyRoute, "/api/documents/x/bulk-revert", { headers: asReviewer, body: { author: "boris", expectedHeads } });
    expect([stale.status, stale.body.error?.code]).toEqual([409, "bulk_revert_outdated"]);
    expect(stale.body.error?.message).toMatch(/row 7 \(en\)/);
    expect(await db.revision.count()).toBe(revisions);

    // Asked to, it also discards Ana's later edit.
    const again = (await call(previewRoute, "/api/documents/x/bulk-revert?author=boris", { headers: asReviewer }))
      .body as unknown as BulkRevertPreview;
    const forced = await call(applyRoute, "/api/documents/x/bulk-revert", {
      headers: asReviewer,
      body: { author: "boris", includeLaterEdits: true, expectedHeads: again.expectedHeads },
    });
    expect(forced.status).toBe(200);
    expect((await cellAt(db, 8, "ru")).text).toBe(original8);
  });

  it("takes a time range", async ({ db, ana, asReviewer }) => {
    const from = new Date().toISOString();
    await edit(db, 9, "en", "A late-night edit.", ana);
    const preview = await call(previewRoute, `/api/documents/x/bulk-revert?from=${encodeURIComponent(from)}&to=`, { headers: asReviewer });
    expect((preview.body as unknown as BulkRevertPreview).cells.map((cell) => [cell.rowNumber, cell.language])).toEqual([[9, "en"]]);
    const until = await call(previewRoute, `/api/documents/x/bulk-revert?author=ana&to=${encodeURIComponent(from)}`, {
      headers: asReviewer,
    });
    expect((until.body as unknown as BulkRevertPreview).cells.map((cell) => cell.rowNumber)).not.toContain(9);
  });

  it("answers 404 for a cell of another document among the expected heads, reverting nothing", async ({ db, boris, asReviewer }) => {
    await seedDocument(db, { slug: "revert-elsewhere", rows: 2, authorId: boris });
    const foreign = (await getRows(db, "revert-elsewhere", { languages: ["en"], limit: 1 })).rows[0]!.cells.en!;
    await edit(db, 14, "en", "Boris again.", boris);
    const { expectedHeads } = (await call(previewRoute, "/api/documents/x/bulk-revert?author=boris", { headers: asReviewer }))
      .body as unknown as BulkRevertPreview;
    const revisions = await db.revision.count();
    const answer = await call(applyRoute, "/api/documents/x/bulk-revert", {
      headers: asReviewer,
      body: { author: "boris", expectedHeads: { ...expectedHeads, [foreign.id]: foreign.headRevisionId } },
    });
    expect([answer.status, answer.body.error?.code, answer.body.error?.details]).toEqual([
      404,
      "cell_not_found",
      { cellIds: [foreign.id] },
    ]);
    expect(await db.revision.count()).toBe(revisions);
    expect((await cellAt(db, 14, "en")).text).toBe("Boris again.");
  });

  it("refuses a filter that names nothing, an unknown author, bad times, a bad body, a translator and anyone not signed in", async ({
    asAna,
    asReviewer,
  }) => {
    const preview = (query: string, slug?: string) =>
      call(previewRoute, `/api/documents/x/bulk-revert${query}`, { headers: asReviewer, slug });
    const nothing = await preview("");
    expect([nothing.status, nothing.body.error?.code]).toEqual([400, "invalid_input"]);
    expect(nothing.body.error?.message).toMatch(/name an author, a time range or both/);

    const stranger = await preview("?author=nobody");
    expect([stranger.status, stranger.body.error?.code, stranger.body.error?.message]).toEqual([
      404,
      "user_not_found",
      'author: there is no user "nobody"',
    ]);

    const badTime = await preview("?from=yesterday");
    expect(badTime.status).toBe(400);
    expect(badTime.body.error?.message).toMatch(/from: /);

    const reversed = await preview("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
    expect(reversed.body.error?.message).toMatch(/to: is before from/);

    const noHeads = await call(applyRoute, "/api/documents/x/bulk-revert", { headers: asReviewer, body: { author: "boris" } });
    expect([noHeads.status, noHeads.body.error?.message]).toEqual([400, expect.stringMatching(/expectedHeads: /)]);

    const unexpected = await call(applyRoute, "/api/documents/x/bulk-revert", {
      headers: asReviewer,
      body: { author: "boris", expectedHeads: {}, everything: true },
    });
    expect(unexpected.status).toBe(400);

    const body = { author: "boris", expectedHeads: {} };
    expect((await call(applyRoute, "/api/documents/x/bulk-revert", { body })).body.error?.code).toBe("sign_in_required");
    expect((await call(applyRoute, "/api/documents/x/bulk-revert", { headers: asAna, body })).status).toBe(403);
    expect((await call(previewRoute, "/api/documents/x/bulk-revert?author=boris", { headers: asAna })).status).toBe(403);

    expect((await preview("?author=ana", "no-such-document")).status).toBe(404);
  });
});

describe("rows filter: changed since a snapshot", () => {
  it("shows the rows whose shown cells differ from the snapshot, and rows it did not have", async ({ db, documentId, ana }) => {
    const snapshot = await createSnapshot(db, { documentId, name: "before the review", authorId: ana });
    expect((await getRows(db, SPEECH_SLUG, { filter: "changed", since: { snapshotId: snapshot.id } })).total).toBe(0);

    await edit(db, 12, "en", "Edited after the snapshot.", ana);
    const row20 = (await getRows(db, SPEECH_SLUG, { offset: 19, limit: 1 })).rows[0]!;
    await insertSegment(db, { segmentId: row20.id, where: "below", authorId: ana });
    const changed = await getRows(db, SPEECH_SLUG, { filter: "changed", since: { snapshotId: snapshot.id } });
    expect(changed.rows.map((row) => row.number)).toEqual([12, 21]);
    // Only the shown languages count.
    expect(
      (await getRows(db, SPEECH_SLUG, { languages: ["ru"], filter: "changed", since: `snapshot:${snapshot.id}` })).rows.map(
        (row) => row.number,
      ),
    ).toEqual([21]);

    // A shift leaves every revision as it was but changes what the rows show.
    const row30 = (await getRows(db, SPEECH_SLUG, { offset: 29, limit: 1 })).rows[0]!;
    const before = await getRows(db, SPEECH_SLUG, { filter: "changed", since: { snapshotId: snapshot.id } });
    await shiftCell(db, { segmentId: row30.id, languageCode: "en", direction: "down", authorId: ana });
    const shifted = await getRows(db, SPEECH_SLUG, { filter: "changed", since: { snapshotId: snapshot.id } });
    expect(shifted.total).toBeGreaterThan(before.total);
    expect(shifted.rows.map((row) => row.number)).toContain(30);
  });

  it("works through the rows route, and refuses an unknown snapshot or an unreadable since", async ({ db, documentId, ana, boris }) => {
    const snapshot = await createSnapshot(db, { documentId, name: "route check", authorId: ana });
    await edit(db, 40, "ru", "Правка после снимка.", boris);
    const answer = await call(rowsRoute, `/api/documents/x/rows?filter=changed&since=snapshot:${snapshot.id}`);
    expect(answer.status).toBe(200);
    expect((answer.body.rows as { number: number }[]).map((row) => row.number)).toEqual([40]);

    const unknown = await call(rowsRoute, "/api/documents/x/rows?filter=changed&since=snapshot:999999");
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "snapshot_not_found"]);
    const garbage = await call(rowsRoute, "/api/documents/x/rows?filter=changed&since=snapshot:first");
    expect([garbage.status, garbage.body.error?.message]).toEqual([400, expect.stringMatching(/since: /)]);
  });
});
