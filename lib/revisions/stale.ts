import { z } from "zod";
import { CellSeen, type CellState, confirmCellSource } from "../cells/save-cell";
import type { Db } from "../db/client";
import { diffText, type DiffOp } from "../diff";
import { AppError } from "../errors";
import { Id } from "../schemas";
import { parseInput } from "../validation";

export const SourceChangeInput = z.object({ cellId: Id });
export type SourceChangeInput = z.input<typeof SourceChangeInput>;

export interface SourceChange {
  cell: { id: number; language: string; text: string; stale: boolean; headRevisionId: number | null };
  original: {
    cellId: number;
    language: string;
    /** The original as it was when this cell was last written (revision null, text '' when it was empty then). */
    then: { revisionId: number | null; text: string };
    now: { revisionId: number | null; text: string };
  };
  /** Word diff of the original, then → now: what the translation may have to follow. */
  ops: DiffOp[];
}

/**
 * What changed in the original since a translation was last written: the
 * original-language cell of the same row, then and now. "Then" is the
 * original's latest revision made before this cell's head; revision ids
 * order revisions exactly, where timestamps can tie within a millisecond.
 * One query.
 */
export async function sourceChangeSince(db: Db, rawInput: SourceChangeInput): Promise<SourceChange> {
  const { cellId } = parseInput(SourceChangeInput, rawInput, "source change query");
  const [found] = await db.$queryRaw<
    {
      id: number;
      language: string;
      isOriginal: boolean;
      text: string;
      stale: boolean;
      headRevisionId: number | null;
      originalCellId: number | null;
      originalLanguage: string | null;
      originalText: string | null;
      originalHeadId: number | null;
      thenId: number | null;
      thenText: string | null;
    }[]
  >`
    SELECT c.id, l.code AS language, l."isOriginal", c.text, c.stale, c."headRevisionId",
           o.id AS "originalCellId", ol.code AS "originalLanguage", o.text AS "originalText", o."headRevisionId" AS "originalHeadId",
           then_.id AS "thenId", then_.text AS "thenText"
      FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId"
      LEFT JOIN "DocumentLanguage" ol ON ol."documentId" = l."documentId" AND ol."isOriginal"
      LEFT JOIN "Cell" o ON o."segmentId" = c."segmentId" AND o."languageId" = ol.id
      LEFT JOIN LATERAL (
        SELECT r.id, r.text FROM "Revision" r
         WHERE r."cellId" = o.id AND r.id < c."headRevisionId"
         ORDER BY r.id DESC LIMIT 1) then_ ON true
     WHERE c.id = ${cellId}`;
  if (!found) throw new AppError("cell_not_found", `There is no cell ${cellId}`, { status: 404 });
  if (found.isOriginal) {
    throw new AppError(
      "cell_is_original",
      `Cell ${cellId} is in the original language (${found.language}); only translations follow a source`,
      { status: 400 },
    );
  }
  if (found.originalCellId === null) {
    throw new AppError("original_not_found", `The document of cell ${cellId} has no original language to compare with`, { status: 404 });
  }
  const then = { revisionId: found.thenId, text: found.thenText ?? "" };
  const now = { revisionId: found.originalHeadId, text: found.originalText! };
  return {
    cell: { id: found.id, language: found.language, text: found.text, stale: found.stale, headRevisionId: found.headRevisionId },
    original: { cellId: found.originalCellId, language: found.originalLanguage!, then, now },
    ops: diffText(then.text, now.text),
  };
}

export const ConfirmStillValidInput = CellSeen.extend({ cellId: Id, userId: Id });
export type ConfirmStillValidInput = z.input<typeof ConfirmStillValidInput>;

/**
 * A translator has read the original's change and the translation still
 * holds: the stale flag goes, no revision is written (the text did not
 * change). Idempotent: a cell that is not stale is answered as it is. Named
 * like a save: 409 `row_deleted` / `cell_moved` when the row the translator
 * saw changed, and the flag stays when the original moved on since.
 */
export async function confirmStillValid(
  db: Db,
  rawInput: ConfirmStillValidInput,
  options: { languageLimited?: boolean } = {},
): Promise<CellState> {
  const input = parseInput(ConfirmStillValidInput, rawInput, "confirmation");
  return confirmCellSource(db, {
    cellId: input.cellId,
    authorId: input.userId,
    languageLimited: options.languageLimited,
    seen: { segmentId: input.segmentId, sourceRevisionId: input.sourceRevisionId },
  });
}
