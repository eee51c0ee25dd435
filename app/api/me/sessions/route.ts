import { signOutEverywhere } from "@/lib/auth/sign-in";
import { route, signedIn } from "../../_lib/route";

/** Sign out everywhere: every session of this user ends, this one included. */
export const DELETE = route({ permission: "signed-in" }, ({ db, actor, request }) =>
  signOutEverywhere(db, signedIn(actor).user.id, request.headers),
);
