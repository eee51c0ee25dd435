import { getAppDb } from "@/lib/db/app-db";
import { confirmStillValid } from "@/lib/revisions";
import { currentUser, parseId, route } from "../../../_lib/route";

export const POST = route<{ id: string }>(async (request, { id }) => {
  const user = await currentUser(request);
  return { cell: await confirmStillValid(getAppDb(), { cellId: parseId(id, "cell"), userId: user.id }) };
});
