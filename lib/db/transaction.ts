// Every transaction of lib/ starts here, so they all wait and run under the
// same limits.
import type { Db, Tx } from "./client";
import { Prisma } from "./generated/client";

/**
 * Prisma's interactive transactions wait 2 s for a connection and run 5 s
 * at most. A shift or an insert near the top of a long document touches
 * every row below it, reading a version of a 10,000-row document takes
 * longer than 5 s too, and a concurrent operation on the same document waits
 * for the document lock inside its transaction.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * Runs `work` in one transaction: all of it is written or none. `timeout`
 * (ms) is for the few that outlast a minute, such as importing a whole
 * document.
 */
export function inTransaction<Result>(db: Db, work: (tx: Tx) => Promise<Result>, options: { timeout?: number } = {}): Promise<Result> {
  return db.$transaction(work, { ...TRANSACTION_OPTIONS, ...options });
}

/**
 * Runs the queries of one read in a repeatable-read transaction, so they all
 * see one state of the database: reading a version of a document takes
 * several (rows, the log after a moment, revisions), and a structural change
 * committed in between must not be half-seen.
 */
export function readConsistently<Result>(db: Db, work: (tx: Tx) => Promise<Result>): Promise<Result> {
  return db.$transaction(work, { ...TRANSACTION_OPTIONS, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead });
}
