import { z } from "zod";
import { writeCellText } from "../cells/write-cell-text";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { type CellStatus, ReviewVerdict } from "../db/generated/enums";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import {
  type CellRef,
  describeCells,
  assertCellsOfDocument,
  documentNotFound,
  rowNumberOfS,
  userNotFound,
  type UserRef,
} from "./review-common";

const Decision = z.object({
  cellId: Id,
  /** The head revision the reviewer looked at; null for a cell that never had text. */
  revisionId: Id.nullable(),
  verdict: z.enum(ReviewVerdict),
  note: z.string().trim().max(2000).optional(),
});

// The translator reads the note to learn what was wrong; a rejection without one teaches nothing.
const rejectionNeedsNote = (decision: z.output<typeof Decision>, context: z.RefinementCtx) => {
  if (decision.verdict === "reject" && !decision.note) {
    context.addIssue({ code: "custom", path: ["note"], message: "a rejection needs a note saying what is wrong" });
  }
};

/** `documentId`: the document the reviewer is in; a cell of another document is 404. */
export const DecideReviewInput = Decision.extend({ documentId: Id, reviewerId: Id }).superRefine(rejectionNeedsNote);
export type DecideReviewInput = z.input<typeof DecideReviewInput>;

export const DecideReviewsInput = z
  .object({ documentId: Id, decisions: z.array(Decision.superRefine(rejectionNeedsNote)).min(1).max(1000), reviewerId: Id })
  .superRefine(({ decisions }, context) => {
    const seen = new Set<number>();
    decisions.forEach(({ cellId }, index) => {
      if (seen.has(cellId))
        context.addIssue({ code: "custom", path: ["decisions", index, "cellId"], message: `cell ${cellId} is decided twice` });
      seen.add(cellId);
    });
  });
export type DecideReviewsInput = z.input<typeof DecideReviewsInput>;

export interface ReviewedCell {
  id: number;
  text: string;
  status: CellStatus;
  stale: boolean;
  version: number;
  headRevisionId: number | null;
  approvedRevisionId: number | null;
}

export interface ReviewOutcome {
  cell: ReviewedCell;
  decisionId: number;
  /** The revision a rejection wrote to put the approved text back; null when the text was already that. */
  revertRevisionId: number | null;
}

const reviewedCell = {
  id: true,
  text: true,
  status: true,
  stale: true,
  version: true,
  headRevisionId: true,
  approvedRevisionId: true,
} as const;

/**
 * Records decisions and applies them, all or none, inside the caller's
 * transaction. Every cell must belong to the document (404 otherwise); each
 * is locked (in id order, so two reviewers' batches cannot deadlock) and
 * must still be at the revision its reviewer saw; otherwise nothing is
 * written and the 409 names each cell that moved. Approvals take three
 * statements however many cells; each rejection writes a revision as well.
 */
