import { z } from "zod";
import { acceptInvitation } from "@/lib/auth/accounts";
import { signIn } from "@/lib/auth/sign-in";
import { clientAddress, route } from "../../_lib/route";

const AcceptInput = z.object({ token: z.string().min(1).max(200), password: z.string().max(1000) });

/** Use a one-time link: set the password, and be signed in. */
export const POST = route({ permission: "anyone", body: AcceptInput }, async ({ db, body, request }) => {
  const { handle } = await acceptInvitation(db, body.token, body.password);
  return signIn(db, { login: handle, password: body.password }, { headers: request.headers, address: clientAddress(request) });
});
