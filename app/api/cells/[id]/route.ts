import { SaveCellInput, saveCell } from "@/lib/cells/save-cell";
import { cellInUrl, parseId, route, signedIn } from "../../_lib/route";

export const PUT = route({ permission: "translator", scope: cellInUrl, body: SaveCellInput }, ({ db, params, body, actor }) =>
  saveCell(db, parseId(params.id, "cell"), body, { authorId: signedIn(actor).user.id }),
);
