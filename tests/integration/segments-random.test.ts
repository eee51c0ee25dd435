import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { AppError } from "@/lib/errors";
import { insertSegment, mergeSegmentWithNext, moveSegment, shiftCell, splitSegment } from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { addUser, test } from "../helpers/fixtures";
import { prng } from "../helpers/prng";
import { counts, type GridRow, LANGUAGES, layout, liveGrid, readingOrder, seedDocument } from "../helpers/seed-document";
import { redoLatest, undoLatest } from "../helpers/undo";

const it = test
  .extend("systemId", { scope: "file", auto: true }, async ({ db }) => (await ensureSystemUser(db)).id)
  .extend("authorId", { scope: "file", auto: true }, ({ db }) => addUser(db, "random", "Random Aligner"));

const SEED = Number(process.env.SEGMENTS_SEED ?? 20_261_130);
const STEPS = Number(process.env.SEGMENTS_STEPS ?? 300);
const CODES = LANGUAGES.map((language) => language.code);

/** Refusals a random operation may legitimately meet; anything else fails the test. */
const EXPECTED_REFUSALS = new Set(["no_next_segment", "shift_blocked", "no_previous_segment", "nothing_to_shift", "undo_target_changed"]);

type Step = { name: string; run: () => Promise<unknown> };

