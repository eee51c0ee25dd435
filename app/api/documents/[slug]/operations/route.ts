import { getAppDb } from "@/lib/db/app-db";
import { runAlignmentOperation } from "@/lib/documents/operations";
import { currentUser, readJson, route } from "../../../_lib/route";

export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const body = await readJson(request);
  const user = await currentUser(request);
  return { result: await runAlignmentOperation(getAppDb(), slug, body, user.id) };
});
