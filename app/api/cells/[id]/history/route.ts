import { HistoryPage, listCellHistory } from "@/lib/revisions/history";
import { cellInUrl, parseId, route } from "../../../_lib/route";

/** One page of a cell's history: ?limit (50, at most 200) revisions older than ?before (a revision id); `nextBefore` asks for the next. */
export const GET = route({ permission: "viewer", scope: cellInUrl, query: HistoryPage }, ({ db, params, query }) =>
  listCellHistory(db, { cellId: parseId(params.id, "cell"), ...query }),
);