async function applyDecisions(
  tx: Tx,
  documentId: number,
  decisions: z.output<typeof Decision>[],
  reviewerId: number,
): Promise<ReviewOutcome[]> {
  const cellIds = decisions.map((decision) => decision.cellId);
  // The document share-locked (as a save does: structural changes, which lock it exclusively, wait or are waited
  // for), the reviewer, and which of the cells are the document's: none of these change under that lock.
  const [found] = await tx.$queryRaw<{ document: number | null; reviewer: UserRef | null; known: number[] }[]>`
    SELECT (SELECT json_build_object('id', id, 'handle', handle, 'name', name) FROM "User" WHERE id = ${reviewerId}) AS reviewer,
           (SELECT id FROM "Document" WHERE id = ${documentId} FOR SHARE) AS document,
           ARRAY(SELECT c.id FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId"
                  WHERE c.id = ANY(${cellIds}::int[]) AND l."documentId" = ${documentId} AND l."deletedAt" IS NULL) AS known`;
  const { reviewer, document, known } = found!;
  if (!reviewer) throw userNotFound(reviewerId);
  if (!document) throw documentNotFound(documentId);
  assertCellsOfDocument(documentId, cellIds, known);
  // A statement of its own, after the document's lock: it reads what committed while that was awaited.
  const locked = await tx.$queryRaw<{ id: number; headRevisionId: number | null; approvedText: string }[]>`
    SELECT c.id, c."headRevisionId", coalesce(approved.text, '') AS "approvedText"
      FROM "Cell" c LEFT JOIN "Revision" approved ON approved.id = c."approvedRevisionId"
     WHERE c.id = ANY(${cellIds}::int[]) ORDER BY c.id FOR UPDATE OF c`;
  const cells = new Map(locked.map((cell) => [cell.id, cell]));

  const moved = decisions.filter((decision) => cells.get(decision.cellId)!.headRevisionId !== decision.revisionId);
  if (moved.length) {
    const names = await describeCells(
      tx,
      moved.map((decision) => decision.cellId),
    );
    throw new AppError(
      "review_conflict",
      `Nothing was decided: ${names.join(", ")} changed after you looked at ${moved.length === 1 ? "it" : "them"}. Review the new text`,
      {
        status: 409,
        details: {
          cells: moved.map(({ cellId, revisionId }) => ({
            cellId,
            reviewedRevisionId: revisionId,
            headRevisionId: cells.get(cellId)!.headRevisionId,
          })),
        },
      },
    );
  }

  // The decisions recorded and the approvals applied in one statement (the heads were just checked under lock:
  // approving means recording them as approved), answering each cell's state after it.
  const approvals = decisions.filter((decision) => decision.verdict === "approve").map((decision) => decision.cellId);
  const recorded = await tx.$queryRaw<(ReviewedCell & { decisionId: number })[]>`
    WITH recorded AS (
      INSERT INTO "ReviewDecision" ("cellId", "revisionId", verdict, "reviewerId", note, "createdAt")
      SELECT v."cellId", v."revisionId", v.verdict::"ReviewVerdict", ${reviewer.id}, v.note, ${new Date()}
        FROM unnest(${cellIds}::int[], ${decisions.map((decision) => decision.revisionId)}::int[],
                    ${decisions.map((decision) => decision.verdict)}::text[], ${decisions.map((decision) => decision.note || null)}::text[])
             AS v("cellId", "revisionId", verdict, note)
      RETURNING id, "cellId"
    ), approved AS (
      UPDATE "Cell" SET "approvedRevisionId" = "headRevisionId", status = 'approved', "updatedAt" = now()
       WHERE id = ANY(${approvals}::int[])
      RETURNING id, status, "approvedRevisionId"
    )
    SELECT r.id AS "decisionId", c.id, c.text, coalesce(a.status, c.status) AS status, c.stale, c.version, c."headRevisionId",
           CASE WHEN a.id IS NULL THEN c."approvedRevisionId" ELSE a."approvedRevisionId" END AS "approvedRevisionId"
      FROM recorded r JOIN "Cell" c ON c.id = r."cellId" LEFT JOIN approved a ON a.id = c.id`;
  const decisionOf = new Map(recorded.map((row) => [row.id, row.decisionId]));
  let states = new Map(recorded.map(({ decisionId: _decisionId, ...cell }) => [cell.id, cell as ReviewedCell]));

  const rejections = decisions.filter((decision) => decision.verdict === "reject");
  const reverts = new Map<number, number>();
  for (const { cellId, note } of rejections) {
    const written = await writeCellText(tx, {
      cellId,
      text: cells.get(cellId)!.approvedText,
      authorId: reviewer.id,
      kind: "revert",
      note: `Rejected in review by ${reviewer.name}: ${note}`,
    });
    if (written) reverts.set(cellId, written.revision.id);
  }
  if (rejections.length) {
    // A rejected head that was itself the approved revision stays as it is
    // (the approved text is its own), so its approval is what gets withdrawn:
    // the cell is back in the queue. Otherwise the head now holds the
    // approved text again, pending approval.
    await tx.$executeRaw`
      UPDATE "Cell"
         SET status = (CASE WHEN text = '' THEN 'draft' ELSE 'translated' END)::"CellStatus",
             "approvedRevisionId" = CASE WHEN "approvedRevisionId" = "headRevisionId" THEN NULL ELSE "approvedRevisionId" END,
             "updatedAt" = now()
       WHERE id = ANY(${rejections.map((decision) => decision.cellId)}::int[])`;
    states = new Map((await tx.cell.findMany({ where: { id: { in: cellIds } }, select: reviewedCell })).map((cell) => [cell.id, cell]));
  }
  return cellIds.map((cellId) => ({
    cell: states.get(cellId)!,
    decisionId: decisionOf.get(cellId)!,
    revertRevisionId: reverts.get(cellId) ?? null,
  }));
}

