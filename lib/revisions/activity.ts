// Who changed what in a document, newest first: the activity feed. Four
// append-only tables say it (revisions, the alignment log, review decisions,
// snapshots); a page is read from each and merged by time.
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AlignmentChangeKind, RevisionKind, ReviewVerdict } from "../db/generated/enums";
import { readConsistently } from "../db/transaction";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { type CellRef, requireDocument, revisionsOfAlignmentChanges, rowNumberOfS } from "./review-common";

/** What an entry records, in the order entries made at the same moment are listed (last first). */
export const ACTIVITY_SOURCES = ["revision", "alignment", "review", "snapshot"] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** An alignment change names at most this many of the texts it changed (an import changes thousands). */
export const TEXT_CHANGES_SHOWN = 5;

/**
 * Where a page ended: the time, source and id of its last entry, as
 * `2026-11-30T12:00:00.000Z~revision~42`. The next page lists what comes
 * after it in the feed's order (keyset paging: entries written meanwhile
 * neither repeat nor go missing).
 */
const CURSOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)~(revision|alignment|review|snapshot)~(\d{1,10})$/;
const ActivityCursor = z
  .string()
  .regex(CURSOR, "must be the `next` of an earlier page")
  .transform((value) => {
    const [, time, source, id] = CURSOR.exec(value)!;
    return { time: new Date(time!), rank: ACTIVITY_SOURCES.indexOf(source as ActivitySource), id: Number(id) };
  });

export const ListActivityInput = z.object({
  documentId: Id,
  limit: z.number().int().min(1).max(200).default(50),
  before: ActivityCursor.optional(),
});
export type ListActivityInput = z.input<typeof ListActivityInput>;

/** A cell's text before and after a change, with the revisions that hold them (null: the cell had no text). */
export interface TextChange {
  cellId: number;
  language: string;
  fromRevisionId: number | null;
  toRevisionId: number | null;
  before: string;
  after: string;
}

interface EntryBase {
  id: number;
  /** This entry's place in the feed: `before` for the page after it. */
  cursor: string;
  time: Date;
  author: { handle: string; name: string };
}

/** A text written by hand: an edit, a revert (of a cell, in review, in bulk), a resolved conflict. */
export interface RevisionActivity extends EntryBase {
  source: "revision";
  kind: RevisionKind;
  note: string | null;
  cell: CellRef;
  change: TextChange;
}

/** A change of the rows (split, merge, …, undo, redo, an import or realignment), with the texts it changed. */
export interface AlignmentActivity extends EntryBase {
  source: "alignment";
  kind: AlignmentChangeKind;
  /** For undo and redo: the kind of the change first made (split, merge, …). */
  operation: string | null;
  /** The row it names, by its number now; null when it names none or the row is deleted. */
  rowNumber: number | null;
  /** The language it concerns (a shift, an import of one language), if one. */
  language: string | null;
  /** The first TEXT_CHANGES_SHOWN texts it changed, of textChangeCount. */
  textChanges: TextChange[];
  textChangeCount: number;
}

export interface ReviewActivity extends EntryBase {
  source: "review";
  verdict: ReviewVerdict;
  note: string | null;
  cell: CellRef;
  /** The revision decided on, from its parent; null for a decision on a cell that never had text. */
  change: TextChange | null;
}

export interface SnapshotActivity extends EntryBase {
  source: "snapshot";
  name: string;
}

export type ActivityEntry = RevisionActivity | AlignmentActivity | ReviewActivity | SnapshotActivity;

export interface ActivityPage {
  /** Newest first. */
  entries: ActivityEntry[];
  /** The cursor of the next (older) page; null on the last page. */
  next: string | null;
}

const cursorOf = (source: ActivitySource, time: Date, id: number) => `${time.toISOString()}~${source}~${id}`;

/**
 * Who changed what in a document, newest first, `limit` entries after the
 * `before` cursor. Revisions that an alignment change wrote (split, merge,
 * import, realign, undo, redo) are shown as that change, once, not as one
 * entry per cell.
 */
export async function listActivity(db: Db, rawInput: ListActivityInput): Promise<ActivityPage> {
  const input = parseInput(ListActivityInput, rawInput, "activity query");
  const take = input.limit + 1;
  const found = await readConsistently(db, async (tx) => {
    await requireDocument(tx, input.documentId);
    const page = { documentId: input.documentId, take, before: input.before };
    // One at a time: a transaction's queries share its connection.
    const revisions = await readRevisions(tx, page);
    const alignment = await readAlignmentChanges(tx, page);
    const reviews = await readReviews(tx, page);
    const snapshots = await readSnapshots(tx, page);
    return [...revisions, ...alignment, ...reviews, ...snapshots];
  });
  const rank = (entry: ActivityEntry) => ACTIVITY_SOURCES.indexOf(entry.source);
  found.sort((a, b) => b.time.getTime() - a.time.getTime() || rank(b) - rank(a) || b.id - a.id);
  const entries = found.slice(0, input.limit);
  return { entries, next: found.length > input.limit ? entries.at(-1)!.cursor : null };
}

