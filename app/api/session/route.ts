import { SignInInput, signIn, signOut } from "@/lib/auth/sign-in";
import { clientAddress, route } from "../_lib/route";

/** Sign in with a handle or email and a password: sets the session cookie. */
export const POST = route({ permission: "anyone", body: SignInInput }, ({ db, body, request }) =>
  signIn(db, body, { headers: request.headers, address: clientAddress(request) }),
);

/** Sign out this browser. */
export const DELETE = route({ permission: "signed-in" }, ({ db, request }) => signOut(db, request.headers));
