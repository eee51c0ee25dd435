import { confirmStillValid } from "@/lib/revisions";
import { cellInUrl, parseId, route, signedIn } from "../../../_lib/route";

export const POST = route({ permission: "translator", scope: cellInUrl }, async ({ db, params, actor }) => ({
  cell: await confirmStillValid(db, { cellId: parseId(params.id, "cell"), userId: signedIn(actor).user.id }),
}));