describe(`random alignment work (seed ${SEED})`, { timeout: 600_000 }, () => {
  it("never changes what any language says, and undoing everything gives back the import exactly", async ({ db, systemId, authorId }) => {
    const random = prng(SEED);
    const { documentId } = await seedDocument(db, { slug: "random-work", rows: 12, authorId: systemId });
    let rows = await liveGrid(db, documentId);
    const imported = layout(rows);
    const reading = readingOrder(rows);
    const tally: Record<string, { done: number; refused: number }> = {};

    let previous = "";
    const choose = (rows: GridRow[]): Step => {
      for (;;) {
        const row = random.pick(rows);
        // Right after an undo, often redo: that is when redo has something to do.
        const kind =
          previous === "undo" && random.chance(0.4)
            ? "redo"
            : random.pick([
                "split",
                "split",
                "split",
                "merge",
                "merge",
                "shift",
                "shift",
                "shift",
                "shift",
                "insert",
                "undo",
                "undo",
                "redo",
              ]);
        switch (kind) {
          case "split": {
            // At a whitespace: a cut inside a word would (rightly) change the text by a space.
            const code = random.pick(CODES);
            const text = row.cells[code]!.text;
            const spaces = [...text.matchAll(/\s/g)].map((match) => match.index);
            if (!spaces.length) continue;
            const offset = random.pick(spaces);
            const splitOthers = random.chance(0.5);
            return {
              name: `split row ${row.id} ${code} at ${offset}${splitOthers ? " with others" : ""}`,
              run: () => splitSegment(db, { segmentId: row.id, languageCode: code, offset, splitOthers, authorId }),
            };
          }
          case "merge":
            return { name: `merge row ${row.id}`, run: () => mergeSegmentWithNext(db, { segmentId: row.id, authorId }) };
          case "shift": {
            const code = random.pick(CODES);
            const direction = random.pick(["up", "down"] as const);
            return {
              name: `shift row ${row.id} ${code} ${direction}`,
              run: () => shiftCell(db, { segmentId: row.id, languageCode: code, direction, authorId }),
            };
          }
          case "insert": {
            const where = random.pick(["above", "below"] as const);
            return { name: `insert ${where} row ${row.id}`, run: () => insertSegment(db, { segmentId: row.id, where, authorId }) };
          }
          case "undo":
            return { name: "undo", run: () => undoLatest(db, { documentId, authorId }) };
          default:
            return { name: "redo", run: () => redoLatest(db, { documentId, authorId }) };
        }
      }
    };

    for (let step = 1; step <= STEPS; step++) {
      const { name, run } = choose(rows);
      const kind = name.split(" ")[0]!;
      previous = kind;
      const entry = (tally[kind] ??= { done: 0, refused: 0 });
      const before = await counts(db);
      const context = `seed ${SEED}, step ${step}: ${name}`;
      const outcome = await run().then(
        () => null,
        (error: unknown) => error,
      );
      if (outcome === null) {
        entry.done++;
        const changes = await db.alignmentChange.findMany({ where: { documentId }, orderBy: { id: "desc" }, take: 1 });
        expect(await db.alignmentChange.count(), context).toBe(before.changes + 1);
        expect(changes[0]!.authorId, context).toBe(authorId);
      } else {
        if (!(outcome instanceof AppError) || !EXPECTED_REFUSALS.has(outcome.code))
          throw new Error(`${context} failed: ${String(outcome)}`, { cause: outcome });
        entry.refused++;
        expect(await counts(db), `${context} refused, and must change nothing`).toEqual(before);
      }
      rows = await liveGrid(db, documentId);
      expect(readingOrder(rows), context).toEqual(reading);
    }

    for (const kind of ["split", "merge", "shift", "insert", "undo", "redo"])
      expect(tally[kind]?.done, `${kind} done at least once`).toBeGreaterThan(0);

    // Undo all the way back: the import's exact layout (same cells, same texts, same rows).
    const beforeUndo = layout(await liveGrid(db, documentId));
    let undone = 0;
    for (;;) {
      const outcome = await undoLatest(db, { documentId, authorId }).then(
        () => null,
        (error: unknown) => error,
      );
      if (outcome) {
        expect(outcome).toMatchObject({ code: "undo_target_changed", details: { next: null } });
        break;
      }
      undone++;
      expect(readingOrder(await liveGrid(db, documentId))).toEqual(reading);
    }
    expect(layout(await liveGrid(db, documentId))).toEqual(imported);

    // And all the way forward again.
    for (let i = 0; i < undone; i++) await redoLatest(db, { documentId, authorId });
    expect(layout(await liveGrid(db, documentId))).toEqual(beforeUndo);
    // Undos the random work ended with can still be redone after that.
    while (
      await redoLatest(db, { documentId, authorId }).then(
        () => true,
        () => false,
      )
    ) {
      expect(readingOrder(await liveGrid(db, documentId))).toEqual(reading);
    }
    await expect(redoLatest(db, { documentId, authorId })).rejects.toMatchObject({ code: "undo_target_changed", details: { next: null } });
    console.info(`seed ${SEED}: ${JSON.stringify(tally)}, ${undone} changes undone and redone`);
  });

  it("changes what a language says only through edits, and never undoes past an edit it would discard", async ({
    db,
    systemId,
    authorId,
  }) => {
    const random = prng(SEED + 2);
    const { documentId } = await seedDocument(db, { slug: "random-edits", rows: 12, authorId: systemId });
    let rows = await liveGrid(db, documentId);
    let reading = readingOrder(rows);
    let refusedForEdits = 0;
    for (let step = 1; step <= STEPS / 2; step++) {
      const row = random.pick(rows);
      const code = random.pick(CODES);
      const cell = row.cells[code]!;
      const roll = random.below(10);
      let name: string;
      let run: () => Promise<unknown>;
      if (roll < 2) {
        name = `edit row ${row.id} ${code}`;
        run = () => saveCell(db, cell.id, { text: `${cell.text} edit${step}`, baseRevisionId: cell.headRevisionId }, { authorId });
      } else if (roll < 5) {
        name = "undo";
        run = () => undoLatest(db, { documentId, authorId });
      } else if (roll < 6) {
        name = "redo";
        run = () => redoLatest(db, { documentId, authorId });
      } else if (roll < 8) {
        const direction = random.pick(["up", "down"] as const);
        name = `shift row ${row.id} ${code} ${direction}`;
        run = () => shiftCell(db, { segmentId: row.id, languageCode: code, direction, authorId });
      } else if (roll < 9) {
        name = `merge row ${row.id}`;
        run = () => mergeSegmentWithNext(db, { segmentId: row.id, authorId });
      } else {
        const spaces = [...cell.text.matchAll(/\s/g)].map((match) => match.index);
        if (!spaces.length) continue;
        const offset = random.pick(spaces);
        name = `split row ${row.id} ${code} at ${offset}`;
        run = () => splitSegment(db, { segmentId: row.id, languageCode: code, offset, splitOthers: random.chance(0.5), authorId });
      }
      const context = `seed ${SEED + 2}, step ${step}: ${name}`;
      const before = await counts(db);
      const outcome = await run().then(
        () => null,
        (error: unknown) => error,
      );
      if (outcome) {
        if (!(outcome instanceof AppError) || !(EXPECTED_REFUSALS.has(outcome.code) || outcome.code === "cell_changed")) {
          throw new Error(`${context} failed: ${String(outcome)}`, { cause: outcome });
        }
        if (outcome.code === "cell_changed") refusedForEdits++;
        expect(await counts(db), `${context} refused, and must change nothing`).toEqual(before);
      }
      if (name.startsWith("edit")) {
        // The edited language reads as before with the new text in place of the old; the others do not change.
        const edited = rows.map((other) =>
          other.id !== row.id
            ? other
            : { ...other, cells: { ...other.cells, [code]: { ...cell, text: `${cell.text} edit${step}`.trim() } } },
        );
        reading = readingOrder(edited);
      }
      rows = await liveGrid(db, documentId);
      expect(readingOrder(rows), context).toEqual(reading);
    }
    expect(refusedForEdits, "some undo met an edit").toBeGreaterThan(0);
  });

  it("moves rows with all their cells together, and undo puts every row back", { timeout: 120_000 }, async ({ db, systemId, authorId }) => {
    const random = prng(SEED + 1);
    const { documentId } = await seedDocument(db, { slug: "random-moves", rows: 12, authorId: systemId });
    const imported = layout(await liveGrid(db, documentId));
    const byId = new Map(imported.map((row) => [row.id, row]));
    const order = imported.map((row) => row.id);

    for (let step = 0; step < 40; step++) {
      const from = random.below(order.length);
      const to = random.below(order.length);
      const id = order[from]!;
      await moveSegment(db, { segmentId: id, toIndex: to, authorId });
      order.splice(from, 1);
      order.splice(to, 0, id);
      const rows = await liveGrid(db, documentId);
      // Same rows, each with its own cells, in the expected order: every language is permuted alike.
      expect(layout(rows), `step ${step}: move ${id} from ${from} to ${to}`).toEqual(order.map((rowId) => byId.get(rowId)));
      const reading = readingOrder(rows);
      for (const code of CODES) {
        expect(reading[code]).toBe(
          order
            .map((rowId) => byId.get(rowId)!.cells[code]![1])
            .filter(Boolean)
            .join(" "),
        );
      }
    }

    for (;;) {
      const outcome = await undoLatest(db, { documentId, authorId }).then(
        () => null,
        (error: unknown) => error,
      );
      if (outcome) break;
    }
    expect(layout(await liveGrid(db, documentId))).toEqual(imported);
  });
});
