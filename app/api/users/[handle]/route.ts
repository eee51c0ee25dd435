import { z } from "zod";
import { UpdateUserInput, updateUser } from "@/lib/auth/admin";
import { route, signedIn } from "../../_lib/route";

/** Changes a user's role or disables (enables) them; an admin cannot do either to themselves (409). */
export const PATCH = route(
  { permission: "admin", params: z.object({ handle: z.string() }), body: UpdateUserInput },
  async ({ db, params, body, actor }) => ({ user: await updateUser(db, signedIn(actor).user.id, params.handle, body) }),
);
