import { CellSeen } from "@/lib/cells/save-cell";
import { confirmStillValid } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { cellInUrl, parseId, readJson, route, signedIn } from "../../../_lib/route";

// The body (what the translator saw) is optional: a POST with no body (or an empty one), as older clients send, confirms unchecked.
export const POST = route({ permission: "translator", scope: cellInUrl }, async ({ db, request, params, actor }) => {
  const empty = !(await request.clone().text()).trim();
  const seen = empty ? {} : parseInput(CellSeen, await readJson(request), "request body");
  return { cell: await confirmStillValid(db, { cellId: parseId(params.id, "cell"), userId: signedIn(actor).user.id, ...seen }) };
});
