import { z } from "zod";
import type { Db, Tx } from "./db/client";

export const SYSTEM_USER_HANDLE = "system";

/** A handle: what people sign in with and what names them in URLs and logs. */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

export const Handle = z
  .string()
  .regex(HANDLE_PATTERN, "must be 2–40 lowercase letters, digits or hyphens, starting with a letter or digit")
  .refine((handle) => handle !== SYSTEM_USER_HANDLE, "is reserved");

/**
 * The author of imports and seeds. ON CONFLICT DO NOTHING (skipDuplicates)
 * keeps two processes doing this at once from colliding, which a
 * find-then-create upsert does not.
 */
export async function ensureSystemUser(db: Db | Tx) {
  await db.user.createMany({ data: [{ handle: SYSTEM_USER_HANDLE, name: "Parallel", kind: "system" }], skipDuplicates: true });
  return db.user.findUniqueOrThrow({ where: { handle: SYSTEM_USER_HANDLE } });
}
