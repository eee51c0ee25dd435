import { z } from "zod";
import { languageLimited } from "@/lib/auth/access";
import { CellSeen } from "@/lib/cells/save-cell";
import { confirmStillValid } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { parseId, readJson, route, signedIn } from "../../../_lib/route";

// The body (what the translator saw) is optional: a POST with no body (or an empty one), as older clients send, confirms unchecked.
// No scope: write_cell finds the cell (404), and checks the writer's language limits in the same call.
export const POST = route({ permission: "translator", params: z.object({ id: z.string() }) }, async ({ db, request, params, actor }) => {
  const empty = !(await request.clone().text()).trim();
  const seen = empty ? {} : parseInput(CellSeen, await readJson(request), "request body");
  const person = signedIn(actor);
  const cell = await confirmStillValid(
    db,
    { cellId: parseId(params.id, "cell"), userId: person.user.id, ...seen },
    { languageLimited: languageLimited(person) },
  );
  return { cell };
});
