import { getAppDb } from "@/lib/db/app-db";
import { listCellHistory } from "@/lib/revisions";
import { parseId, route } from "../../../_lib/route";

export const GET = route<{ id: string }>(async (_request, { id }) => listCellHistory(getAppDb(), { cellId: parseId(id, "cell") }));
