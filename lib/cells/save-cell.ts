import { z } from "zod";
import { queryRows, type Db, type Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { CellStatus, type RevisionKind } from "../db/generated/enums";
import { AppError } from "../errors";
import { CellText, Id } from "../schemas";
import { parseInput } from "../validation";
import { normalizeCellText } from "./write-cell-text";

/**
 * What an editor saw around the cell it writes, sent with every save, revert
 * and still-valid: the row it showed the cell in, and the head of the
 * original language's cell of that row (null when that was empty).
 */
export const CellSeen = z.object({
  /** The row the editor showed the cell in: a write is refused when the row is gone or the cell left it. */
  segmentId: Id.optional(),
  /** The original's head the translation was made against: when the original moved on, the cell stays stale. */
  sourceRevisionId: Id.nullable().optional(),
});
export type CellSeen = z.input<typeof CellSeen>;

export const SaveCellInput = CellSeen.extend({
  text: CellText,
  /** The head revision the editor started from; null for a cell that never had text. */
  baseRevisionId: Id.nullable(),
  /** A save marks work in progress or done; only review (lib/revisions/review.ts) sets reviewed or approved. */
  status: z
    .enum([CellStatus.draft, CellStatus.translated], { error: "must be draft or translated (review decides reviewed and approved)" })
    .optional(),
  /** "conflict_resolution" when the text resolves a 409 (kept, taken or merged). */
  kind: z.enum(["edit", "conflict_resolution"]).default("edit"),
});
export type SaveCellInput = z.input<typeof SaveCellInput>;

export interface CellState {
  id: number;
  text: string;
  status: CellStatus;
  stale: boolean;
  version: number;
  headRevisionId: number | null;
}

export interface RevisionSummary {
  id: number;
  text: string;
  createdAt: Date;
  author: { handle: string; name: string };
}

/** What a 409 carries: the head that moved on, and the base the editor started from. */
export interface CellConflictDetails {
  cell: CellState;
  head: RevisionSummary | null;
  base: RevisionSummary | null;
}

/** The structural change that took the cell away from the row the editor saw. */
export interface RowChangeRef {
  id: number;
  kind: string;
  author: { handle: string; name: string };
  createdAt: Date;
}

/** What a 409 `row_deleted` or `cell_moved` carries. */
export interface RowGoneDetails {
  change: RowChangeRef | null;
  /** row_deleted: the row the text went to (a merge's surviving row), else null; cell_moved: the cell's row now. */
  rowNumber: number | null;
}

export const cellState = { id: true, text: true, status: true, stale: true, version: true, headRevisionId: true } as const;
export const revisionSummary = { id: true, text: true, createdAt: true, author: { select: { handle: true, name: true } } } as const;

/** Changing approved or reviewed text sends it back for review. */
export function statusAfterEdit(current: CellStatus): CellStatus {
  return current === "reviewed" || current === "approved" ? "translated" : current;
}

/**
 * The 403 for a person limited to some languages of a document who writes in
 * another: names the ones they may edit. Limits on removed languages allow
 * nothing and are not named; they still make the person limited, so someone
 * limited only to removed languages edits nothing there.
 */
export function languageNotAllowedError(limits: { code: string; removed: boolean }[]): AppError {
  const codes = limits.filter((limit) => !limit.removed).map((limit) => limit.code);
  return new AppError(
    "language_not_allowed",
    codes.length
      ? `In this document you may edit only ${codes.join(", ")}`
      : "In this document you may edit no language: the languages you were limited to have been removed; ask an admin to set your languages again",
    { status: 403 },
  );
}

/** The languages a person is limited to in a document, removed ones included, in column order; none when they are not limited there. */
export function languageLimitsOf(db: Db | Tx, userId: number, documentId: number) {
  return db.$queryRaw<{ languageId: number; code: string; removed: boolean }[]>`
    SELECT x."languageId", l.code, l."deletedAt" IS NOT NULL AS removed
      FROM "LanguageLimit" x JOIN "DocumentLanguage" l ON l.id = x."languageId"
     WHERE x."userId" = ${userId} AND l."documentId" = ${documentId}
     ORDER BY l.position, l.id`;
}

async function languageNotAllowed(db: Db | Tx, userId: number, cellId: number): Promise<AppError> {
  const [{ documentId }] = (await db.$queryRaw<{ documentId: number }[]>`
    SELECT l."documentId" FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId" WHERE c.id = ${cellId}`) as [
    { documentId: number },
  ];
  return languageNotAllowedError(await languageLimitsOf(db, userId, documentId));
}

/** The 409 for a write based on a head that is no longer the head, carrying what the client needs to resolve it. */
export async function cellConflict(
  db: Db | Tx,
  cellId: number,
  headRevisionId: number | null,
  baseRevisionId: number | null,
): Promise<AppError> {
  const cell = await db.cell.findUniqueOrThrow({ where: { id: cellId }, select: cellState });
  const head = headRevisionId ? await db.revision.findUnique({ where: { id: headRevisionId }, select: revisionSummary }) : null;
  const base = baseRevisionId ? await db.revision.findFirst({ where: { id: baseRevisionId, cellId }, select: revisionSummary }) : null;
  const who = head ? `${head.author.name} at ${head.createdAt.toISOString()}` : "someone";
  return new AppError("cell_conflict", `This cell was changed by ${who} after you started editing`, {
    status: 409,
    details: { cell, head, base } satisfies CellConflictDetails,
  });
}

// A row's number: its 1-based index among the live rows of its document.
const rowNumberOf = (segment: Prisma.Sql) => Prisma.sql`
  (SELECT count(*)::int FROM "Segment" o, "Segment" s
    WHERE s.id = ${segment} AND o."documentId" = s."documentId" AND o."deletedAt" IS NULL AND (o.position, o.id) <= (s.position, s.id))`;

/**
 * The 409 for a write whose cell is no longer where the editor saw it: its
 * row was deleted or merged away (`row_deleted`), or a shift moved it to
 * another row (`cell_moved`). Names the change from the alignment log (its
 * `details` record every row and cell it touched, lib/segments/details.ts)
 * and the row to look at. Only read on the refusal path.
 */
async function rowGone(
  db: Db | Tx,
  code: "row_deleted" | "cell_moved",
  cell: { id: number; segmentId: number },
  seenSegmentId: number,
): Promise<AppError> {
  const [found] = await db.$queryRaw<
    { id: number; kind: string; createdAt: Date; handle: string; name: string; rowNumber: number | null }[]
  >`
    SELECT a.id, a.kind::text AS kind, a."createdAt", u.handle, u.name,
           -- Where the deleted row's text went: the first live row that got text from this change (a merge's surviving row).
           (SELECT ${rowNumberOf(Prisma.sql`target.id`)}
              FROM jsonb_path_query(a.details, '$.cells[*] ? (exists(@.text)).segment[1]') written_row
              JOIN "Segment" target ON target.id = written_row::int
             WHERE target."deletedAt" IS NULL ORDER BY target.position, target.id LIMIT 1) AS "rowNumber"
      FROM "AlignmentChange" a JOIN "User" u ON u.id = a."authorId"
     WHERE a."documentId" = (SELECT "documentId" FROM "Segment" WHERE id = ${cell.segmentId})
       -- jsonpath, not jsonb_array_elements: entries not in the details format (the import that created a document) just do not match.
       AND CASE WHEN ${code}::text = 'row_deleted'
                THEN jsonb_path_exists(a.details, '$.rows[*] ? (@.id == $row && @.deletedAt[1] != null)',
                                       jsonb_build_object('row', ${cell.segmentId}::int))
                ELSE jsonb_path_exists(a.details, '$.cells[*] ? (@.id == $cell && @.segment[0] == $row && @.segment[1] != $row)',
                                       jsonb_build_object('cell', ${cell.id}::int, 'row', ${seenSegmentId}::int)) END
     ORDER BY a.id DESC LIMIT 1`;
  const change = found
    ? { id: found.id, kind: found.kind, author: { handle: found.handle, name: found.name }, createdAt: found.createdAt }
    : null;
  const by = change ? ` by ${change.author.name}` : "";
  if (code === "cell_moved") {
    const [{ rowNumber }] = (await db.$queryRaw<
      { rowNumber: number }[]
    >`SELECT ${rowNumberOf(Prisma.sql`${cell.segmentId}::int`)} AS "rowNumber"`) as [{ rowNumber: number }];
    return new AppError(
      "cell_moved",
      `This text was moved to row ${rowNumber}${by} while you were editing; nothing was saved: check that row and place your text`,
      { status: 409, details: { change, rowNumber } satisfies RowGoneDetails },
    );
  }
  const rowNumber = found?.rowNumber ?? null;
  const what = change?.kind === "merge" && rowNumber !== null ? `merged into row ${rowNumber}` : "deleted";
  return new AppError("row_deleted", `This row was ${what}${by} while you were editing; nothing was saved: place your text in a row`, {
    status: 409,
    details: { change, rowNumber } satisfies RowGoneDetails,
  });
}

/** One checked write of a cell: `write_cell` checks and writes it in one call. */
interface CheckedWrite {
  cellId: number;
  authorId: number;
  /** The author's language limits apply (routes: unless an admin writes). */
  languageLimited?: boolean;
  seen: z.output<typeof CellSeen>;
  /** The new text (normalized), or the revision whose text the cell gets back (a revert, checked to be the cell's). */
  text: { text: string } | { revisionId: number } | null;
  /** The head the writer started from; undefined when the write does not depend on it (still-valid). */
  baseRevisionId?: number | null;
  status?: CellStatus;
  kind: RevisionKind;
  note?: string | null;
  /** A translator read the original's change: the stale flag goes (unless the original moved on since). */
  confirmSource?: boolean;
}

type Refusal =
  | "language_not_allowed"
  | "revision_not_found"
  | "revision_of_other_cell"
  | "user_not_found"
  | "row_deleted"
  | "cell_moved"
  | "cell_conflict";

interface CheckedRow extends CellState {
  refusal: Refusal | null;
  segmentId: number;
  seenHeadId: number | null;
  targetCellId: number | null;
  revisionId: number | null;
  revisionText: string | null;
  revisionCreatedAt: Date | null;
  handle: string | null;
  name: string | null;
}

/**
 * One call of `write_cell` (prisma/migrations/20261130200000_write_cell):
 * it locks the cell, checks what the writer saw (author, revert target, row,
 * head) and, when all holds, writes what the write path of writeCellText
 * writes: a revision whose parent is the head, the cell's text, head,
 * version, stale flag and status, and in the original language the row's
 * other non-empty cells flagged stale. A text that does not change writes no
 * revision. Refusals throw their 409/404/400 with nothing written. Given the
 * database client it is one atomic statement; given a transaction, it joins it.
 */
async function writeChecked(db: Db | Tx, write: CheckedWrite): Promise<{ cell: CellState; revision: RevisionSummary | null }> {
  const targetId = write.text && "revisionId" in write.text ? write.text.revisionId : null;
  const givenText = write.text && "text" in write.text ? normalizeCellText(write.text.text) : null;
  const segmentId = write.seen.segmentId ?? null;
  const [row] = await queryRows<CheckedRow>(
    db,
    Prisma.sql`SELECT * FROM write_cell(
      ${write.cellId}::int, ${write.authorId}::int, ${write.languageLimited ? write.authorId : null}::int,
      ${segmentId}::int, ${write.seen.sourceRevisionId !== undefined}::boolean, ${write.seen.sourceRevisionId ?? null}::int,
      ${givenText}::text, ${targetId}::int,
      ${write.baseRevisionId !== undefined}::boolean, ${write.baseRevisionId ?? null}::int,
      ${write.status ?? null}::"CellStatus", ${write.kind}::"RevisionKind", ${write.note ?? null}::text,
      ${write.confirmSource ?? false}::boolean, ${new Date()}::timestamptz)`,
  );
  if (!row) throw new AppError("cell_not_found", `There is no cell ${write.cellId}`, { status: 404 });
  switch (row.refusal) {
    case "language_not_allowed":
      throw await languageNotAllowed(db, write.authorId, row.id);
    case "revision_not_found":
      throw new AppError("revision_not_found", `There is no revision ${targetId}`, { status: 404 });
    case "revision_of_other_cell":
      throw new AppError("revision_of_other_cell", `Revision ${targetId} belongs to cell ${row.targetCellId}, not to cell ${row.id}`, {
        status: 400,
      });
    case "user_not_found":
      throw new AppError("user_not_found", `There is no user ${write.authorId}`, { status: 404 });
    case "row_deleted":
    case "cell_moved":
      throw await rowGone(db, row.refusal, { id: row.id, segmentId: row.segmentId }, segmentId!);
    case "cell_conflict":
      throw await cellConflict(db, row.id, row.seenHeadId, write.baseRevisionId ?? null);
  }
  const cell: CellState = {
    id: row.id,
    text: row.text,
    status: row.status,
    stale: row.stale,
    version: row.version,
    headRevisionId: row.headRevisionId,
  };
  const revision =
    row.revisionId === null
      ? null
      : {
          id: row.revisionId,
          text: row.revisionText!,
          createdAt: row.revisionCreatedAt!,
          author: { handle: row.handle!, name: row.name! },
        };
  return { cell, revision };
}

/**
 * Saves what an editor typed. The save names the revision it was based on:
 * when the cell moved on meanwhile, nothing is written and the answer is a
 * 409 carrying the current head (the caller shows the other edit and offers
 * to keep, take or merge). It may name the row it saw the cell in (409
 * `row_deleted` / `cell_moved` when that changed) and the original it
 * translated from (the cell stays stale when the original moved on). A text
 * that does not change writes no revision.
 */
export async function saveCell(
  db: Db,
  cellId: number,
  rawInput: SaveCellInput,
  options: { authorId: number; languageLimited?: boolean },
): Promise<{ cell: CellState; revision: RevisionSummary | null }> {
  const input = parseInput(SaveCellInput, rawInput, "cell save");
  const { segmentId, sourceRevisionId } = input;
  return writeChecked(db, {
    cellId,
    authorId: options.authorId,
    languageLimited: options.languageLimited,
    seen: { segmentId, sourceRevisionId },
    text: { text: input.text },
    baseRevisionId: input.baseRevisionId,
    status: input.status,
    kind: input.kind,
  });
}

/** Gives a cell the text of one of its revisions (lib/revisions/revert-cell.ts), checked like a save. */
export function revertCellText(
  db: Db | Tx,
  write: {
    cellId: number;
    toRevisionId: number;
    baseRevisionId: number | null;
    authorId: number;
    languageLimited?: boolean;
    note: string;
    seen: z.output<typeof CellSeen>;
  },
) {
  return writeChecked(db, {
    cellId: write.cellId,
    authorId: write.authorId,
    languageLimited: write.languageLimited,
    seen: write.seen,
    text: { revisionId: write.toRevisionId },
    baseRevisionId: write.baseRevisionId,
    kind: "revert",
    note: write.note,
  });
}

/** Clears a cell's stale flag without a revision (lib/revisions/stale.ts), checked against the row and original the translator saw. */
export async function confirmCellSource(
  db: Db | Tx,
  write: { cellId: number; authorId: number; languageLimited?: boolean; seen: z.output<typeof CellSeen> },
) {
  return (await writeChecked(db, { ...write, text: null, kind: "edit", confirmSource: true })).cell;
}
