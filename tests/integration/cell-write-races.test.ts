import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { createDb, type Db } from "@/lib/db/client";
import { queuedRechecksDone } from "@/lib/documents/checks-store";
import { createDocument } from "@/lib/documents/create-document";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { isAppError } from "@/lib/errors";
import { decideReview, decideReviews } from "@/lib/revisions";
import { mergeSegmentWithNext } from "@/lib/segments/merge-segment";
import { addUser, speechTest } from "../helpers/fixtures";

// Races between writes, run concurrently many times. On the Postgres server
// the two writes really overlap; the embedded database serves one
// transaction at a time, so there they only show that either order is
// answered correctly. Each round asserts what must hold whichever write won.
const it = speechTest
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"))
  .extend("vera", { scope: "file", auto: true }, ({ db }) => addUser(db, "vera", "Vera"));

const row = async (db: Db, number: number) => (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!;

/** The outcome of a write: "ok", or the code it was refused with (anything else fails the test). */
const outcome = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => "ok",
    (error: unknown) => {
      if (isAppError(error) && error.status === 409) return error.code;
      throw error;
    },
  );

/** The row a third session holds while two writes queue behind it: a document (as a structural operation does) or a cell. */
type Held = { document: number } | { cell: number };

/**
 * Starts two writes in a given order while a third session holds a lock they
 * both need, waiting until each queues behind it, then lets them go: on the
 * Postgres server they take the lock in that order. Each write gets its own
 * client, under its own application_name, so the wait watches that write's
 * session queued behind the held lock and no other; the re-checks earlier
 * writes queued run first, since they lock cells too. On Postgres a write
 * that never queues fails the test. The embedded database queues whole
 * transactions, in the order they began, so there the order holds too (no
 * session shows as waiting there: each wait gives up after a moment).
 */
async function inOrder<A, B>(url: string, held: Held, first: (db: Db) => Promise<A>, second: (db: Db) => Promise<B>): Promise<[A, B]> {
  await queuedRechecksDone();
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  const [firstName, secondName] = ["first write", "second write"];
  const [firstDb, secondDb] = [firstName, secondName].map((name) => createDb(url, { application_name: name })) as [Db, Db];
  const onPostgres = Boolean(process.env.DATABASE_URL);
  const queued = async (name: string) => {
    const deadline = Date.now() + (onPostgres ? 20_000 : 1_000);
    while (Date.now() < deadline) {
      // Inside a transaction Postgres shows pg_stat_activity as it was at the first look, unless told to look again.
      await blocker.query("SELECT pg_stat_clear_snapshot()");
      const { rowCount } = await blocker.query(
        // Waiting on the held lock itself, or behind the first write in its queue.
        `SELECT 1 FROM pg_stat_activity, pg_blocking_pids(pid) AS blockers
          WHERE datname = current_database() AND application_name = $1 AND wait_event_type = 'Lock'
            AND EXISTS (SELECT 1 FROM pg_stat_activity AS ahead WHERE ahead.pid = ANY(blockers) AND (ahead.pid = pg_backend_pid() OR ahead.application_name = $2))`,
        [name, firstName],
      );
      if (rowCount) return;
      await sleep(20);
    }
    if (onPostgres) throw new Error(`The ${name} never queued behind the held lock`);
  };
  try {
    await blocker.query("BEGIN");
    if ("document" in held) await blocker.query('SELECT id FROM "Document" WHERE id = $1 FOR NO KEY UPDATE', [held.document]);
    else await blocker.query('SELECT id FROM "Cell" WHERE id = $1 FOR UPDATE', [held.cell]);
    const a = first(firstDb);
    await queued(firstName);
    const b = second(secondDb);
    await queued(secondName);
    await blocker.query("COMMIT");
    return await Promise.all([a, b]);
  } finally {
    await blocker.end();
    await Promise.all([firstDb.$disconnect(), secondDb.$disconnect()]);
  }
}

