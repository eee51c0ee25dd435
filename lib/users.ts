import type { Db, Tx } from "./db/client";

export const SYSTEM_USER_HANDLE = "system";

/** The author of imports and seeds; created on first use. */
export function ensureSystemUser(db: Db | Tx) {
  return db.user.upsert({
    where: { handle: SYSTEM_USER_HANDLE },
    update: {},
    create: { handle: SYSTEM_USER_HANDLE, name: "Parallel", kind: "system" },
  });
}
