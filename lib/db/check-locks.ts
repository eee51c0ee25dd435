import type { Tx } from "./client";

/** The first key of the lock on a document's stored checks (table CellCheck). */
const STORED_CHECKS_LOCK = 0x636b;

/**
 * Takes, until the transaction ends, the lock under which a document's
 * stored checks are computed and written (lib/documents/checks-store.ts) or
 * dropped because what they were computed with changed (a glossary,
 * lib/glossary): one of them at a time, so no re-check made with an old
 * glossary is stored after the glossary changed.
 */
export async function lockStoredChecks(tx: Tx, documentId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${STORED_CHECKS_LOCK}::int, ${documentId}::int)`;
}
