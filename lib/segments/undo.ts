import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AlignmentChangeKind, RevisionKind } from "../db/generated/enums";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { checkLanguageCount } from "../limits";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { AlignmentEdit, type ChangeWritten } from "./alignment-edit";
import { CellEffect, type ChangeDetails, readDetails, StaleFlags } from "./details";

/**
 * `changeId` names the change the person means to undo (for redo: the undo
 * they mean to redo), as the screen showed it: when someone else's change
 * came in between, undoing "the latest" would undo something they never saw.
 */
export const UndoInput = z.object({ documentId: Id, authorId: Id, changeId: Id });
export type UndoInput = z.input<typeof UndoInput>;
export const RedoInput = UndoInput;
export type RedoInput = UndoInput;

/** What an undo or a redo would act on now, for people: the button's label and the 409 `undo_target_changed`. */
export interface NextChange {
  id: number;
  kind: AlignmentChangeKind;
  summary: {
    /** The operation (split, merge, …), through chains of undo and redo. */
    operation: string;
    /** The 1-based number of the row it is about (for a merge or split, the first of the two), counted among live rows; a deleted row gets the number it had. */
    rowNumber: number | null;
    /** For a change of one language's cells (shift, realign, a language import). */
    languageCode: string | null;
  };
  author: { handle: string; name: string };
  createdAt: Date;
}

export interface RevertResult extends ChangeWritten {
  changeId: number;
  /** The entry this undo or redo reverted. */
  revertsId: number;
  revertsKind: AlignmentChangeKind;
  /** The operation undone or redone (split, merge, …), through chains of undo and redo. */
  operation: string;
}

/**
 * Undoes the latest change of a document that is still in effect (see
 * findUndoTarget), provided it is the one the person named. Repeated undo
 * goes further back.
 */
export async function undoAlignmentChange(db: Db, rawInput: UndoInput): Promise<RevertResult> {
  const input = parseInput(UndoInput, rawInput, "undo");
  return inTransaction(db, async (tx) => {
    // The check comes after the document's lock, so of two people undoing the same change at once, the second sees it undone.
    const edit = await AlignmentEdit.open(tx, input);
    const target = await findUndoTarget(tx, input.documentId);
    if (target?.id !== input.changeId) throw await targetChanged(tx, input.changeId, target, "undo");
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
    const target = await findRedoTarget(tx, input.documentId);
    if (target?.id !== input.changeId) throw await targetChanged(tx, input.changeId, target, "redo");
    return revert(tx, edit, target, "redo");
  });
}

/** What undo and redo would act on now (null: nothing), for the buttons that name it. */
export async function undoTargets(db: Db, documentId: number): Promise<{ undo: NextChange | null; redo: NextChange | null }> {
  const [undo, redo] = [await findUndoTarget(db, documentId), await findRedoTarget(db, documentId)];
  return { undo: undo && (await describeChange(db, undo)), redo: redo && (await describeChange(db, redo)) };
}

const targetSelect = {
  id: true,
  kind: true,
  details: true,
  revertsId: true,
  createdAt: true,
  author: { select: { handle: true, name: true } },
} as const;
interface Target {
  id: number;
  kind: AlignmentChangeKind;
  details: unknown;
  revertsId: number | null;
  createdAt: Date;
  author: { handle: string; name: string };
}

/**
 * The latest change still in effect: the newest entry of the log that is not
 * an undo and has not been reverted (a redo counts: undoing it takes the
 * change away again). The import that created the document cannot be undone.
 */
async function findUndoTarget(db: Db | Tx, documentId: number): Promise<Target | null> {
  const target = await db.alignmentChange.findFirst({
    where: { documentId, kind: { not: "undo" }, revertedBy: null },
    orderBy: { id: "desc" },
    select: targetSelect,
  });
  return target && target.kind !== "import" ? target : null;
}

