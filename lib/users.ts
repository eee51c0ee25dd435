import { z } from "zod";
import type { Db, Tx } from "./db/client";
import { parseInput } from "./validation";

export const SYSTEM_USER_HANDLE = "system";

/** Cookies naming the person at this browser: a handle, and the name they chose. */
export const USER_COOKIE = "wb_user";
export const NAME_COOKIE = "wb_name";

export const UserIdentity = z.object({
  handle: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "must be 2–40 lowercase letters, digits or hyphens")
    .refine((handle) => handle !== SYSTEM_USER_HANDLE, "is reserved"),
  name: z.string().trim().min(1).max(80),
});
export type UserIdentity = z.input<typeof UserIdentity>;

/**
 * Creates the user on first use and keeps the display name current.
 * ON CONFLICT DO NOTHING (skipDuplicates) keeps two processes doing this at
 * once from colliding, which a find-then-create upsert does not.
 */
async function ensure(db: Db | Tx, identity: { handle: string; name: string; kind: "system" | "human" }) {
  await db.user.createMany({ data: [identity], skipDuplicates: true });
  const user = await db.user.findUniqueOrThrow({ where: { handle: identity.handle } });
  if (user.name === identity.name || identity.kind === "system") return user;
  return db.user.update({ where: { id: user.id }, data: { name: identity.name } });
}

/** The author of imports and seeds. */
export function ensureSystemUser(db: Db | Tx) {
  return ensure(db, { handle: SYSTEM_USER_HANDLE, name: "Parallel", kind: "system" });
}

/**
 * A person working in the app, known by the handle their browser carries.
 * There are no accounts yet: the handle identifies an author, it does not
 * authenticate one.
 */
export function ensureHumanUser(db: Db | Tx, rawIdentity: UserIdentity) {
  const identity = parseInput(UserIdentity, rawIdentity, "user");
  return ensure(db, { ...identity, kind: "human" });
}
