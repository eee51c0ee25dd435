import { z } from "zod";
import { createInvitation } from "@/lib/auth/accounts";
import { route, signedIn } from "../../../_lib/route";

/** A fresh one-time sign-in link for the user (shown this once); earlier unused links stay valid until they expire. */
export const POST = route({ permission: "admin", params: z.object({ handle: z.string() }) }, async ({ db, params, actor }) => {
  const { link, expiresAt } = await createInvitation(db, params.handle, { createdById: signedIn(actor).user.id });
  return { invitation: { link, expiresAt } };
});