describe("concurrent writes of one cell", () => {
  it("two saves on the same base: exactly one is saved, the other gets cell_conflict", async ({ db, ana, boris }) => {
    for (let number = 1; number <= 12; number++) {
      const seen = await row(db, number);
      const en = seen.cells.en!;
      const revisions = await db.revision.count({ where: { cellId: en.id } });
      const save = (text: string, authorId: number) =>
        outcome(saveCell(db, en.id, { text, baseRevisionId: en.headRevisionId, segmentId: seen.id }, { authorId }));
      const results = await Promise.all([save(`Ana ${number}.`, ana), save(`Boris ${number}.`, boris)]);
      expect([...results].sort()).toEqual(["cell_conflict", "ok"]);
      expect(await db.revision.count({ where: { cellId: en.id } })).toBe(revisions + 1);
      const cell = await db.cell.findUniqueOrThrow({ where: { id: en.id } });
      expect(cell.text).toBe(results[0] === "ok" ? `Ana ${number}.` : `Boris ${number}.`);
      expect(cell.version).toBe(en.version + 1);
    }
  });

  it("a save racing a merge of its row lands before the merge (which carries it) or gets row_deleted", async ({ db, ana, boris }) => {
    for (let round = 0; round < 10; round++) {
      const [upper, lower] = [await row(db, 20 + round), await row(db, 21 + round)];
      const en = lower.cells.en!;
      const text = `Saved while merging, round ${round}.`;
      const [saved] = await Promise.all([
        outcome(saveCell(db, en.id, { text, baseRevisionId: en.headRevisionId, segmentId: lower.id }, { authorId: ana })),
        mergeSegmentWithNext(db, { segmentId: upper.id, authorId: boris }),
      ]);
      expect(["ok", "row_deleted"]).toContain(saved);
      const lowerText = saved === "ok" ? text : en.text;
      expect((await row(db, 20 + round)).cells.en!.text).toBe(`${upper.cells.en!.text} ${lowerText}`);
      // No revision was written to the row after it was merged away.
      const merge = await db.alignmentChange.findFirstOrThrow({ where: { kind: "merge" }, orderBy: { id: "desc" } });
      const late = await db.revision.count({ where: { cellId: en.id, createdAt: { gt: merge.createdAt } } });
      expect(late).toBe(0);
      const head = (await db.cell.findUniqueOrThrow({ where: { id: en.id } })).headRevisionId;
      if (saved === "ok") expect(head).not.toBe(en.headRevisionId);
      else expect(head).toBe(en.headRevisionId);
    }
  });

  it("a save queued behind a merge of its row gets row_deleted; queued before it, the merge carries it", async ({
    db,
    url,
    documentId,
    ana,
    boris,
  }) => {
    for (const saveFirst of [false, true]) {
      const [upper, lower] = [await row(db, 15), await row(db, 16)];
      const en = lower.cells.en!;
      const text = `Saved ${saveFirst ? "before" : "after"} the merge.`;
      const save = (session: Db) =>
        outcome(saveCell(session, en.id, { text, baseRevisionId: en.headRevisionId, segmentId: lower.id }, { authorId: ana }));
      const merge = (session: Db) => mergeSegmentWithNext(session, { segmentId: upper.id, authorId: boris });
      const saved = saveFirst
        ? (await inOrder(url, { document: documentId }, save, merge))[0]
        : (await inOrder(url, { document: documentId }, merge, save))[1];
      expect(saved).toBe(saveFirst ? "ok" : "row_deleted");
      expect((await row(db, 15)).cells.en!.text).toBe(`${upper.cells.en!.text} ${saveFirst ? text : en.text}`);
    }
  });

  it("a review decision queued behind a save of its cell is refused; queued before it, the save sends the approved cell back", async ({
    db,
    url,
    documentId,
    ana,
    vera,
  }) => {
    for (const saveFirst of [true, false]) {
      const en = (await row(db, saveFirst ? 44 : 46)).cells.en!;
      const text = `Saved ${saveFirst ? "before" : "after"} the decision.`;
      const save = (session: Db) => outcome(saveCell(session, en.id, { text, baseRevisionId: en.headRevisionId }, { authorId: ana }));
      const decide = (session: Db) =>
        outcome(decideReview(session, { documentId, cellId: en.id, revisionId: en.headRevisionId, verdict: "approve", reviewerId: vera }));
      const [saved, decided] = saveFirst
        ? await inOrder(url, { cell: en.id }, save, decide)
        : (await inOrder(url, { cell: en.id }, decide, save)).reverse();
      expect([saved, decided]).toEqual(saveFirst ? ["ok", "review_conflict"] : ["ok", "ok"]);
      expect(await db.cell.findUniqueOrThrow({ where: { id: en.id } })).toMatchObject({
        text,
        status: "translated",
        approvedRevisionId: saveFirst ? null : en.headRevisionId,
      });
    }
  });

  it("a save racing a review decision: the decision is on the head it saw or refused, never a lost update", async ({
    db,
    documentId,
    ana,
    vera,
  }) => {
    for (let number = 32; number <= 43; number++) {
      const en = (await row(db, number)).cells.en!;
      const text = `Edited during review ${number}.`;
      const [saved, decided] = await Promise.all([
        outcome(saveCell(db, en.id, { text, baseRevisionId: en.headRevisionId }, { authorId: ana })),
        outcome(decideReview(db, { documentId, cellId: en.id, revisionId: en.headRevisionId, verdict: "approve", reviewerId: vera })),
      ]);
      expect(saved).toBe("ok");
      expect(["ok", "review_conflict"]).toContain(decided);
      const cell = await db.cell.findUniqueOrThrow({ where: { id: en.id } });
      expect(cell.text).toBe(text);
      if (decided === "ok") {
        // Approved first, then edited: the approval stays on the text it saw and the edit sends the cell back to review.
        expect(cell).toMatchObject({ approvedRevisionId: en.headRevisionId, status: "translated" });
        const decision = await db.reviewDecision.findFirstOrThrow({ where: { cellId: en.id }, orderBy: { id: "desc" } });
        expect(decision.revisionId).toBe(en.headRevisionId);
      } else {
        expect(await db.reviewDecision.count({ where: { cellId: en.id } })).toBe(0);
        expect(cell.status).toBe("translated");
      }
    }
  });
});

