/**
 * A document's quality checks: read from storage (CellCheck, kept current by
 * ./checks-store.ts) for the rows API, `wb check`, the counts and review, and
 * dismissed; `loadForChecks` reads a document's texts to check them in memory.
 */
import { z } from "zod";
import {
  CHECK_KINDS,
  documentContext,
  presentCheck,
  type Check,
  type CheckedDocument,
  type CheckKind,
  type DocumentContext,
  type Severity,
} from "../checks";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { decideReviews, type DecideReviewsInput } from "../revisions/review";
import { getReviewQueue, type ReviewQueue, type ReviewQueueInput, type ReviewQueueItem } from "../revisions/review-queue";
import { Id } from "../schemas";
import { parseInput } from "../validation";
import { bringChecksCurrent, recheckSoon, type Dismissal, type StoredCheck } from "./checks-store";

export { bringChecksCurrent, queuedRechecksDone, recheckCells, recheckDocument, type Dismissal } from "./checks-store";

export interface LoadedDocument {
  document: CheckedDocument;
  context: DocumentContext;
  /** The rows' segment ids, in the document's order (index = row number − 1). */
  segmentIds: number[];
}

/** A document's live rows with every language's text, and what the document-level checks need. */
export async function loadForChecks(db: Db, slug: string): Promise<LoadedDocument> {
  const found = await db.document.findUnique({
    where: { slug },
    select: {
      id: true,
      languages: {
        where: { deletedAt: null },
        orderBy: [{ isOriginal: "desc" }, { position: "asc" }],
        select: { id: true, code: true, isOriginal: true },
      },
    },
  });
  if (!found) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  const [row] = await db.$queryRaw<{ stamp: string }[]>`
    SELECT md5(coalesce(string_agg(concat_ws(':', s.id, s.position, c."languageId", c."headRevisionId"), ',' ORDER BY s.id, c."languageId"), '')) AS stamp
      FROM "Segment" s JOIN "Cell" c ON c."segmentId" = s.id WHERE s."documentId" = ${found.id} AND s."deletedAt" IS NULL`;
  const key = `${found.id}:${found.languages.map((language) => `${language.id}=${language.code}${language.isOriginal ? "*" : ""}`).join(",")}:${row?.stamp}`;
  const loaded = loadedBy.get(db) ?? new Map<number, { key: string; document: LoadedDocument }>();
  loadedBy.set(db, loaded);
  const cached = loaded.get(found.id);
  if (cached?.key === key) return cached.document;
  const document = await readForChecks(db, found);
  loaded.delete(found.id);
  loaded.set(found.id, { key, document });
  // A few documents at most: one of 10,000 rows × 3 languages holds some 15 MB of text.
  for (const id of loaded.keys()) if (loaded.size > LOADED_DOCUMENTS) loaded.delete(id);
  return document;
}

/**
 * The last documents read for checks, per database client and document id,
 * with what they were read at:
 * every live row's id and position and every cell's head revision (a text
 * never changes without a new head revision), so any edit, import or change
 * of rows reads the document afresh; the rows API asks again for each page.
 */
const loadedBy = new WeakMap<Db, Map<number, { key: string; document: LoadedDocument }>>();
const LOADED_DOCUMENTS = 4;

async function readForChecks(
  db: Db,
  found: { id: number; languages: { id: number; code: string; isOriginal: boolean }[] },
): Promise<LoadedDocument> {
  // One flat query, each language's texts as an array in row order: Prisma's nested select costs seconds on 10,000 rows.
  const columns = await db.$queryRaw<{ segmentIds: number[]; texts: string[][] }[]>`
    SELECT array_agg(s.id ORDER BY s.position, s.id) AS "segmentIds",
           array[${Prisma.join(
             found.languages.map(
               (language) =>
                 Prisma.sql`array_agg(coalesce((SELECT c.text FROM "Cell" c WHERE c."segmentId" = s.id AND c."languageId" = ${language.id}), '') ORDER BY s.position, s.id)`,
             ),
           )}]::text[][] AS texts
      FROM "Segment" s WHERE s."documentId" = ${found.id} AND s."deletedAt" IS NULL`;
  const segmentIds = columns[0]?.segmentIds ?? [];
  const texts = columns[0]?.texts ?? [];
  const original = found.languages.find((language) => language.isOriginal) ?? found.languages[0];
  const document: CheckedDocument = {
    originalLanguage: original?.code ?? "",
    languages: found.languages.map((language) => language.code),
    rows: segmentIds.map((_, row) =>
      Object.fromEntries(found.languages.map((language, column) => [language.code, texts[column]?.[row] ?? ""])),
    ),
  };
  return { document, context: documentContext(document), segmentIds };
}

