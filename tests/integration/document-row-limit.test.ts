// The rows-per-document limit at the limit itself: a change that adds rows
// to a document of 200,000 is refused (422 limit_exceeded) and writes
// nothing, while the change that brings it to exactly 200,000 goes through.
import { describe, expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { MAX_ROWS_PER_DOCUMENT } from "@/lib/limits";
import { insertSegment, splitSegment } from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { failureOf } from "../helpers/errors";
import { test as it } from "../helpers/fixtures";
import { seedDocument } from "../helpers/seed-document";

/** What a refused change must leave as it was: the rows, the cells' texts and the alignment log. */
async function stateOf(db: Db, documentId: number) {
  const [rows] = await db.$queryRaw<{ rows: number; digest: string }[]>`
    SELECT count(*)::int AS rows, md5(string_agg(concat_ws('|', id, position, "deletedAt" IS NULL), ',' ORDER BY id)) AS digest
      FROM "Segment" WHERE "documentId" = ${documentId}`;
  const cells = await db.cell.findMany({ where: { segment: { documentId } }, select: { id: true, text: true }, orderBy: { id: "asc" } });
  return { ...rows!, cells, changes: await db.alignmentChange.count({ where: { documentId } }) };
}

// Hundreds of thousands of rows: each structural change reads them all, seconds on the embedded database.
describe("rows per document", { timeout: 180_000 }, () => {
  it("a split or an insert past 200,000 rows is refused with 422 limit_exceeded; one that reaches it is not", async ({ db }) => {
    const system = await ensureSystemUser(db);
    const { documentId } = await seedDocument(db, { slug: "at-the-limit", rows: 2, authorId: system.id });
    const first = await db.segment.findFirstOrThrow({ where: { documentId }, orderBy: { position: "asc" } });
    // Rows up to one below the limit in one statement (empty ones, without cells:
    // the limit counts rows, and importing 200,000 real ones would take minutes),
    // above the two real ones, so that a row added below those moves no others.
    await db.$executeRaw`UPDATE "Segment" SET position = position + ${MAX_ROWS_PER_DOCUMENT} WHERE "documentId" = ${documentId}`;
    await db.$executeRaw`
      INSERT INTO "Segment" ("documentId", position)
      SELECT ${documentId}, n FROM generate_series(1, ${MAX_ROWS_PER_DOCUMENT - 3}) AS n`;
    expect(await db.segment.count({ where: { documentId } })).toBe(MAX_ROWS_PER_DOCUMENT - 1);

    const cell = await db.cell.findFirstOrThrow({ where: { segmentId: first.id, language: { code: "en" } } });
    const offset = cell.text.indexOf(" ");
    expect(offset).toBeGreaterThan(0);
    const split = { segmentId: first.id, languageCode: "en", offset, splitOthers: false, authorId: system.id };
    // The 200,000th row.
    const reached = await splitSegment(db, split);
    expect(await db.segment.count({ where: { documentId } })).toBe(MAX_ROWS_PER_DOCUMENT);

    const before = await stateOf(db, documentId);
    const refusals = [
      await failureOf(splitSegment(db, { ...split, segmentId: reached.newSegmentId, offset: 1 })),
      await failureOf(insertSegment(db, { segmentId: first.id, where: "below", authorId: system.id })),
    ];
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        status: 422,
        code: "limit_exceeded",
        details: { limit: "rows_per_document", max: MAX_ROWS_PER_DOCUMENT, found: MAX_ROWS_PER_DOCUMENT + 1 },
      });
      expect(refusal.message).toBe(
        `Document "at-the-limit" has ${MAX_ROWS_PER_DOCUMENT} rows; 1 more would pass the ${MAX_ROWS_PER_DOCUMENT} rows a document holds at most`,
      );
    }
    expect(await stateOf(db, documentId)).toEqual(before);
  });
});
