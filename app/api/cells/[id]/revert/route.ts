import { z } from "zod";
import { CellSeen } from "@/lib/cells/save-cell";
import { revertCell } from "@/lib/revisions";
import { Id } from "@/lib/schemas";
import { cellInUrl, parseId, route, signedIn } from "../../../_lib/route";

const RevertBody = CellSeen.extend({
  toRevisionId: Id,
  baseRevisionId: Id.nullable(),
  note: z.string().max(1000).optional(),
});

export const POST = route({ permission: "translator", scope: cellInUrl, body: RevertBody }, ({ db, params, body, actor }) =>
  revertCell(db, { cellId: parseId(params.id, "cell"), ...body, authorId: signedIn(actor).user.id }),
);