/** The latest undo, unless a new change came after it. */
async function findRedoTarget(db: Db | Tx, documentId: number): Promise<Target | null> {
  const latestChange = await db.alignmentChange.findFirst({
    where: { documentId, kind: { notIn: ["undo", "redo"] } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return db.alignmentChange.findFirst({
    where: { documentId, kind: "undo", revertedBy: null, id: { gt: latestChange?.id ?? 0 } },
    orderBy: { id: "desc" },
    select: targetSelect,
  });
}

async function targetChanged(tx: Tx, changeId: number, target: Target | null, kind: "undo" | "redo"): Promise<AppError> {
  const next = target && (await describeChange(tx, target));
  const now = next
    ? `${kind} would now act on change ${next.id} (${next.summary.operation} by ${next.author.name})`
    : `there is nothing left to ${kind}`;
  return new AppError("undo_target_changed", `Change ${changeId} is not what ${kind} would act on any more: ${now}. Nothing was changed`, {
    status: 409,
    details: { next },
  });
}

/** A change as people name it: the operation behind undo and redo chains, and the row it is about by its number now. */
async function describeChange(db: Db | Tx, change: Target): Promise<NextChange> {
  let original: { kind: AlignmentChangeKind; details: unknown; revertsId: number | null } = change;
  // An undo or redo names the entry it reverted; follow that back to the operation first made.
  while (original.revertsId !== null) {
    const found = await db.alignmentChange.findUnique({
      where: { id: original.revertsId },
      select: { kind: true, details: true, revertsId: true },
    });
    if (!found) break;
    original = found;
  }
  const summary = readDetails(original.details)?.summary ?? {};
  const segmentId = summary.segmentId ?? summary.fromSegmentId;
  const row =
    typeof segmentId === "number"
      ? await db.segment.findUnique({ where: { id: segmentId }, select: { documentId: true, position: true } })
      : null;
  const rowNumber = row
    ? (await db.segment.count({ where: { documentId: row.documentId, deletedAt: null, position: { lt: row.position } } })) + 1
    : null;
  return {
    id: change.id,
    kind: change.kind,
    summary: { operation: original.kind, rowNumber, languageCode: typeof summary.languageCode === "string" ? summary.languageCode : null },
    author: change.author,
    createdAt: change.createdAt,
  };
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
  const what = `${kind} the ${operationNames[operation] ?? operation}`;

  const cells = await edit.lockCells({ ids: details.cells.map((cell) => cell.id) });
  checkRows(edit, details, what);
  await checkCells(tx, edit, target.id, details, cells, what);
  checkLanguages(edit, details, what);

  for (const language of details.languages ?? []) {
    await edit.updateLanguage(language.id, {
      ...(language.code ? { code: language.code[0] } : {}),
      ...(language.deletedAt ? { deletedAt: language.deletedAt[0] === null ? null : new Date(language.deletedAt[0]) } : {}),
    });
  }

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

  const flags = StaleFlags.safeParse(details.summary.staleFlags);
  if (flags.success) {
    await tx.$executeRaw`UPDATE "Cell" SET stale = false WHERE id = ANY(${flags.data.set}::int[])`;
    await tx.$executeRaw`UPDATE "Cell" SET stale = true WHERE id = ANY(${flags.data.cleared}::int[])`;
  }
  const staleFlags = flags.success ? { staleFlags: { set: flags.data.cleared, cleared: flags.data.set } } : {};
  const written = await edit.finish(
    kind,
    { reverts: target.id, revertsKind: target.kind, operation, ...staleFlags },
    { revertsId: target.id },
  );
  return { ...written, changeId: written.changeId!, revertsId: target.id, revertsKind: target.kind, operation };
}

/**
 * Every language the entry removed, restored or renamed must still be as it
 * left it; and a language it would make live again under a tag needs that
 * tag free: another language may have taken it meanwhile (added, or renamed
 * to it), and two live languages of a document never share a tag.
 */
function checkLanguages(edit: AlignmentEdit, details: ChangeDetails, what: string) {
  const effects = details.languages ?? [];
  let live = edit.languages.length;
  for (const effect of effects) {
    const language = edit.allLanguages.find((candidate) => candidate.id === effect.id);
    const deletedAt = language?.deletedAt ? language.deletedAt.toISOString() : null;
    const moved =
      !language ||
      (effect.code !== undefined && language.code !== effect.code[1]) ||
      (effect.deletedAt !== undefined && deletedAt !== effect.deletedAt[1]);
    if (moved) {
      throw new AppError(
        "change_superseded",
        `Cannot ${what}: the language ${language?.code ?? effect.id} was changed after it in a way the log does not explain`,
        { status: 409, details: { languageId: effect.id } },
      );
    }
    const code = effect.code ? effect.code[0] : language.code;
    const willBeLive = effect.deletedAt ? effect.deletedAt[0] === null : deletedAt === null;
    if (!willBeLive) continue;
    const holder = edit.languages.find((other) => other.id !== language.id && other.code === code);
    if (holder) {
      throw new AppError(
        "language_tag_taken",
        `Cannot ${what}: it would give ${language.label} the tag ${code} again, which the document's ${holder.label} has had since. Remove ${holder.label} or change its tag first. Nothing was changed`,
        { status: 409, details: { languageCode: code } },
      );
    }
    if (deletedAt !== null) live += 1;
  }
  if (live > edit.languages.length) checkLanguageCount(live, `With the language back, document "${edit.slug}" would have`);
}

/** How messages name operations whose kind is not a plain word. */
const operationNames: Record<string, string> = { language_remove: "removal of a language", language_rename: "change of a language's tag" };

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