export interface FoundCheck extends Check {
  /** 1-based, as the workbench numbers rows. */
  row: number;
  language: string;
}

/** A check as the API and the workbench carry it: messages in English and Russian, and who dismissed it if someone did. */
export interface ShownCheck {
  kind: CheckKind;
  severity: Severity;
  message: { en: string; ru: string };
  dismissal?: Dismissal;
}

/** The numbers (1-based, among live rows) of these rows; deleted ones are left out. */
async function rowNumbers(db: Db | Tx, documentId: number, segmentIds: number[]): Promise<Map<number, number>> {
  if (!segmentIds.length) return new Map();
  const found = await db.$queryRaw<{ id: number; number: number }[]>`
    SELECT id, number FROM (SELECT id, row_number() OVER (ORDER BY position, id)::int AS number
                              FROM "Segment" WHERE "documentId" = ${documentId} AND "deletedAt" IS NULL) live
     WHERE id = ANY(${segmentIds}::int[])`;
  return new Map(found.map((row) => [row.id, row.number]));
}

/** A stored check as the engine gives it, the rows it names numbered as they are now. */
function asCheck(stored: StoredCheck, numbers: Map<number, number>): Check {
  if (!stored.segments) return { kind: stored.kind, severity: stored.severity, message: stored.message, params: stored.params };
  const rows = stored.segments.flatMap((id) => numbers.get(id) ?? []).sort((a, b) => a - b);
  return { kind: stored.kind, severity: stored.severity, message: stored.message, params: { ...stored.params, rows: rows.join(", ") } };
}

async function numbersFor(db: Db | Tx, documentId: number, stored: StoredCheck[][]) {
  return rowNumbers(db, documentId, [...new Set(stored.flat().flatMap((check) => check.segments ?? []))]);
}

/**
 * The stored checks of these cells, shown: each cell's failing `checks` and
 * its `dismissed` ones, and whether they are `behind` (stored for another
 * revision or row than the cell's, or never: a write since, whose re-check
 * has not run yet). A cell behind shows nothing checked for another
 * revision's text; checked in another row, its checks are shown until the
 * re-check replaces them. Bring the document current first where nothing
 * may be behind.
 */
export async function storedChecksOf(
  db: Db | Tx,
  documentId: number,
  cellIds: number[],
): Promise<Map<number, { checks: ShownCheck[]; dismissed: ShownCheck[]; behind: boolean }>> {
  if (!cellIds.length) return new Map();
  const found = await db.$queryRaw<{ cellId: number; checks: StoredCheck[]; sameRevision: boolean; sameRow: boolean }[]>`
    SELECT c.id AS "cellId", coalesce(k.checks, '[]') AS checks,
           k."cellId" IS NOT NULL AND k."revisionId" IS NOT DISTINCT FROM c."headRevisionId" AS "sameRevision",
           k."segmentId" IS NOT DISTINCT FROM c."segmentId" AS "sameRow"
      FROM "Cell" c LEFT JOIN "CellCheck" k ON k."cellId" = c.id WHERE c.id = ANY(${cellIds}::int[])`;
  const shown = found.map((row) => ({ ...row, checks: row.sameRevision ? row.checks : [] }));
  const numbers = await numbersFor(
    db,
    documentId,
    shown.map((row) => row.checks),
  );
  const show = (stored: StoredCheck): ShownCheck => ({
    ...presentCheck(asCheck(stored, numbers)),
    ...(stored.dismissal ? { dismissal: stored.dismissal } : {}),
  });
  return new Map(
    shown.map((row) => [
      row.cellId,
      {
        checks: row.checks.filter((check) => !check.dismissal).map(show),
        dismissed: row.checks.filter((check) => check.dismissal).map(show),
        behind: !row.sameRevision || !row.sameRow,
      },
    ]),
  );
}