/**
 * A reviewer's verdict on a cell's head revision. Approve: the head becomes
 * the approved revision and the cell `approved`. Reject (a note is
 * required): the text goes back to the approved text ('' when none was ever
 * approved) as a new `revert` revision, and the cell to `translated` (`draft`
 * when empty). 409, writing nothing, when the head is no longer `revisionId`;
 * 404 when the cell is not in `documentId`.
 */
export async function decideReview(db: Db, rawInput: DecideReviewInput): Promise<ReviewOutcome> {
  const { documentId, reviewerId, ...decision } = parseInput(DecideReviewInput, rawInput, "review decision");
  return inTransaction(db, async (tx) => {
    const [outcome] = await applyDecisions(tx, documentId, [decision], reviewerId);
    return outcome!;
  });
}

/** Several decisions by one reviewer, in one transaction: all are applied, or (on any 409) none. Outcomes in input order. */
export async function decideReviews(db: Db, rawInput: DecideReviewsInput): Promise<ReviewOutcome[]> {
  const input = parseInput(DecideReviewsInput, rawInput, "review decisions");
  return inTransaction(db, async (tx) => applyDecisions(tx, input.documentId, input.decisions, input.reviewerId));
}

export const ListReviewDecisionsInput = z.object({
  documentId: Id.optional(),
  cellId: Id.optional(),
  reviewerId: Id.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ListReviewDecisionsInput = z.input<typeof ListReviewDecisionsInput>;

export interface ReviewDecisionEntry {
  id: number;
  verdict: ReviewVerdict;
  note: string | null;
  createdAt: Date;
  reviewer: UserRef;
  cell: CellRef;
  /** The revision decided on; null for a decision on a cell that never had text. */
  revision: { id: number; text: string } | null;
}

/** Who decided what and when, newest first. The filters combine; ids that name nothing match nothing. */
export async function listReviewDecisions(db: Db, rawInput: ListReviewDecisionsInput): Promise<ReviewDecisionEntry[]> {
  const input = parseInput(ListReviewDecisionsInput, rawInput, "review decision list");
  const conditions = [
    input.documentId === undefined ? null : Prisma.sql`s."documentId" = ${input.documentId}`,
    input.cellId === undefined ? null : Prisma.sql`d."cellId" = ${input.cellId}`,
    input.reviewerId === undefined ? null : Prisma.sql`d."reviewerId" = ${input.reviewerId}`,
  ].filter((condition) => condition !== null);
  const found = await db.$queryRaw<
    {
      id: number;
      verdict: ReviewVerdict;
      note: string | null;
      createdAt: Date;
      reviewerId: number;
      handle: string;
      name: string;
      cellId: number;
      documentId: number;
      segmentId: number;
      rowNumber: number | null;
      language: string;
      revisionId: number | null;
      revisionText: string | null;
    }[]
  >`
    SELECT d.id, d.verdict, d.note, d."createdAt", u.id AS "reviewerId", u.handle, u.name,
           c.id AS "cellId", s."documentId", s.id AS "segmentId", ${rowNumberOfS} AS "rowNumber", l.code AS language,
           r.id AS "revisionId", r.text AS "revisionText"
      FROM "ReviewDecision" d JOIN "User" u ON u.id = d."reviewerId"
      JOIN "Cell" c ON c.id = d."cellId" JOIN "Segment" s ON s.id = c."segmentId" JOIN "DocumentLanguage" l ON l.id = c."languageId"
      LEFT JOIN "Revision" r ON r.id = d."revisionId"
     WHERE l."deletedAt" IS NULL AND ${conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`true`}
     ORDER BY d.id DESC LIMIT ${input.limit}`;
  return found.map((row) => ({
    id: row.id,
    verdict: row.verdict,
    note: row.note,
    createdAt: row.createdAt,
    reviewer: { id: row.reviewerId, handle: row.handle, name: row.name },
    cell: { id: row.cellId, documentId: row.documentId, segmentId: row.segmentId, rowNumber: row.rowNumber, language: row.language },
    revision: row.revisionId === null ? null : { id: row.revisionId, text: row.revisionText! },
  }));
}
