import { sourceChangeSince } from "@/lib/revisions";
import { cellInUrl, parseId, route } from "../../../_lib/route";

export const GET = route({ permission: "viewer", scope: cellInUrl }, ({ db, params }) =>
  sourceChangeSince(db, { cellId: parseId(params.id, "cell") }),
);
