import { z } from "zod";
import type { RevisionSummary } from "../cells/save-cell";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { CellStatus } from "../db/generated/enums";
import { readConsistently } from "../db/transaction";
import { diffText, type DiffOp } from "../diff";
import { AppError } from "../errors";
import { Id, LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { PastPoint } from "./inputs";
import { liveRows } from "./review-common";
import { readSnapshot } from "./versions";

export const ReviewQueueInput = z.object({
  documentId: Id,
  /** Language codes; all the document's languages when left out or empty. */
  languages: z.array(LanguageCode).max(20).optional(),
  /** Review what changed since a snapshot or a moment instead of since the last approval. */
  since: PastPoint.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type ReviewQueueInput = z.input<typeof ReviewQueueInput>;

export interface ReviewQueueItem {
  cellId: number;
  segmentId: number;
  rowNumber: number;
  language: string;
  status: CellStatus;
  stale: boolean;
  head: RevisionSummary;
  /**
   * What the head is compared with: the approved revision, or with `since`
   * the revision the cell showed at that point; revisionId null and text ''
   * when there was none.
   */
  base: { revisionId: number | null; text: string };
  /** Word diff base → head. */
  ops: DiffOp[];
}

export interface ReviewQueue {
  /** The page asked for, in row order and, within a row, in column order (original first). */
  items: ReviewQueueItem[];
  /** Cells in the queue, all pages. */
  total: number;
  /** The chosen languages' cells on live rows, by status. */
  counts: Record<CellStatus, number>;
}

/**
 * Each cell's base, as `(cellId, id, text)`: its approved revision, or the
 * revision it showed at a past point. One query part whatever the size of
 * the document.
 */
async function baseRevisions(tx: Tx, documentId: number, since: z.output<typeof PastPoint> | undefined): Promise<Prisma.Sql> {
  if (!since) {
    return Prisma.sql`
      SELECT c.id AS "cellId", r.id, r.text
        FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId" JOIN "Revision" r ON r.id = c."approvedRevisionId"
       WHERE s."documentId" = ${documentId}`;
  }
  if ("time" in since) {
    // Revision order is id order; the moment only decides which ones had been made.
    return Prisma.sql`
      SELECT DISTINCT ON (r."cellId") r."cellId", r.id, r.text
        FROM "Revision" r JOIN "Cell" c ON c.id = r."cellId" JOIN "Segment" s ON s.id = c."segmentId"
       WHERE s."documentId" = ${documentId} AND r."createdAt" <= ${since.time}
       ORDER BY r."cellId", r.id DESC`;
  }
  const { state } = await readSnapshot(tx, documentId, since.snapshotId);
  // A revision belongs to one cell for good (a shift moves the cell, not its
  // revisions), so the snapshot's revision ids find each cell's base however
  // its rows were rearranged since. A cell it showed empty has no base; a
  // state naming two revisions of one cell (hand-made) counts the later.
  const ids = state.rows.flatMap((row) => Object.values(row.cells).filter((id): id is number => id !== null));
  return Prisma.sql`
    SELECT DISTINCT ON (r."cellId") r."cellId", r.id, r.text
      FROM "Revision" r WHERE r.id = ANY(${ids}::int[])
     ORDER BY r."cellId", r.id DESC`;
}

/**
 * What a reviewer has to look at: every cell of the chosen languages on a
 * live row whose head is not its base (the approved revision, or with
 * `since` the revision it showed at that point), with the word diff. Heads
 * are compared, not texts: a head that says what the base says (an edit
 * undone by hand, a rejected edit reverted) is still unapproved, and shows
 * as an all-equal diff for the reviewer to approve again.
 * Four queries or fewer, whatever the size of the document.
 */
export async function getReviewQueue(db: Db, rawInput: ReviewQueueInput): Promise<ReviewQueue> {
  const input = parseInput(ReviewQueueInput, rawInput, "review queue");
  return readConsistently(db, async (tx) => {
    const document = await tx.document.findUnique({
      where: { id: input.documentId },
      select: { id: true, languages: { where: { deletedAt: null }, select: { id: true, code: true } } },
    });
    if (!document) throw new AppError("document_not_found", `There is no document ${input.documentId}`, { status: 404 });
    const wanted = input.languages?.length ? input.languages : document.languages.map((language) => language.code);
    const unknown = wanted.filter((code) => !document.languages.some((language) => language.code === code));
    if (unknown.length) {
      throw new AppError("language_not_found", `Document ${document.id} has no language ${unknown.join(", ")}`, { status: 404 });
    }
    const languageIds = document.languages.filter((language) => wanted.includes(language.code)).map((language) => language.id);

    const cte = Prisma.sql`
      WITH live AS (${liveRows(document.id)}),
      base AS (${await baseRevisions(tx, document.id, input.since)}),
      queue AS (
        SELECT c.id, c."segmentId", live.number, c."languageId", c.status, c.stale, c.text, c."headRevisionId",
               base.id AS "baseId", coalesce(base.text, '') AS "baseText"
          FROM live JOIN "Cell" c ON c."segmentId" = live.id LEFT JOIN base ON base."cellId" = c.id
         WHERE c."languageId" = ANY(${languageIds}::int[]) AND c."headRevisionId" IS DISTINCT FROM base.id)`;

    // A base is a revision of its cell, so a cell whose head is not its base has a head.
    const page = await tx.$queryRaw<
      {
        id: number;
        segmentId: number;
        number: number;
        language: string;
        status: CellStatus;
        stale: boolean;
        text: string;
        headRevisionId: number;
        baseId: number | null;
        baseText: string;
        createdAt: Date;
        handle: string;
        name: string;
      }[]
    >`
      ${cte}
      SELECT q.id, q."segmentId", q.number, l.code AS language, q.status, q.stale, q.text, q."headRevisionId", q."baseId", q."baseText",
             h."createdAt", u.handle, u.name
        FROM queue q JOIN "DocumentLanguage" l ON l.id = q."languageId"
        JOIN "Revision" h ON h.id = q."headRevisionId" JOIN "User" u ON u.id = h."authorId"
       ORDER BY q.number, l."isOriginal" DESC, l.position
      OFFSET ${input.offset} LIMIT ${input.limit}`;

    const tallies = await tx.$queryRaw<{ key: string; count: number }[]>`
      ${cte}
      SELECT 'queue' AS key, count(*)::int AS count FROM queue
      UNION ALL
      SELECT c.status::text AS key, count(*)::int AS count
        FROM live JOIN "Cell" c ON c."segmentId" = live.id
       WHERE c."languageId" = ANY(${languageIds}::int[])
       GROUP BY c.status`;
    const tally = new Map(tallies.map((row) => [row.key, row.count]));

    return {
      items: page.map((cell) => ({
        cellId: cell.id,
        segmentId: cell.segmentId,
        rowNumber: cell.number,
        language: cell.language,
        status: cell.status,
        stale: cell.stale,
        head: { id: cell.headRevisionId, text: cell.text, createdAt: cell.createdAt, author: { handle: cell.handle, name: cell.name } },
        base: { revisionId: cell.baseId, text: cell.baseText },
        ops: diffText(cell.baseText, cell.text),
      })),
      total: tally.get("queue") ?? 0,
      counts: Object.fromEntries(Object.values(CellStatus).map((status) => [status, tally.get(status) ?? 0])) as Record<CellStatus, number>,
    };
  });
}
