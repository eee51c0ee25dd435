import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { sidesOf, type DiffOp } from "@/lib/diff";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { decideReview, decideReviews, listReviewDecisions } from "@/lib/revisions/review";
import { getReviewQueue } from "@/lib/revisions/review-queue";
import { failureOf } from "../helpers/errors";
import { addUser, speechTest } from "../helpers/fixtures";

type QueueInput = Omit<Parameters<typeof getReviewQueue>[1], "documentId">;

const it = speechTest
  .extend("ana", { scope: "file", auto: true }, ({ db }) => addUser(db, "ana", "Ana"))
  .extend("boris", { scope: "file", auto: true }, ({ db }) => addUser(db, "boris", "Boris"))
  .extend("vera", { scope: "file", auto: true }, ({ db }) => addUser(db, "vera", "Vera"))
  .extend("queue", { scope: "file" }, ({ db, documentId }) => {
    // The speech's review queue, page by page.
    return (input: QueueInput = {}) => getReviewQueue(db, { documentId, ...input });
  });

const cellAt = async (db: Db, number: number, code: "ru" | "en") =>
  (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!.cells[code]!;
const edit = async (db: Db, number: number, code: "ru" | "en", text: string, authorId: number) => {
  const cell = await cellAt(db, number, code);
  return (await saveCell(db, cell.id, { text, baseRevisionId: cell.headRevisionId }, { authorId })).cell;
};
const before = (ops: DiffOp[]) => sidesOf(ops).before;
const after = (ops: DiffOp[]) => sidesOf(ops).after;
const written = async (db: Db) => ({ revisions: await db.revision.count(), decisions: await db.reviewDecision.count() });
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

// Import texts of the rows the tests change, kept before they change.
const imported = new Map<string, { id: number; text: string; revisionId: number }>();

describe("getReviewQueue", () => {
  it("lists every never-approved cell as wholly new, in row and column order, with status counts", async ({ db, queue }) => {
    const all = await queue({ limit: 4 });
    expect(all.total).toBe(120);
    expect(all.counts).toEqual({ draft: 60, translated: 60, reviewed: 0, approved: 0 });
    expect(all.items.map((item) => [item.rowNumber, item.language])).toEqual([
      [1, "ru"],
      [1, "en"],
      [2, "ru"],
      [2, "en"],
    ]);
    const first = all.items[0]!;
    expect(first.base).toEqual({ revisionId: null, text: "" });
    expect(first.head).toMatchObject({ author: { name: "Parallel" } });
    expect(first.ops).toEqual([{ op: "insert", text: first.head.text }]);

    const english = await queue({ languages: ["en"], offset: 10, limit: 2 });
    expect(english).toMatchObject({ total: 60, counts: { draft: 0, translated: 60, approved: 0 } });
    expect(english.items.map((item) => [item.rowNumber, item.language])).toEqual([
      [11, "en"],
      [12, "en"],
    ]);
    for (const number of [3, 5, 6, 7, 9, 10, 11]) {
      for (const code of ["ru", "en"] as const) {
        const cell = await cellAt(db, number, code);
        imported.set(`${number}${code}`, { id: cell.id, text: cell.text, revisionId: cell.headRevisionId! });
      }
    }
  });

  it("after approval holds only what changed, as word diffs from the approved text", async ({
    db,
    ana,
    boris,
    vera,
    queue,
    documentId,
  }) => {
    const english = await queue({ languages: ["en"], limit: 1000 });
    const approved = await decideReviews(db, {
      documentId,
      reviewerId: vera,
      decisions: english.items.map((item) => ({ cellId: item.cellId, revisionId: item.head.id, verdict: "approve" as const })),
    });
    expect(approved).toHaveLength(60);
    expect(await queue({ languages: ["en"] })).toMatchObject({ total: 0, items: [], counts: { translated: 0, approved: 60 } });

    const row3 = imported.get("3en")!;
    await edit(db, 3, "en", row3.text.replace(/^\S+/, "Friends,"), ana);
    // Edited and put back by hand: the same text, but a head nobody approved.
    await edit(db, 9, "en", "Something else.", boris);
    await edit(db, 9, "en", imported.get("9en")!.text, boris);

    const changed = await queue({ languages: ["en"] });
    expect(changed).toMatchObject({ total: 2, counts: { translated: 2, approved: 58 } });
    expect(changed.items.map((item) => item.rowNumber)).toEqual([3, 9]);
    expect(changed.items[1]!.ops).toEqual([{ op: "equal", text: imported.get("9en")!.text }]);
    const item = changed.items[0]!;
    expect(item).toMatchObject({ rowNumber: 3, language: "en", status: "translated", head: { author: { name: "Ana" } } });
    expect(item.base).toEqual({ revisionId: row3.revisionId, text: row3.text });
    expect(before(item.ops)).toBe(row3.text);
    expect(after(item.ops)).toBe(item.head.text);
    expect(
      item.ops
        .filter((op) => op.op === "insert")
        .map((op) => op.text)
        .join(""),
    ).toContain("Friends");
    expect(item.ops.some((op) => op.op === "equal")).toBe(true);
  });

  it("since a snapshot holds the cells whose head moved after it, compared with the snapshot's text", async ({
    db,
    documentId,
    ana,
    boris,
    vera,
    queue,
  }) => {
    const rows = (await getRows(db, SPEECH_SLUG, { limit: 1000 })).rows;
    const state = {
      format: 1,
      rows: rows.map((row) => ({ segmentId: row.id, cells: { ru: row.cells.ru!.headRevisionId, en: row.cells.en!.headRevisionId } })),
    };
    const snapshot = await db.snapshot.create({ data: { documentId, name: "before round 2", authorId: vera, state } });

    await edit(db, 5, "en", "Row five, rewritten.", ana);
    await edit(db, 6, "ru", "Шестой абзац, заново.", boris);
    const since = await queue({ since: { snapshotId: snapshot.id } });
    expect(since.items.map((item) => [item.rowNumber, item.language])).toEqual([
      [5, "en"],
      [6, "ru"],
    ]);
    expect(since.total).toBe(2);
    expect(since.items[0]!.base).toEqual({ revisionId: imported.get("5en")!.revisionId, text: imported.get("5en")!.text });
    expect(since.items[1]!.ops).toEqual(expect.arrayContaining([{ op: "insert", text: expect.stringContaining("заново") }]));
    expect((await queue({ since: { snapshotId: snapshot.id }, languages: ["ru"] })).items.map((item) => item.rowNumber)).toEqual([6]);

    expect(await failureOf(queue({ since: { snapshotId: 999_999 } }))).toMatchObject({ status: 404, code: "snapshot_not_found" });
  });

  it("since a moment holds the cells whose head moved after it", async ({ db, boris, queue }) => {
    await pause();
    const moment = new Date();
    await pause();
    await edit(db, 7, "en", "Row seven, rewritten.", boris);
    const since = await queue({ since: { time: moment } });
    expect(since.items.map((item) => [item.rowNumber, item.language, item.base.text])).toEqual([[7, "en", imported.get("7en")!.text]]);
    expect(since.items[0]!.ops).toEqual(expect.arrayContaining([{ op: "insert", text: expect.stringContaining("rewritten") }]));
    // The API's form of a moment works too.
    expect((await queue({ since: { time: moment.toISOString() } })).total).toBe(1);
  });

  it("answers 404 for an unknown document or language and 400 for a bad page", async ({ db, queue }) => {
    expect(await failureOf(getReviewQueue(db, { documentId: 999_999 }))).toMatchObject({ status: 404 });
    expect(await failureOf(queue({ languages: ["de"] }))).toMatchObject({ status: 404, message: expect.stringContaining("de") });
    expect(await failureOf(queue({ limit: 0 }))).toMatchObject({ status: 400, message: expect.stringContaining("limit") });
  });
});

describe("decideReview", () => {
  it("approves the head: approved revision, status and a decision row", async ({ db, vera, queue, documentId }) => {
    const cell = await cellAt(db, 3, "en");
    const outcome = await decideReview(db, {
      cellId: cell.id,
      revisionId: cell.headRevisionId,
      verdict: "approve",
      documentId,
      reviewerId: vera,
    });
    expect(outcome).toMatchObject({
      revertRevisionId: null,
      cell: { status: "approved", approvedRevisionId: cell.headRevisionId, text: cell.text },
    });
    expect(await db.reviewDecision.findUniqueOrThrow({ where: { id: outcome.decisionId } })).toMatchObject({
      cellId: cell.id,
      revisionId: cell.headRevisionId,
      verdict: "approve",
      reviewerId: vera,
      note: null,
    });
    expect((await queue({ languages: ["en"] })).items.map((item) => item.rowNumber)).not.toContain(3);
  });

  it("rejects the head: the approved text comes back as a new revert revision, status translated", async ({
    db,
    vera,
    queue,
    documentId,
  }) => {
    const cell = await cellAt(db, 5, "en");
    const outcome = await decideReview(db, {
      cellId: cell.id,
      revisionId: cell.headRevisionId,
      verdict: "reject",
      documentId,
      reviewerId: vera,
      note: "Wrong term",
    });
    const original = imported.get("5en")!;
    expect(outcome.cell).toMatchObject({
      text: original.text,
      status: "translated",
      approvedRevisionId: original.revisionId,
      headRevisionId: outcome.revertRevisionId,
    });
    expect(await db.revision.findUniqueOrThrow({ where: { id: outcome.revertRevisionId! } })).toMatchObject({
      kind: "revert",
      parentId: cell.headRevisionId,
      authorId: vera,
      text: original.text,
      note: expect.stringMatching(/Rejected.*Wrong term/),
    });
    expect(await db.reviewDecision.findUniqueOrThrow({ where: { id: outcome.decisionId } })).toMatchObject({
      revisionId: cell.headRevisionId,
      verdict: "reject",
      note: "Wrong term",
    });
    // The rejected text stays in history; the queue shows the approved text back, unchanged, to approve again.
    expect(await db.revision.findUniqueOrThrow({ where: { id: cell.headRevisionId! } })).toMatchObject({ text: "Row five, rewritten." });
    const item = (await queue({ languages: ["en"] })).items.find((candidate) => candidate.rowNumber === 5)!;
    expect(item.ops).toEqual([{ op: "equal", text: original.text }]);
  });

  it("rejects never-approved text back to empty, status draft", async ({ db, vera, documentId }) => {
    const cell = await cellAt(db, 6, "ru");
    const outcome = await decideReview(db, {
      cellId: cell.id,
      revisionId: cell.headRevisionId,
      verdict: "reject",
      documentId,
      reviewerId: vera,
      note: "Not the speaker's words",
    });
    expect(outcome.cell).toMatchObject({ text: "", status: "draft", approvedRevisionId: null });
    expect(outcome.revertRevisionId).not.toBeNull();
  });

  it("withdraws the approval when the rejected head is the approved revision", async ({ db, vera, queue, documentId }) => {
    const cell = await cellAt(db, 10, "en");
    const outcome = await decideReview(db, {
      cellId: cell.id,
      revisionId: cell.headRevisionId,
      verdict: "reject",
      documentId,
      reviewerId: vera,
      note: "Approved too soon",
    });
    expect(outcome).toMatchObject({
      revertRevisionId: null,
      cell: { text: cell.text, status: "translated", approvedRevisionId: null, headRevisionId: cell.headRevisionId },
    });
    const item = (await queue({ languages: ["en"] })).items.find((candidate) => candidate.rowNumber === 10)!;
    expect(item.base).toEqual({ revisionId: null, text: "" });
  });

  it("refuses a rejection without a note (400) and a head that moved on (409), writing nothing", async ({ db, vera, documentId }) => {
    const cell = await cellAt(db, 7, "en");
    const count = await written(db);
    const noNote = await failureOf(
      decideReview(db, { cellId: cell.id, revisionId: cell.headRevisionId, verdict: "reject", documentId, reviewerId: vera, note: "  " }),
    );
    expect(noNote).toMatchObject({
      status: 400,
      code: "invalid_input",
      message: expect.stringContaining("note: a rejection needs a note"),
    });

    const moved = await failureOf(
      decideReview(db, { cellId: cell.id, revisionId: imported.get("7en")!.revisionId, verdict: "approve", documentId, reviewerId: vera }),
    );
    expect(moved).toMatchObject({ status: 409, code: "review_conflict", message: expect.stringContaining("row 7 (en)") });
    expect(moved.details).toEqual({
      cells: [{ cellId: cell.id, reviewedRevisionId: imported.get("7en")!.revisionId, headRevisionId: cell.headRevisionId }],
    });

    expect(await written(db)).toEqual(count);
    expect(await cellAt(db, 7, "en")).toMatchObject({ status: "translated", headRevisionId: cell.headRevisionId });
    expect(
      await failureOf(decideReview(db, { cellId: 999_999, revisionId: null, verdict: "approve", documentId, reviewerId: vera })),
    ).toMatchObject({
      status: 404,
    });
    expect(
      await failureOf(
        decideReview(db, { cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve", documentId, reviewerId: 999_999 }),
      ),
    ).toMatchObject({
      status: 404,
      code: "user_not_found",
    });
  });
});

describe("decideReviews", () => {
  it("applies all decisions or none, naming every cell that moved on", async ({ db, ana, vera, documentId }) => {
    const seven = await cellAt(db, 7, "en");
    const eleven = await cellAt(db, 11, "ru");
    await edit(db, 11, "ru", "Одиннадцатый абзац, по-новому.", ana);
    const count = await written(db);
    const refused = await failureOf(
      decideReviews(db, {
        documentId,
        reviewerId: vera,
        decisions: [
          { cellId: seven.id, revisionId: seven.headRevisionId, verdict: "approve" },
          { cellId: eleven.id, revisionId: eleven.headRevisionId, verdict: "reject", note: "Too free" },
        ],
      }),
    );
    expect(refused).toMatchObject({ status: 409, message: expect.stringContaining("row 11 (ru)") });
    expect(refused.message).not.toContain("row 7");
    expect(await written(db)).toEqual(count);
    expect(await cellAt(db, 7, "en")).toMatchObject({ status: "translated" });

    const current = await cellAt(db, 11, "ru");
    const outcomes = await decideReviews(db, {
      documentId,
      reviewerId: vera,
      decisions: [
        { cellId: current.id, revisionId: current.headRevisionId, verdict: "reject", note: "Too free" },
        { cellId: seven.id, revisionId: seven.headRevisionId, verdict: "approve" },
      ],
    });
    expect(outcomes.map((outcome) => [outcome.cell.id, outcome.cell.status, outcome.cell.text])).toEqual([
      [current.id, "draft", ""],
      [seven.id, "approved", "Row seven, rewritten."],
    ]);
    expect(await written(db)).toEqual({ revisions: count.revisions + 1, decisions: count.decisions + 2 });
  });

  it("refuses a cell decided twice (400) and an unknown cell (404)", async ({ db, vera, documentId }) => {
    const cell = await cellAt(db, 12, "en");
    const decision = { cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve" as const };
    expect(await failureOf(decideReviews(db, { documentId, reviewerId: vera, decisions: [decision, decision] }))).toMatchObject({
      status: 400,
      message: expect.stringContaining("decisions.1.cellId"),
    });
    const count = await written(db);
    expect(
      await failureOf(
        decideReviews(db, {
          documentId,
          reviewerId: vera,
          decisions: [decision, { cellId: 999_999, revisionId: null, verdict: "approve" }],
        }),
      ),
    ).toMatchObject({ status: 404, message: expect.stringContaining("999999") });
    expect(await written(db)).toEqual(count);
  });
});

describe("listReviewDecisions", () => {
  it("tells who decided what and when, newest first", async ({ db, documentId, boris, vera }) => {
    const five = imported.get("5en")!;
    const decisions = await listReviewDecisions(db, { cellId: five.id, limit: 10 });
    expect(decisions.map((decision) => decision.verdict)).toEqual(["reject", "approve"]);
    expect(decisions[0]).toMatchObject({
      reviewer: { name: "Vera", handle: "vera" },
      note: "Wrong term",
      cell: { id: five.id, documentId, rowNumber: 5, language: "en" },
      revision: { text: "Row five, rewritten." },
    });
    expect(decisions[1]).toMatchObject({ note: null, revision: { id: five.revisionId, text: five.text } });

    const latest = await listReviewDecisions(db, { reviewerId: vera, documentId, limit: 3 });
    expect(latest).toHaveLength(3);
    expect(latest.map((decision) => decision.id)).toEqual([...latest.map((decision) => decision.id)].sort((a, b) => b - a));
    expect(latest[0]!.cell).toMatchObject({ rowNumber: 7, language: "en" });
    expect(await listReviewDecisions(db, { reviewerId: boris, limit: 10 })).toEqual([]);
    expect(await failureOf(listReviewDecisions(db, { limit: 0 }))).toMatchObject({ status: 400 });
  });
});