interface PageQuery {
  documentId: number;
  take: number;
  before: z.output<typeof ActivityCursor> | undefined;
}

/** The rows of one source that come after the cursor in the feed's order (time, source, id; all descending). */
function afterCursor(source: ActivitySource, time: Prisma.Sql, id: Prisma.Sql, before: PageQuery["before"]): Prisma.Sql {
  if (!before) return Prisma.sql`true`;
  return Prisma.sql`(${time}, ${ACTIVITY_SOURCES.indexOf(source)}::int, ${id}) < (${before.time}, ${before.rank}::int, ${before.id}::int)`;
}

const rowNumberOrNull = Prisma.sql`CASE WHEN s.id IS NULL THEN NULL ELSE ${rowNumberOfS} END`;

async function readRevisions(tx: Tx, { documentId, take, before }: PageQuery): Promise<RevisionActivity[]> {
  const found = await tx.$queryRaw<
    (CellColumns & {
      id: number;
      createdAt: Date;
      kind: RevisionKind;
      note: string | null;
      text: string;
      parentId: number | null;
      parentText: string | null;
      handle: string;
      name: string;
    })[]
  >`
    WITH logged AS (${revisionsOfAlignmentChanges(documentId)})
    SELECT r.id, r."createdAt", r.kind, r.note, r.text, r."parentId", p.text AS "parentText", u.handle, u.name,
           c.id AS "cellId", s."documentId", s.id AS "segmentId", ${rowNumberOfS} AS "rowNumber", l.code AS language
      FROM "Revision" r JOIN "Cell" c ON c.id = r."cellId" JOIN "Segment" s ON s.id = c."segmentId"
      JOIN "DocumentLanguage" l ON l.id = c."languageId" JOIN "User" u ON u.id = r."authorId"
      LEFT JOIN "Revision" p ON p.id = r."parentId"
     WHERE s."documentId" = ${documentId} AND l."deletedAt" IS NULL
       AND r.kind NOT IN ('import', 'split', 'merge', 'shift') AND NOT EXISTS (SELECT 1 FROM logged WHERE logged.id = r.id)
       AND ${afterCursor("revision", Prisma.sql`r."createdAt"`, Prisma.sql`r.id`, before)}
     ORDER BY r."createdAt" DESC, r.id DESC
     LIMIT ${take}`;
  return found.map((row) => ({
    source: "revision",
    id: row.id,
    cursor: cursorOf("revision", row.createdAt, row.id),
    time: row.createdAt,
    author: { handle: row.handle, name: row.name },
    kind: row.kind,
    note: row.note,
    cell: cellRef(row),
    change: {
      cellId: row.cellId,
      language: row.language,
      fromRevisionId: row.parentId,
      toRevisionId: row.id,
      before: row.parentText ?? "",
      after: row.text,
    },
  }));
}

