import { z } from "zod";
import { languageLimited } from "@/lib/auth/access";
import { CellSeen } from "@/lib/cells/save-cell";
import { recheckAfter } from "@/lib/documents/checks";
import { revertCell } from "@/lib/revisions";
import { Id } from "@/lib/schemas";
import { parseId, route, signedIn } from "../../../_lib/route";

const RevertBody = CellSeen.extend({
  toRevisionId: Id,
  baseRevisionId: Id.nullable(),
  note: z.string().max(1000).optional(),
});

// No scope: write_cell finds the cell (404), and checks the writer's language limits in the same call.
// Then the re-check of the row's checks (and the rows sharing its texts) is queued, not awaited (lib/documents/checks-store.ts).
export const POST = route(
  { permission: "translator", params: z.object({ id: z.string() }), body: RevertBody },
  ({ db, params, body, actor }) =>
    recheckAfter(
      db,
      revertCell(
        db,
        { cellId: parseId(params.id, "cell"), ...body, authorId: signedIn(actor).user.id },
        { languageLimited: languageLimited(signedIn(actor)) },
      ),
    ),
);
