import { z } from "zod";
import { languageLimited } from "@/lib/auth/access";
import { SaveCellInput, saveCell } from "@/lib/cells/save-cell";
import { recheckAfter } from "@/lib/documents/checks";
import { parseId, route, signedIn } from "../../_lib/route";

// No scope: write_cell finds the cell (404), and checks the writer's language limits in the same call.
// Then the re-check of the row's checks (and the rows sharing its texts) is queued, not awaited (lib/documents/checks-store.ts).
export const PUT = route(
  { permission: "translator", params: z.object({ id: z.string() }), body: SaveCellInput },
  ({ db, params, body, actor }) =>
    recheckAfter(
      db,
      saveCell(db, parseId(params.id, "cell"), body, {
        authorId: signedIn(actor).user.id,
        languageLimited: languageLimited(signedIn(actor)),
      }),
    ),
);
