import { z } from "zod";
import { revokeToken } from "@/lib/auth/tokens";
import { parseId, route, signedIn } from "../../../_lib/route";

/** Revoke one of this user's tokens: the next request with it is refused. */
export const DELETE = route({ permission: "signed-in", params: z.object({ id: z.string() }) }, async ({ db, actor, params }) => ({
  token: await revokeToken(db, parseId(params.id, "token"), { ownerId: signedIn(actor).user.id }),
}));