describe("writes that lock several cells", () => {
  it("a save of the original (which flags its row stale) and a review of that row, queued together, never deadlock", async ({
    db,
    url,
    ana,
    vera,
  }) => {
    // Review locks cells in id order; here the translation's cell has the lower id, so a save that
    // locked the original's cell first and then flagged the translation would wait for the review
    // while the review waits for it.
    const document = await createDocument(
      db,
      {
        slug: "translation-first",
        title: "Translation first",
        languages: [
          { code: "en", label: "English", isOriginal: false, provenance: "", paragraphs: ["One.", "Two."] },
          { code: "ru", label: "Русский", isOriginal: true, provenance: "", paragraphs: ["Один.", "Два."] },
        ],
      },
      { authorId: ana },
    );
    const [first] = (await getRows(db, "translation-first", { offset: 0, limit: 1 })).rows;
    const [translation, original] = [first!.cells.en!, first!.cells.ru!];
    expect(translation.id).toBeLessThan(original.id);
    const review = (session: Db) =>
      decideReviews(session, {
        documentId: document.id,
        reviewerId: vera,
        decisions: [translation, original].map((cell) => ({
          cellId: cell.id,
          revisionId: cell.headRevisionId,
          verdict: "approve" as const,
        })),
      });
    const save = (session: Db) =>
      saveCell(session, original.id, { text: "Один!", baseRevisionId: original.headRevisionId, segmentId: first!.id }, { authorId: ana });
    const [decided, saved] = await inOrder(
      url,
      { cell: translation.id },
      (session) => outcome(review(session)),
      (session) => outcome(save(session)),
    );
    expect(saved).toBe("ok");
    // Queued first, the review approved both heads it saw; the save then changed the original and flagged the translation.
    expect(decided).toBe("ok");
    const cells = await db.cell.findMany({ where: { segmentId: first!.id }, orderBy: { id: "asc" } });
    expect(cells.map((cell) => [cell.text, cell.status, cell.stale])).toEqual([
      ["One.", "approved", true],
      ["Один!", "translated", false],
    ]);
  });
});

describe("the history of a cell cannot fork", () => {
  it("refuses a second child of a revision (a write that skipped the lock), while first revisions need no parent", async ({ db, ana }) => {
    const en = (await row(db, 45)).cells.en!;
    const child = await saveCell(db, en.id, { text: "The one child.", baseRevisionId: en.headRevisionId }, { authorId: ana });
    const sibling = db.revision.create({
      data: { cellId: en.id, text: "A sibling.", parentId: en.headRevisionId, authorId: ana, kind: "edit" },
    });
    await expect(sibling).rejects.toMatchObject({ code: "P2002" });
    expect(await db.revision.count({ where: { parentId: en.headRevisionId } })).toBe(1);
    // Roots (parentId null) are many: every cell's first revision is one.
    const root = await db.revision.create({ data: { cellId: en.id, text: "Another root.", authorId: ana, kind: "import" } });
    expect(root.parentId).toBeNull();
    expect(child.revision!.id).toBeLessThan(root.id);
  });
});
