import { listCellHistory } from "@/lib/revisions";
import { cellInUrl, parseId, route } from "../../../_lib/route";

export const GET = route({ permission: "viewer", scope: cellInUrl }, ({ db, params }) =>
  listCellHistory(db, { cellId: parseId(params.id, "cell") }),
);
