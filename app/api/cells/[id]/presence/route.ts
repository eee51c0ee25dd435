import { markEditing, stopEditing } from "@/lib/cells/presence";
import { cellInUrl, parseId, route, signedIn } from "../../../_lib/route";

/** A heartbeat: the person is editing this cell (shown to others for the next 30 seconds). */
export const PUT = route({ permission: "translator", scope: cellInUrl }, async ({ db, params, actor }) => {
  await markEditing(db, parseId(params.id, "cell"), signedIn(actor).user.id);
  return { editing: true };
});

export const DELETE = route({ permission: "translator", scope: cellInUrl }, async ({ db, params, actor }) => {
  await stopEditing(db, parseId(params.id, "cell"), signedIn(actor).user.id);
  return { editing: false };
});
