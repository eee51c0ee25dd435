import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AlignmentChangeKind, RevisionKind } from "../db/generated/enums";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";
import { CellEffect, type ChangeDetails, readDetails } from "./details";

export const UndoInput = z.object({ documentId: Id, authorId: Id });
export type UndoInput = z.input<typeof UndoInput>;
export const RedoInput = UndoInput;
export type RedoInput = UndoInput;

export interface RevertResult extends ChangeWritten {
  changeId: number;
  /** The entry this undo or redo reverted. */
  revertsId: number;
  revertsKind: AlignmentChangeKind;
  /** The operation undone or redone (split, merge, …), through chains of undo and redo. */
  operation: string;
}

/**
 * Undoes the latest change of a document that is still in effect: the
 * newest entry of the log that is not an undo and has not been reverted (a
 * redo counts: undoing it takes the change away again). Repeated undo goes
 * further back. The import that created the document cannot be undone.
 */
export async function undoAlignmentChange(db: Db, rawInput: UndoInput): Promise<RevertResult> {
  const input = parseInput(UndoInput, rawInput, "undo");
  return inTransaction(db, async (tx) => {
    const edit = await AlignmentEdit.open(tx, input);
    const target = await tx.alignmentChange.findFirst({
      where: { documentId: input.documentId, kind: { not: "undo" }, revertedBy: null },
      orderBy: { id: "desc" },
      select: { id: true, kind: true, details: true },
    });
    if (!target) throw new AppError("nothing_to_undo", "Nothing to undo: this document has no changes", { status: 409 });
    if (target.kind === "import") {
      throw new AppError("nothing_to_undo", "Nothing to undo: the document is as it was imported, and the import itself cannot be undone", {
        status: 409,
      });
    }
    return revert(tx, edit, target, "undo");
  });
}

/**
 * Redoes the latest undo, as long as no new change was made after it (a new
 * change discards what could be redone, as in any editor). Successive redos
 * walk forward through successive undos.
 */
export async function redoAlignmentChange(db: Db, rawInput: RedoInput): Promise<RevertResult> {
  const input = parseInput(RedoInput, rawInput, "redo");
  return inTransaction(db, async (tx) => {
    const edit = await AlignmentEdit.open(tx, input);
    const latestChange = await tx.alignmentChange.findFirst({
      where: { documentId: input.documentId, kind: { notIn: ["undo", "redo"] } },
      orderBy: { id: "desc" },
      select: { id: true },
    });
    const target = await tx.alignmentChange.findFirst({
      where: { documentId: input.documentId, kind: "undo", revertedBy: null, id: { gt: latestChange?.id ?? 0 } },
      orderBy: { id: "desc" },
      select: { id: true, kind: true, details: true },
    });
    if (!target) throw new AppError("nothing_to_redo", "Nothing to redo: there is no undo since the latest change", { status: 409 });
    return revert(tx, edit, target, "redo");
  });
}

interface CellPoint {
  segment: number;
  head: number | null;
  version: number;
}
const samePoint = (a: CellPoint, b: CellPoint) => a.segment === b.segment && a.head === b.head && a.version === b.version;
const before = (cell: CellEffect): CellPoint => ({ segment: cell.segment[0], head: cell.head[0], version: cell.version[0] });
const after = (cell: CellEffect): CellPoint => ({ segment: cell.segment[1], head: cell.head[1], version: cell.version[1] });

/**
 * Puts back the `before` side of an entry's transitions, refusing (409)
 * when anything it touched is no longer as it left it. Rows get their
 * position, deletion and status back; a row it created is soft-deleted;
 * cells go back to their rows; texts go back through new revisions ("revert"
 * for undo; for redo the kind the operation wrote). A cell it created stays
 * with the row it was created in.
 */