async function documentIdOf(db: Db, slug: string): Promise<number> {
  const found = await db.document.findUnique({ where: { slug }, select: { id: true } });
  if (!found) throw new AppError("document_not_found", `There is no document "${slug}"`, { status: 404 });
  return found.id;
}

/** Every failing check of a document (dismissed ones left out), or of one of its languages, in row order: `wb check`. */
export async function documentChecks(db: Db, slug: string, language?: string): Promise<FoundCheck[]> {
  const documentId = await documentIdOf(db, slug);
  if (
    language !== undefined &&
    !(await db.documentLanguage.findFirst({ where: { documentId, code: language, deletedAt: null }, select: { id: true } }))
  ) {
    throw new AppError("language_not_found", `Document "${slug}" has no language ${JSON.stringify(language)}`, { status: 404 });
  }
  await bringChecksCurrent(db, documentId);
  const found = await db.$queryRaw<{ number: number; code: string; checks: StoredCheck[] }[]>`
    SELECT live.number, l.code, k.checks
      FROM (SELECT id, row_number() OVER (ORDER BY position, id)::int AS number
              FROM "Segment" WHERE "documentId" = ${documentId} AND "deletedAt" IS NULL) live
      JOIN "Cell" c ON c."segmentId" = live.id JOIN "DocumentLanguage" l ON l.id = c."languageId"
      JOIN "CellCheck" k ON k."cellId" = c.id
     WHERE k.kinds <> '{}' AND l."deletedAt" IS NULL AND (${language ?? null}::text IS NULL OR l.code = ${language ?? null}::text)
     ORDER BY live.number, l."isOriginal" DESC, l.position, l.id`;
  const numbers = await numbersFor(
    db,
    documentId,
    found.map((row) => row.checks),
  );
  return found.flatMap((row) =>
    row.checks.filter((check) => !check.dismissal).map((check) => ({ row: row.number, language: row.code, ...asCheck(check, numbers) })),
  );
}

/** Failing checks (not dismissed) by severity, over a document's live rows, in some languages or all. */
export async function checkCounts(db: Db, documentId: number, languageIds?: number[]): Promise<Record<Severity, number>> {
  await bringChecksCurrent(db, documentId);
  const [counts] = await db.$queryRaw<Record<Severity, number>[]>`
    SELECT coalesce(sum(k.errors), 0)::int AS error, coalesce(sum(k.warnings), 0)::int AS warning, coalesce(sum(k.infos), 0)::int AS info
      FROM "Segment" s JOIN "CellCheck" k ON k."segmentId" = s.id JOIN "DocumentLanguage" l ON l.id = k."languageId"
     WHERE s."documentId" = ${documentId} AND s."deletedAt" IS NULL AND l."deletedAt" IS NULL
       AND (${languageIds ?? null}::int[] IS NULL OR k."languageId" = ANY(${languageIds ?? null}::int[]))`;
  return counts ?? { error: 0, warning: 0, info: 0 };
}

