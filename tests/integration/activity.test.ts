// The activity feed of a document: who changed what, newest first, from
// revisions, the alignment log, review decisions and snapshots; paged by a
// cursor; only the document asked for. Through lib and the route handler.
import { describe, expect } from "vitest";
import { GET as activityRoute } from "@/app/api/documents/[slug]/activity/route";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { type ActivityEntry, createSnapshot, decideReview, listActivity } from "@/lib/revisions";
import { mergeSegmentWithNext } from "@/lib/segments";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { addUser, servingRoutes, speechTest } from "../helpers/fixtures";
import { callJson } from "../helpers/routes";
import { seedDocument } from "../helpers/seed-document";
import { undoLatest } from "../helpers/undo";

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana Translator"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris Aligner"))
  .extend("vera", { scope: "file", auto: true }, ({ db }) => addUser(db, "vera", "Vera Reviewer"));

const rowAt = async (db: Db, number: number) => (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!;
const edit = async (db: Db, number: number, code: "ru" | "en", text: string, authorId: number) => {
  const cell = (await rowAt(db, number)).cells[code]!;
  return saveCell(db, cell.id, { text, baseRevisionId: cell.headRevisionId }, { authorId });
};

/** An entry as the tests compare it: what, by whom, where. */
function gist(entry: ActivityEntry) {
  const where =
    entry.source === "revision" || entry.source === "review"
      ? `row ${entry.cell.rowNumber} ${entry.cell.language}`
      : entry.source === "alignment"
        ? `row ${entry.rowNumber}`
        : entry.name;
  const what = entry.source === "review" ? entry.verdict : entry.source === "snapshot" ? "snapshot" : entry.kind;
  return `${entry.author.handle} ${what} ${where}`;
}

async function call(slug: string, query = "", headers: Record<string, string> = {}) {
  const answer = await callJson(activityRoute, { path: `/api/documents/${slug}/activity${query}`, params: { slug }, headers });
  return answer as { status: number; body: { entries: ActivityEntry[]; next: string | null } };
}

describe("listActivity", () => {
  it("lists edits, a merge, a review decision and a snapshot by different people, newest first", async ({
    db,
    documentId,
    ana,
    boris,
    vera,
  }) => {
    const first = await edit(db, 3, "en", "Ana's first wording of row three.", ana);
    await edit(db, 3, "en", "Ana's second wording of row three.", ana);
    const merged = await mergeSegmentWithNext(db, { segmentId: (await rowAt(db, 7)).id, authorId: boris });
    const decided = (await rowAt(db, 3)).cells.en!;
    await decideReview(db, { documentId, cellId: decided.id, revisionId: decided.headRevisionId, verdict: "approve", reviewerId: vera });
    await createSnapshot(db, { documentId, name: "after review", authorId: vera });
    await edit(db, 5, "ru", "Новый текст пятой строки.", boris);

    const { entries } = await listActivity(db, { documentId, limit: 50 });
    expect(entries.map(gist)).toEqual([
      "boris edit row 5 ru",
      "vera snapshot after review",
      "vera approve row 3 en",
      "boris merge row 7",
      "ana edit row 3 en",
      "ana edit row 3 en",
      // The speech as it was seeded: one entry, not one per cell.
      "system import row null",
    ]);
    expect(entries[0]!.author).toEqual({ handle: "boris", name: "Boris Aligner" });
    expect(entries.map((entry) => entry.time.getTime())).toEqual(entries.map((entry) => entry.time.getTime()).sort((a, b) => b - a));

    // Each text change names its cell and revisions, with both texts, for a diff.
    const latestOfAna = entries[4]!;
    expect(latestOfAna).toMatchObject({
      source: "revision",
      kind: "edit",
      cell: { id: decided.id, rowNumber: 3, language: "en" },
      change: {
        cellId: decided.id,
        fromRevisionId: first.revision!.id,
        toRevisionId: decided.headRevisionId,
        before: "Ana's first wording of row three.",
        after: "Ana's second wording of row three.",
      },
    });
    expect(entries[2]).toMatchObject({ source: "review", change: { toRevisionId: decided.headRevisionId } });

    // The merge is one entry carrying the texts it joined, not a revision per cell.
    const merge = entries[3]!;
    if (merge.source !== "alignment") throw new Error("expected the merge");
    expect(merge.id).toBe(merged.changeId);
    expect(merge.textChangeCount).toBe(merge.textChanges.length);
    expect(merge.textChanges.map((change) => change.language).sort()).toEqual(["en", "ru"]);
    for (const change of merge.textChanges) {
      expect(change.after.startsWith(change.before)).toBe(true);
      expect(change.after.length).toBeGreaterThan(change.before.length);
    }
    const imported = entries.at(-1)!;
    expect(imported).toMatchObject({ source: "alignment", kind: "import", textChanges: [], textChangeCount: 0 });
  });

  it("shows an undo as one entry, not the reverts it wrote", async ({ db, documentId, boris }) => {
    const before = await db.revision.count();
    await undoLatest(db, { documentId, authorId: boris });
    expect(await db.revision.count()).toBeGreaterThan(before);
    const { entries } = await listActivity(db, { documentId, limit: 2 });
    expect(entries[0]).toMatchObject({ source: "alignment", kind: "undo", operation: "merge", author: { handle: "boris" } });
    expect(entries[1]).toMatchObject({ source: "revision", author: { handle: "boris" }, cell: { rowNumber: 5, language: "ru" } });
  });

  it("pages by cursor: the pages together are the whole feed, in order, without repeats", async ({ db, documentId, ana }) => {
    // Written between two page reads: later than the feed being paged, so it appears on none of its pages.
    const whole = await listActivity(db, { documentId, limit: 200 });
    expect(whole.next).toBeNull();
    const paged: ActivityEntry[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listActivity(db, { documentId, limit: 3, before });
      paged.push(...page.entries);
      before = page.next ?? undefined;
      pages += 1;
      if (pages === 1) await edit(db, 9, "en", "Written while someone reads the feed.", ana);
    } while (before);
    expect(pages).toBe(Math.ceil(whole.entries.length / 3));
    expect(paged.map((entry) => entry.cursor)).toEqual(whole.entries.map((entry) => entry.cursor));
  });

  it("shows only the document asked for", async ({ db, documentId, ana }) => {
    const other = await seedDocument(db, { slug: "other-document", rows: 4, authorId: ana });
    const cell = await db.cell.findFirstOrThrow({ where: { segment: { documentId: other.documentId }, text: { not: "" } } });
    await saveCell(db, cell.id, { text: "Only in the other document.", baseRevisionId: cell.headRevisionId }, { authorId: ana });

    const speech = await listActivity(db, { documentId, limit: 200 });
    expect(speech.entries.some((entry) => entry.source === "revision" && entry.cell.id === cell.id)).toBe(false);
    expect(speech.entries.every((entry) => !("cell" in entry) || entry.cell.documentId === documentId)).toBe(true);
    const otherFeed = await listActivity(db, { documentId: other.documentId, limit: 200 });
    expect(otherFeed.entries).toHaveLength(2);
    expect(otherFeed.entries[0]).toMatchObject({ source: "revision", author: { handle: "ana" }, cell: { id: cell.id } });
    expect(otherFeed.entries[1]).toMatchObject({ source: "alignment", kind: "import", author: { handle: "ana" } });
  });

  it("refuses a cursor it did not make, and an unknown document", async ({ db, documentId }) => {
    await expect(listActivity(db, { documentId, before: "yesterday" })).rejects.toMatchObject({ status: 400 });
    await expect(listActivity(db, { documentId: 999_999 })).rejects.toMatchObject({ status: 404 });
  });
});

describe("GET /api/documents/:slug/activity", () => {
  it("answers readers of a public document, pages with `before`, and refuses bad input", async ({ db }) => {
    const first = await call(SPEECH_SLUG, "?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    const second = await call(SPEECH_SLUG, `?limit=2&before=${encodeURIComponent(first.body.next!)}`);
    expect(second.status).toBe(200);
    expect(second.body.entries[0]!.cursor).not.toBe(first.body.entries[1]!.cursor);
    const all = await listActivity(db, {
      documentId: (await db.document.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).id,
      limit: 4,
    });
    expect([...first.body.entries, ...second.body.entries].map((entry) => entry.cursor)).toEqual(all.entries.map((entry) => entry.cursor));

    expect((await call(SPEECH_SLUG, "?before=nonsense")).status).toBe(400);
    expect((await call(SPEECH_SLUG, "?limit=0")).status).toBe(400);
    expect((await call("no-such-document")).status).toBe(404);
  });

  it("asks a reader of a private document to sign in, and answers a viewer", async ({ db }) => {
    expect((await call("other-document")).status).toBe(401);
    const viewer = await addPerson(db, "vicky", "viewer");
    const answered = await call("other-document", "", await tokenHeaders(db, viewer));
    expect(answered.status).toBe(200);
    expect(answered.body.entries.length).toBeGreaterThan(0);
  });
});
