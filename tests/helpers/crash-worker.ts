// Run as a separate process by tests/integration/crash-recovery.test.ts, which
// kills it with SIGKILL in the middle of the work: one long write on the
// database this process finds the way `wb` does (DATABASE_URL, or else it
// owns the embedded database in PARALLEL_DATA_DIR, PGlite running in this
// process). Argument: the work as JSON. Prints STARTED when the work begins
// and DONE once it returned, then exits.
import { createDb } from "../../lib/db/client";
import { openDatabase } from "../../lib/db/connection";
import { applyMigrations } from "../../lib/db/migrate";
import { applyBulkRevert, previewBulkRevert } from "../../lib/revisions/bulk-revert";
import { decideReviews } from "../../lib/revisions/review";
import { shiftCell } from "../../lib/segments";

export type CrashWork =
  | { kind: "shift"; segmentId: number; languageCode: string; authorId: number }
  | { kind: "bulk-revert"; documentId: number; authorId: number; userId: number }
  | { kind: "approve"; documentId: number; reviewerId: number }
  | { kind: "migrate"; dir: string };

const work = JSON.parse(process.argv[2]!) as CrashWork;
const connection = await openDatabase();
const db = createDb(connection.url);
try {
  switch (work.kind) {
    case "shift": {
      console.log("STARTED");
      await shiftCell(db, { segmentId: work.segmentId, languageCode: work.languageCode, direction: "down", authorId: work.authorId });
      break;
    }
    case "bulk-revert": {
      const preview = await previewBulkRevert(db, { documentId: work.documentId, authorId: work.authorId });
      console.log("STARTED");
      await applyBulkRevert(db, {
        documentId: work.documentId,
        authorId: work.authorId,
        userId: work.userId,
        expectedHeads: preview.expectedHeads,
      });
      break;
    }
    case "approve": {
      const cells = await db.cell.findMany({
        where: { segment: { documentId: work.documentId, deletedAt: null }, headRevisionId: { not: null } },
        select: { id: true, headRevisionId: true },
        orderBy: { id: "asc" },
        take: 1000,
      });
      console.log("STARTED");
      await decideReviews(db, {
        documentId: work.documentId,
        reviewerId: work.reviewerId,
        decisions: cells.map((cell) => ({ cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve" as const })),
      });
      break;
    }
    case "migrate": {
      console.log("STARTED");
      await applyMigrations(connection.url, work.dir);
      break;
    }
  }
  console.log("DONE");
} finally {
  await db.$disconnect();
  await connection.close();
}
