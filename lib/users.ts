import type { Db, Tx } from "./db/client";

export const SYSTEM_USER_HANDLE = "system";

/**
 * The author of imports and seeds; created on first use. ON CONFLICT DO
 * NOTHING (skipDuplicates) keeps two processes doing this at once from
 * colliding, which a find-then-create upsert does not.
 */
export async function ensureSystemUser(db: Db | Tx) {
  await db.user.createMany({
    data: [{ handle: SYSTEM_USER_HANDLE, name: "Parallel", kind: "system" }],
    skipDuplicates: true,
  });
  return db.user.findUniqueOrThrow({ where: { handle: SYSTEM_USER_HANDLE } });
}
