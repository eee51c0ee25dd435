import { z } from "zod";
import { changePassword } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { route, signedIn } from "../../_lib/route";

/** Change the password (needs the current one); every other session ends. */
export const PUT = route({ permission: "signed-in", body: z.unknown() }, async ({ db, actor, body, request }) => {
  if (signedIn(actor).via !== "session") {
    throw new AppError("session_required", "Change the password from a signed-in browser, not with an API token", { status: 403 });
  }
  return changePassword(db, body, request.headers);
});
