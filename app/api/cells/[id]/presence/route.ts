import { markEditing, stopEditing } from "@/lib/cells/presence";
import { getAppDb } from "@/lib/db/app-db";
import { currentUser, parseId, route } from "../../../_lib/route";

export const PUT = route<{ id: string }>(async (request, { id }) => {
  const user = await currentUser(request);
  await markEditing(getAppDb(), parseId(id, "cell"), user.id);
  return { editing: true };
});

export const DELETE = route<{ id: string }>(async (request, { id }) => {
  const user = await currentUser(request);
  await stopEditing(getAppDb(), parseId(id, "cell"), user.id);
  return { editing: false };
});
