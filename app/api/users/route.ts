import { createInvitation, CreateUserInput, createUser, listUsers } from "@/lib/auth/accounts";
import { AppError } from "@/lib/errors";
import { jsonResponse, route, signedIn } from "../_lib/route";

/** Every person's account: role, email, disabled, whether they have a password, language limits. */
export const GET = route({ permission: "admin" }, async ({ db }) => ({ users: await listUsers(db) }));

/**
 * A new account, and the one-time link its person sets a password with
 * (shown this once). An existing handle is a 409: nothing is changed.
 */
export const POST = route({ permission: "admin", body: CreateUserInput }, async ({ db, body, actor }) => {
  const { user, created } = await createUser(db, body);
  if (!created) throw new AppError("user_exists", `There is already a user ${body.handle}`, { status: 409 });
  const { link, expiresAt } = await createInvitation(db, user.handle, { createdById: signedIn(actor).user.id });
  return jsonResponse({ user, invitation: { link, expiresAt } }, { status: 201 });
});