async function readAlignmentChanges(tx: Tx, { documentId, take, before }: PageQuery): Promise<AlignmentActivity[]> {
  const found = await tx.$queryRaw<
    {
      id: number;
      createdAt: Date;
      kind: AlignmentChangeKind;
      handle: string;
      name: string;
      operation: string | null;
      language: string | null;
      rowNumber: number | null;
      textChanges: TextChange[];
      textChangeCount: number;
    }[]
  >`
    WITH page AS (
      SELECT a.id, a."createdAt", a.kind, a.details, u.handle, u.name
        FROM "AlignmentChange" a JOIN "User" u ON u.id = a."authorId"
       WHERE a."documentId" = ${documentId} AND ${afterCursor("alignment", Prisma.sql`a."createdAt"`, Prisma.sql`a.id`, before)}
       ORDER BY a."createdAt" DESC, a.id DESC
       LIMIT ${take})
    SELECT page.id, page."createdAt", page.kind, page.handle, page.name,
           page.details->'summary'->>'operation' AS operation,
           page.details->'summary'->>'languageCode' AS language,
           ${rowNumberOrNull} AS "rowNumber", texts."textChanges", texts."textChangeCount"
      FROM page
      LEFT JOIN "Segment" s ON s.id = (page.details->'summary'->>'segmentId')::int
      CROSS JOIN LATERAL (
        SELECT coalesce(
                 jsonb_agg(jsonb_build_object(
                   'cellId', e.value->'id', 'language', e.value->'language',
                   'fromRevisionId', e.value->'head'->0, 'toRevisionId', e.value->'head'->1,
                   'before', e.value->'text'->0, 'after', e.value->'text'->1) ORDER BY e.position)
                 FILTER (WHERE e.position <= ${TEXT_CHANGES_SHOWN}),
                 '[]'::jsonb) AS "textChanges",
               count(*)::int AS "textChangeCount"
          FROM (SELECT cell.value, row_number() OVER (ORDER BY cell.ordinality) AS position
                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(page.details->'cells') = 'array' THEN page.details->'cells' ELSE '[]'::jsonb END)
                         WITH ORDINALITY AS cell(value, ordinality)
                 WHERE cell.value->'text' IS NOT NULL) e
      ) texts
     ORDER BY page."createdAt" DESC, page.id DESC`;
  return found.map((row) => ({
    source: "alignment",
    id: row.id,
    cursor: cursorOf("alignment", row.createdAt, row.id),
    time: row.createdAt,
    author: { handle: row.handle, name: row.name },
    kind: row.kind,
    operation: row.operation,
    rowNumber: row.rowNumber,
    language: row.language,
    textChanges: row.textChanges,
    textChangeCount: row.textChangeCount,
  }));
}

async function readReviews(tx: Tx, { documentId, take, before }: PageQuery): Promise<ReviewActivity[]> {
  const found = await tx.$queryRaw<
    (CellColumns & {
      id: number;
      createdAt: Date;
      verdict: ReviewVerdict;
      note: string | null;
      handle: string;
      name: string;
      revisionId: number | null;
      text: string | null;
      parentId: number | null;
      parentText: string | null;
    })[]
  >`
    SELECT d.id, d."createdAt", d.verdict, d.note, u.handle, u.name,
           c.id AS "cellId", s."documentId", s.id AS "segmentId", ${rowNumberOfS} AS "rowNumber", l.code AS language,
           r.id AS "revisionId", r.text, r."parentId", p.text AS "parentText"
      FROM "ReviewDecision" d JOIN "User" u ON u.id = d."reviewerId"
      JOIN "Cell" c ON c.id = d."cellId" JOIN "Segment" s ON s.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
      LEFT JOIN "Revision" r ON r.id = d."revisionId" LEFT JOIN "Revision" p ON p.id = r."parentId"
     WHERE s."documentId" = ${documentId} AND l."deletedAt" IS NULL AND ${afterCursor("review", Prisma.sql`d."createdAt"`, Prisma.sql`d.id`, before)}
     ORDER BY d."createdAt" DESC, d.id DESC
     LIMIT ${take}`;
  return found.map((row) => ({
    source: "review",
    id: row.id,
    cursor: cursorOf("review", row.createdAt, row.id),
    time: row.createdAt,
    author: { handle: row.handle, name: row.name },
    verdict: row.verdict,
    note: row.note,
    cell: cellRef(row),
    change:
      row.revisionId === null
        ? null
        : {
            cellId: row.cellId,
            language: row.language,
            fromRevisionId: row.parentId,
            toRevisionId: row.revisionId,
            before: row.parentText ?? "",
            after: row.text ?? "",
          },
  }));
}

async function readSnapshots(tx: Tx, { documentId, take, before }: PageQuery): Promise<SnapshotActivity[]> {
  const found = await tx.$queryRaw<{ id: number; createdAt: Date; name: string; handle: string; authorName: string }[]>`
    SELECT n.id, n."createdAt", n.name, u.handle, u.name AS "authorName"
      FROM "Snapshot" n JOIN "User" u ON u.id = n."authorId"
     WHERE n."documentId" = ${documentId} AND ${afterCursor("snapshot", Prisma.sql`n."createdAt"`, Prisma.sql`n.id`, before)}
     ORDER BY n."createdAt" DESC, n.id DESC
     LIMIT ${take}`;
  return found.map((row) => ({
    source: "snapshot",
    id: row.id,
    cursor: cursorOf("snapshot", row.createdAt, row.id),
    time: row.createdAt,
    author: { handle: row.handle, name: row.authorName },
    name: row.name,
  }));
}

interface CellColumns {
  cellId: number;
  documentId: number;
  segmentId: number;
  rowNumber: number | null;
  language: string;
}

const cellRef = (row: CellColumns): CellRef => ({
  id: row.cellId,
  documentId: row.documentId,
  segmentId: row.segmentId,
  rowNumber: row.rowNumber,
  language: row.language,
});