/** The rows API's "checks" filter: a shown cell of the row (`live.id`) has a failing check, of this kind if named. */
export function failingCondition(languageIds: number[], kind?: CheckKind): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "Cell" c JOIN "CellCheck" k ON k."cellId" = c.id
                             WHERE c."segmentId" = live.id AND c."languageId" IN (${Prisma.join(languageIds)})
                               AND ${kind ? Prisma.sql`k.kinds @> ARRAY[${kind}]::text[]` : Prisma.sql`k.kinds <> '{}'`})`;
}

export const DismissCheckInput = z.object({
  kind: z.enum(CHECK_KINDS),
  /** The cell's head revision the dismissal is for (null: a cell that never had text). */
  revisionId: Id.nullable(),
  reason: z.string().trim().min(1, "must say why the check does not apply").max(1000),
});
export type DismissCheckInput = z.input<typeof DismissCheckInput>;

/**
 * Dismisses a failing check of a cell for its head revision, with a reason,
 * recorded with who and when: hidden while that revision is the head; any
 * edit brings it back if it still fails. 409 when the cell moved on
 * (`cell_conflict`), the check does not fail (`check_not_failing`) or is
 * already dismissed (`check_dismissed`).
 */
export async function dismissCheck(db: Db, cellId: number, rawInput: DismissCheckInput, authorId: number) {
  const input = parseInput(DismissCheckInput, rawInput, "check dismissal");
  const [cell] = await db.$queryRaw<{ documentId: number; headRevisionId: number | null }[]>`
    SELECT s."documentId", c."headRevisionId" FROM "Cell" c JOIN "Segment" s ON s.id = c."segmentId" WHERE c.id = ${cellId}`;
  if (!cell) throw new AppError("cell_not_found", `There is no cell ${cellId}`, { status: 404 });
  await bringChecksCurrent(db, cell.documentId);
  return inTransaction(db, async (tx) => {
    // The cell's row lock: no save can slip between the checks read here and the dismissal.
    const [locked] = await tx.$queryRaw<{ headRevisionId: number | null }[]>`
      SELECT "headRevisionId" FROM "Cell" WHERE id = ${cellId} FOR UPDATE`;
    if (locked!.headRevisionId !== input.revisionId) {
      throw new AppError("cell_conflict", "This cell was changed since its checks were shown: look at its checks again", {
        status: 409,
        details: { headRevisionId: locked!.headRevisionId },
      });
    }
    const [stored] = await tx.$queryRaw<{ revisionId: number | null; checks: StoredCheck[] }[]>`
      SELECT "revisionId", checks FROM "CellCheck" WHERE "cellId" = ${cellId} FOR UPDATE`;
    const same = stored && stored.revisionId === input.revisionId ? stored.checks.filter((check) => check.kind === input.kind) : [];
    const dismissed = same.find((check) => check.dismissal);
    if (dismissed?.dismissal) {
      throw new AppError("check_dismissed", `This check was already dismissed by ${dismissed.dismissal.author.name}`, {
        status: 409,
        details: { dismissal: dismissed.dismissal },
      });
    }
    if (!same.length) {
      throw new AppError("check_not_failing", `The ${input.kind} check does not fail for this cell`, { status: 409 });
    }
    const [created] = await tx.$queryRaw<{ id: number; createdAt: Date; handle: string; name: string }[]>`
      INSERT INTO "CheckDismissal" ("cellId", "revisionId", kind, reason, "authorId")
      VALUES (${cellId}, ${input.revisionId}, ${input.kind}, ${input.reason}, ${authorId})
      RETURNING id, "createdAt", (SELECT handle FROM "User" WHERE id = ${authorId}), (SELECT name FROM "User" WHERE id = ${authorId})`;
    const dismissal: Dismissal = {
      id: created!.id,
      reason: input.reason,
      author: { handle: created!.handle, name: created!.name },
      createdAt: created!.createdAt.toISOString(),
    };
    const checks = stored!.checks.map((check) => (check.kind === input.kind ? { ...check, dismissal } : check));
    const live = checks.filter((check) => !check.dismissal);
    const count = (severity: Severity) => live.filter((check) => check.severity === severity).length;
    await tx.$executeRaw`
      UPDATE "CellCheck" SET checks = ${JSON.stringify(checks)}::jsonb,
             kinds = ${[...new Set(live.map((check) => check.kind))]}::text[],
             errors = ${count("error")}, warnings = ${count("warning")}, infos = ${count("info")}
       WHERE "cellId" = ${cellId}`;
    return { dismissal: { kind: input.kind, revisionId: input.revisionId, ...dismissal } };
  });
}

/**
 * A cell write (save, revert) that queues the re-check of what it can change
 * (its row, the rows sharing its texts) when it wrote a revision. The
 * re-check runs after the write committed and its answer went out
 * (`recheckSoon`), batched with the other writes of that moment; its cost is
 * in BENCHMARKS.md ("Quality checks").
 */
export async function recheckAfter<Written extends { cell: { id: number }; revision: unknown }>(
  db: Db,
  write: Promise<Written>,
): Promise<Written> {
  const written = await write;
  if (written.revision) recheckSoon(db, [written.cell.id]);
  return written;
}

export type CheckedReviewItem = ReviewQueueItem & {
  /** The head revision's failing checks (dismissed ones left out). */
  checks: ShownCheck[];
};

/** The review queue (lib/revisions) with each cell's failing checks, and the document's check counts in the chosen languages. */
export async function reviewQueueWithChecks(
  db: Db,
  input: ReviewQueueInput & { documentId: number },
): Promise<Omit<ReviewQueue, "items"> & { items: CheckedReviewItem[]; checkCounts: Record<Severity, number> }> {
  const queue = await getReviewQueue(db, input);
  const languageIds = input.languages?.length
    ? (
        await db.documentLanguage.findMany({
          where: { documentId: input.documentId, code: { in: input.languages } },
          select: { id: true },
        })
      ).map((language) => language.id)
    : undefined;
  const checkCountsNow = await checkCounts(db, input.documentId, languageIds);
  const stored = await storedChecksOf(
    db,
    input.documentId,
    queue.items.map((item) => item.cellId),
  );
  return {
    ...queue,
    items: queue.items.map((item) => ({ ...item, checks: stored.get(item.cellId)?.checks ?? [] })),
    checkCounts: checkCountsNow,
  };
}

/**
 * Review decisions (lib/revisions) that refuse, with 409 `checks_failing`,
 * to approve a revision with a failing error-level check unless
 * `confirmFailingChecks`: the reviewer must have seen them. Nothing is
 * decided on that 409; `details.cells` names each cell and its errors.
 */
export async function decideReviewsChecked(db: Db, input: DecideReviewsInput & { confirmFailingChecks?: boolean }) {
  const approving = (input.decisions ?? []).filter((decision) => decision.verdict === "approve");
  // Only decisions that will not be refused anyway (cells of this document, at the revisions named) are worth checking.
  const [valid] = approving.length
    ? await db.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count
          FROM unnest(${approving.map((decision) => decision.cellId)}::int[], ${approving.map((decision) => decision.revisionId)}::int[])
               AS asked("cellId", "revisionId")
          JOIN "Cell" c ON c.id = asked."cellId" AND c."headRevisionId" IS NOT DISTINCT FROM asked."revisionId"
          JOIN "Segment" s ON s.id = c."segmentId" AND s."documentId" = ${input.documentId}`
    : [];
  if (approving.length && valid?.count === approving.length && !input.confirmFailingChecks) {
    await bringChecksCurrent(db, input.documentId);
    const failing = await db.$queryRaw<{ cellId: number; segmentId: number; code: string; checks: StoredCheck[] }[]>`
      SELECT k."cellId", k."segmentId", l.code, k.checks
        FROM unnest(${approving.map((decision) => decision.cellId)}::int[], ${approving.map((decision) => decision.revisionId)}::int[])
             AS asked("cellId", "revisionId")
        JOIN "CellCheck" k ON k."cellId" = asked."cellId" AND k."revisionId" IS NOT DISTINCT FROM asked."revisionId"
        JOIN "DocumentLanguage" l ON l.id = k."languageId"
       WHERE k.errors > 0 AND l."documentId" = ${input.documentId}`;
    if (failing.length) {
      const numbers = await rowNumbers(
        db,
        input.documentId,
        failing.map((cell) => cell.segmentId),
      );
      const related = await numbersFor(
        db,
        input.documentId,
        failing.map((cell) => cell.checks),
      );
      const cells = failing.map((cell) => ({
        cellId: cell.cellId,
        rowNumber: numbers.get(cell.segmentId) ?? null,
        language: cell.code,
        checks: cell.checks
          .filter((check) => check.severity === "error" && !check.dismissal)
          .map((check) => presentCheck(asCheck(check, related))),
      }));
      const named = cells.map((cell) => `row ${cell.rowNumber} ${cell.language}`).join(", ");
      throw new AppError(
        "checks_failing",
        `${named}: ${cells.length === 1 ? "a check fails" : "checks fail"} at error level; approve with confirmFailingChecks to approve anyway`,
        { status: 409, details: { cells } },
      );
    }
  }
  const { confirmFailingChecks: _confirmed, ...decisions } = input;
  return decideReviews(db, decisions);
}
