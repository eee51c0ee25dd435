import { ChangePasswordInput, changePassword } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { clientAddress, route, signedIn } from "../../_lib/route";

/** Change the password (needs the current one); every other session ends. */
export const PUT = route({ permission: "signed-in", body: ChangePasswordInput }, async ({ db, actor, body, request }) => {
  const person = signedIn(actor);
  if (person.via !== "session") {
    throw new AppError("session_required", "Change the password from a signed-in browser, not with an API token", { status: 403 });
  }
  return changePassword(db, body, { headers: request.headers, handle: person.user.handle, address: clientAddress(request) });
});