async function revert(
  tx: Tx,
  edit: AlignmentEdit,
  target: { id: number; kind: AlignmentChangeKind; details: unknown },
  kind: "undo" | "redo",
): Promise<RevertResult> {
  const details = readDetails(target.details);
  if (!details) {
    throw new AppError(
      "change_not_revertible",
      `Change ${target.id} (${target.kind}) does not record how to reverse it, so it cannot be ${kind}ne`,
      {
        status: 409,
      },
    );
  }
  const operation = target.kind === "undo" || target.kind === "redo" ? String(details.summary.operation) : target.kind;
  const what = `${kind} the ${operation}`;

  const cells = await edit.lockCells({ ids: details.cells.map((cell) => cell.id) });
  checkRows(edit, details, what);
  await checkCells(tx, edit, target.id, details, cells, what);

  const positions: { id: number; position: number }[] = [];
  for (const row of details.rows) {
    if (row.created) {
      await edit.updateRow(row.id, { deletedAt: edit.now });
      continue;
    }
    if (row.position) positions.push({ id: row.id, position: row.position[0]! });
    if (row.deletedAt || row.status) {
      await edit.updateRow(row.id, {
        ...(row.deletedAt ? { deletedAt: row.deletedAt[0] === null ? null : new Date(row.deletedAt[0]) } : {}),
        ...(row.status ? { alignmentStatus: row.status[0] } : {}),
      });
    }
  }
  await edit.setPositions(positions);

  await edit.moveCells(
    details.cells.filter((cell) => cell.segment[0] !== cell.segment[1]).map((cell) => ({ cellId: cell.id, segmentId: cell.segment[0] })),
  );
  // A created cell's text stays: the row it belongs to goes away with this revert.
  const revisionKind: RevisionKind = kind === "redo" && (operation === "split" || operation === "merge") ? operation : "revert";
  for (const cell of details.cells) {
    if (cell.text && !cell.created) await edit.writeText(cell.id, cell.text[0], revisionKind, `${kind} of alignment change ${target.id}`);
  }

  const written = await edit.finish(kind, { reverts: target.id, revertsKind: target.kind, operation }, { revertsId: target.id });
  return { ...written, changeId: written.changeId!, revertsId: target.id, revertsKind: target.kind, operation };
}

function checkRows(edit: AlignmentEdit, details: ChangeDetails, what: string) {
  for (const effect of details.rows) {
    const row = edit.row(effect.id);
    const deletedAt = row?.deletedAt ? row.deletedAt.toISOString() : null;
    const moved =
      !row ||
      (effect.position !== undefined && row.position !== effect.position[1]) ||
      (effect.created ? deletedAt !== null : effect.deletedAt !== undefined && deletedAt !== effect.deletedAt[1]) ||
      (effect.status !== undefined && row.alignmentStatus !== effect.status[1]);
    if (moved) {
      throw new AppError(
        "change_superseded",
        `Cannot ${what}: ${edit.describeRow(effect.id)} was changed after it in a way the log does not explain`,
        {
          status: 409,
          details: { segmentId: effect.id },
        },
      );
    }
  }
}

/**
 * Every cell the entry touched must still be as the entry left it, except
 * for what later log entries did to it (which, for the entry to be the one
 * to revert now, have all been reverted themselves: their undo wrote a new
 * revision with the same text). Following those entries from the state this
 * one left, each must start where the previous ended, and the last must end
 * at the cell's current state; a gap is an edit nobody logged as an
 * alignment change, which reverting would throw away.
 */
async function checkCells(
  tx: Tx,
  edit: AlignmentEdit,
  targetId: number,
  details: ChangeDetails,
  cells: Map<number, { segmentId: number; headRevisionId: number | null; version: number }>,
  what: string,
) {
  const expected = new Map(details.cells.map((cell) => [cell.id, after(cell) as CellPoint | null]));
  if (expected.size) {
    // Only the later effects on these cells, in log order, straight from the JSON.
    const later = await tx.$queryRaw<{ effect: unknown }[]>`
      SELECT e.value AS effect
        FROM "AlignmentChange" AS c,
             jsonb_array_elements(CASE WHEN jsonb_typeof(c.details->'cells') = 'array' THEN c.details->'cells' ELSE '[]'::jsonb END)
               WITH ORDINALITY AS e(value, ordinality)
       WHERE c."documentId" = ${edit.documentId} AND c.id > ${targetId}
         AND e.value->>'id' IN (${Prisma.join([...expected.keys()].map(String))})
       ORDER BY c.id, e.ordinality`;
    for (const row of later) {
      const cell = CellEffect.safeParse(row.effect);
      if (!cell.success) continue;
      const point = expected.get(cell.data.id);
      if (point === undefined) continue;
      expected.set(cell.data.id, point && samePoint(point, before(cell.data)) ? after(cell.data) : null);
    }
  }
  for (const effect of details.cells) {
    const cell = cells.get(effect.id);
    const point = expected.get(effect.id);
    if (cell && point && samePoint(point, { segment: cell.segmentId, head: cell.headRevisionId, version: cell.version })) continue;
    const language = edit.languages.find((candidate) => candidate.code === effect.language);
    const name = language ? `${language.label} (${language.code})` : effect.language;
    const where = cell ? edit.describeRow(cell.segmentId) : `row ${effect.segment[1]}`;
    throw new AppError(
      "cell_changed",
      `Cannot ${what}: the ${name} text of ${where} was edited after it, and ${what.startsWith("undo") ? "undoing" : "redoing"} would discard that edit. Change the text by hand instead`,
      {
        status: 409,
        details: { cellId: effect.id, segmentId: cell?.segmentId ?? effect.segment[1], languageCode: effect.language },
      },
    );
  }
}
