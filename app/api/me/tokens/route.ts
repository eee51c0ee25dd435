import { CreateTokenInput, createToken, listTokens } from "@/lib/auth/tokens";
import { route, signedIn } from "../../_lib/route";

/** This user's API tokens (never the tokens themselves), with their last use. */
export const GET = route({ permission: "signed-in" }, async ({ db, actor }) => ({ tokens: await listTokens(db, signedIn(actor).user.id) }));

/** A new API token: the answer is the only time the token is shown. */
export const POST = route({ permission: "signed-in", body: CreateTokenInput }, ({ db, actor, body }) =>
  createToken(db, signedIn(actor).user.id, body),
);
