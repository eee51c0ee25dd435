// The routes the review screens call, through their handlers (a Request in,
// the JSON answer out), and the rows filter "changed since a snapshot".
import { NextRequest } from "next/server";
import { describe, expect } from "vitest";
import { GET as previewRoute, POST as applyRoute } from "@/app/api/documents/[slug]/bulk-revert/route";
import { GET as rowsRoute } from "@/app/api/documents/[slug]/rows/route";
import { GET as trackedChangesRoute } from "@/app/api/documents/[slug]/tracked-changes/route";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import type { DiffOp } from "@/lib/diff";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { createSnapshot } from "@/lib/revisions";
import type { BulkRevertPreview, BulkRevertResult } from "@/lib/revisions/bulk-revert";
import { insertSegment, shiftCell } from "@/lib/segments";
import { addUser, servingRoutes, speechTest } from "../helpers/fixtures";

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"));

type Handler = (request: NextRequest, context: { params: Promise<{ slug: string }> }) => Promise<Response>;

async function call(handler: Handler, path: string, options: { user?: string; body?: unknown; slug?: string } = {}) {
  // The name as the browser keeps it: without one the handle would become the user's name.
  const name = options.user && options.user.charAt(0).toUpperCase() + options.user.slice(1);
  const headers = new Headers(options.user ? { cookie: `wb_user=${options.user}; wb_name=${name}` } : {});
  const init = options.body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(options.body) };
  const response = await handler(new NextRequest(`http://localhost${path}`, init), {
    params: Promise.resolve({ slug: options.slug ?? SPEECH_SLUG }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

const cellAt = async (db: Db, number: number, code: "ru" | "en") =>
  (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!.cells[code]!;
const edit = async (db: Db, number: number, code: "ru" | "en", text: string, authorId: number) => {
  const cell = await cellAt(db, number, code);
  return saveCell(db, cell.id, { text, baseRevisionId: cell.headRevisionId }, { authorId });
};
const after = (ops: DiffOp[]) =>
  ops
    .filter((op) => op.op !== "delete")
    .map((op) => op.text)
    .join("");

describe("GET /api/documents/:slug/tracked-changes", () => {
  it("lists, for the user asking, what others changed in text they wrote, with the diff", async ({ db, ana, boris }) => {
    await edit(db, 5, "en", "Ana wrote this line about the board.", ana);
    await edit(db, 5, "en", "Boris rewrote this line about the board.", boris);

    const forAna = await call(trackedChangesRoute, "/api/documents/x/tracked-changes", { user: "ana" });
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

    // Boris's text has not been changed by anyone else.
    expect((await call(trackedChangesRoute, "/api/documents/x/tracked-changes", { user: "boris" })).body).toEqual({ changes: [] });
  });

  it("needs to know who asks, a known document and a sane limit", async () => {
    expect((await call(trackedChangesRoute, "/api/documents/x/tracked-changes")).body.error?.code).toBe("user_unknown");
    const unknown = await call(trackedChangesRoute, "/api/documents/x/tracked-changes", { user: "ana", slug: "no-such-document" });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, "document_not_found"]);
    const badLimit = await call(trackedChangesRoute, "/api/documents/x/tracked-changes?limit=0", { user: "ana" });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error?.message).toMatch(/^Invalid tracked changes query: limit: /);
  });
});

describe("/api/documents/:slug/bulk-revert", () => {
  it("previews one author's edits as a diff, names cells edited later by others, and applies the preview", async ({ db, ana, boris }) => {
    const original7 = (await cellAt(db, 7, "en")).text;
    const original8 = (await cellAt(db, 8, "ru")).text;
    await edit(db, 7, "en", "Vandalised by Boris.", boris);
    await edit(db, 8, "ru", "Испорчено Борисом.", boris);
    await edit(db, 8, "ru", "Испорчено Борисом, поправлено Аной.", ana);

    const preview = await call(previewRoute, "/api/documents/x/bulk-revert?author=boris");
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

    const applied = await call(applyRoute, "/api/documents/x/bulk-revert", { user: "ana", body: { author: "boris", expectedHeads } });
    expect(applied.status).toBe(200);
    const result = applied.body as unknown as BulkRevertResult;
    expect(result.reverted.map((cell) => cell.cellId)).toContain(mine[0]!.cellId);
    expect(result.left).toContainEqual({ cellId: mine[1]!.cellId, outcome: "later-edits" });
    expect((await cellAt(db, 7, "en")).text).toBe(original7);
    expect((await cellAt(db, 8, "ru")).text).toBe("Испорчено Борисом, поправлено Аной.");

    // Applying the same preview again: the reverted cell moved on since, so nothing is written.
    const revisions = await db.revision.count();
    const stale = await call(applyRoute, "/api/documents/x/bulk-revert", { user: "ana", body: { author: "boris", expectedHeads } });
    expect([stale.status, stale.body.error?.code]).toEqual([409, "bulk_revert_outdated"]);
    expect(stale.body.error?.message).toMatch(/row 7 \(en\)/);
    expect(await db.revision.count()).toBe(revisions);

    // Asked to, it also discards Ana's later edit.
    const again = (await call(previewRoute, "/api/documents/x/bulk-revert?author=boris")).body as unknown as BulkRevertPreview;
    const forced = await call(applyRoute, "/api/documents/x/bulk-revert", {
      user: "ana",
      body: { author: "boris", includeLaterEdits: true, expectedHeads: again.expectedHeads },
    });
    expect(forced.status).toBe(200);
    expect((await cellAt(db, 8, "ru")).text).toBe(original8);
  });

  it("takes a time range", async ({ db, ana }) => {
    const from = new Date().toISOString();
    await edit(db, 9, "en", "A late-night edit.", ana);
    const preview = await call(previewRoute, `/api/documents/x/bulk-revert?from=${encodeURIComponent(from)}`);
    expect((preview.body as unknown as BulkRevertPreview).cells.map((cell) => [cell.rowNumber, cell.language])).toEqual([[9, "en"]]);
    const until = await call(previewRoute, `/api/documents/x/bulk-revert?author=ana&to=${encodeURIComponent(from)}`);
    expect((until.body as unknown as BulkRevertPreview).cells.map((cell) => cell.rowNumber)).not.toContain(9);
  });

  it("refuses a filter that names nothing, an unknown author, bad times, a bad body and an anonymous apply", async () => {
    const nothing = await call(previewRoute, "/api/documents/x/bulk-revert");
    expect([nothing.status, nothing.body.error?.code]).toEqual([400, "invalid_input"]);
    expect(nothing.body.error?.message).toMatch(/name an author, a time range or both/);

    const stranger = await call(previewRoute, "/api/documents/x/bulk-revert?author=nobody");
    expect([stranger.status, stranger.body.error?.code, stranger.body.error?.message]).toEqual([
      404,
      "user_not_found",
      'author: there is no user "nobody"',
    ]);

    const badTime = await call(previewRoute, "/api/documents/x/bulk-revert?from=yesterday");
    expect(badTime.status).toBe(400);
    expect(badTime.body.error?.message).toMatch(/from: /);

    const reversed = await call(previewRoute, "/api/documents/x/bulk-revert?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
    expect(reversed.body.error?.message).toMatch(/to: is before from/);

    const noHeads = await call(applyRoute, "/api/documents/x/bulk-revert", { user: "ana", body: { author: "boris" } });
    expect([noHeads.status, noHeads.body.error?.message]).toEqual([400, expect.stringMatching(/expectedHeads: /)]);

    const unexpected = await call(applyRoute, "/api/documents/x/bulk-revert", {
      user: "ana",
      body: { author: "boris", expectedHeads: {}, everything: true },
    });
    expect(unexpected.status).toBe(400);

    const anonymous = await call(applyRoute, "/api/documents/x/bulk-revert", { body: { author: "boris", expectedHeads: {} } });
    expect([anonymous.status, anonymous.body.error?.code]).toEqual([401, "user_unknown"]);

    const unknownDocument = await call(previewRoute, "/api/documents/x/bulk-revert?author=ana", { slug: "no-such-document" });
    expect(unknownDocument.status).toBe(404);
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
