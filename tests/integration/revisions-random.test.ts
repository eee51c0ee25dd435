import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createSnapshot, diffDocument, type DocumentAt, readDocumentAt, revertCell } from "@/lib/revisions";
import { deleteSegment, insertSegment, mergeSegmentWithNext, moveSegment, restoreSegment, shiftCell, splitSegment } from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { addUser, test } from "../helpers/fixtures";
import { prng } from "../helpers/prng";
import { LANGUAGES, liveGrid, seedDocument } from "../helpers/seed-document";
import { redoLatest, undoLatest } from "../helpers/undo";

const it = test
  .extend("systemId", { scope: "file", auto: true }, async ({ db }) => (await ensureSystemUser(db)).id)
  .extend("authorId", { scope: "file", auto: true }, ({ db }) => addUser(db, "random", "Random Editor"));

const SEED = Number(process.env.REVISIONS_SEED ?? 20_261_201);
const STEPS = Number(process.env.REVISIONS_STEPS ?? 60);
const CODES = LANGUAGES.map((language) => language.code);
const REFUSALS = new Set([
  "no_next_segment",
  "shift_blocked",
  "no_previous_segment",
  "nothing_to_shift",
  "undo_target_changed",
  "cell_changed",
  "segment_not_deleted",
]);

async function liveDocument(db: Db, documentId: number): Promise<DocumentAt> {
  const grid = await liveGrid(db, documentId);
  return {
    languages: LANGUAGES.map(({ code, label }) => ({ code, label })),
    rows: grid.map((row, index) => ({
      segmentId: row.id,
      number: index + 1,
      cells: Object.fromEntries(CODES.map((code) => [code, { revisionId: row.cells[code]!.headRevisionId, text: row.cells[code]!.text }])),
    })),
  };
}

describe(`random editing and time travel (seed ${SEED})`, { timeout: 300_000 }, () => {
  it("rebuilds every snapshot from history, and diffs between any two account for every row", async ({ db, systemId, authorId }) => {
    const random = prng(SEED);
    const { documentId } = await seedDocument(db, { slug: "random-history", rows: 10, authorId: systemId });
    const deleted: number[] = [];
    const taken: { snapshotId: number; shown: DocumentAt }[] = [];
    const done = new Set<string>();

    for (let step = 0; step < STEPS; step++) {
      const grid = await liveGrid(db, documentId);
      const row = random.pick(grid);
      const code = random.pick(CODES);
      const cell = row.cells[code]!;
      const kind = random.pick([
        "edit",
        "edit",
        "revert",
        "split",
        "merge",
        "shift",
        "insert",
        "delete",
        "restore",
        "move",
        "undo",
        "undo",
        "redo",
      ]);
      try {
        switch (kind) {
          case "edit":
            await saveCell(db, cell.id, { text: `${cell.text} edit${step}.`, baseRevisionId: cell.headRevisionId }, { authorId });
            break;
          case "revert": {
            const revisions = await db.revision.findMany({ where: { cellId: cell.id }, select: { id: true } });
            if (revisions.length)
              await revertCell(db, {
                cellId: cell.id,
                toRevisionId: random.pick(revisions).id,
                baseRevisionId: cell.headRevisionId,
                authorId,
              });
            break;
          }
          case "split": {
            const at = cell.text.indexOf(" ", random.below(cell.text.length));
            if (at > 0)
              await splitSegment(db, { segmentId: row.id, languageCode: code, offset: at, splitOthers: random.below(2) === 0, authorId });
            break;
          }
          case "merge":
            await mergeSegmentWithNext(db, { segmentId: row.id, authorId });
            break;
          case "shift":
            await shiftCell(db, { segmentId: row.id, languageCode: code, direction: random.pick(["up", "down"] as const), authorId });
            break;
          case "insert":
            await insertSegment(db, { segmentId: row.id, where: random.pick(["above", "below"] as const), authorId });
            break;
          case "delete":
            if (grid.length > 2) deleted.push((await deleteSegment(db, { segmentId: row.id, authorId })).segmentId);
            break;
          case "restore":
            if (deleted.length) await restoreSegment(db, { segmentId: deleted.splice(random.below(deleted.length), 1)[0]!, authorId });
            break;
          case "move":
            await moveSegment(db, { segmentId: row.id, toIndex: random.below(grid.length), authorId });
            break;
          case "undo":
            await undoLatest(db, { documentId, authorId });
            break;
          case "redo":
            await redoLatest(db, { documentId, authorId });
            break;
        }
        done.add(kind);
      } catch (error) {
        if (!(error instanceof AppError && REFUSALS.has(error.code))) throw error;
      }
      if (step % 3 === 0) {
        const shown = await liveDocument(db, documentId);
        taken.push({ snapshotId: (await createSnapshot(db, { documentId, name: `step ${step}`, authorId })).id, shown });
      }
    }

    // The sequence must exercise every kind of step, or the checks below prove little.
    expect([...done].sort()).toEqual(["delete", "edit", "insert", "merge", "move", "redo", "restore", "revert", "shift", "split", "undo"]);

    for (const { snapshotId, shown } of taken) {
      const snapshot = await db.snapshot.findUniqueOrThrow({ where: { id: snapshotId }, select: { name: true, createdAt: true } });
      expect(await readDocumentAt(db, { documentId, at: { snapshotId } }), snapshot.name).toEqual(shown);
      expect(await readDocumentAt(db, { documentId, at: { time: snapshot.createdAt } }), `rebuilt at ${snapshot.name}`).toEqual(shown);
    }

    // Every row of either version is exactly one of: in both, added, split, removed, merged.
    for (let i = 0; i + 1 < taken.length; i += 2) {
      const [from, to] = [taken[i]!, taken[(i * 7 + 3) % taken.length]!];
      const diff = await diffDocument(db, { documentId, from: { snapshotId: from.snapshotId }, to: { snapshotId: to.snapshotId } });
      const toIds = new Set(to.shown.rows.map((row) => row.segmentId));
      const common = from.shown.rows.filter((row) => toIds.has(row.segmentId)).length;
      expect(common + diff.summary.added + diff.summary.split, "rows of the later version").toBe(to.shown.rows.length);
      expect(common + diff.summary.removed + diff.summary.merged, "rows of the earlier version").toBe(from.shown.rows.length);
      const changed = from.shown.rows.flatMap((row) => {
        const other = to.shown.rows.find((candidate) => candidate.segmentId === row.segmentId);
        return other ? CODES.filter((code) => other.cells[code]!.revisionId !== row.cells[code]!.revisionId) : [];
      });
      expect(diff.summary.changedCells).toBe(changed.length);
      for (const cell of diff.changedCells) {
        const side = (keep: string) =>
          cell.ops
            .filter((op) => op.op === "equal" || op.op === keep)
            .map((op) => op.text)
            .join("");
        const before = from.shown.rows.find((row) => row.segmentId === cell.segmentId)!.cells[cell.language]!.text;
        expect([side("delete"), side("insert")]).toEqual([before, to.shown.rows[cell.number - 1]!.cells[cell.language]!.text]);
      }
    }
  });
});
