import { getAppDb } from "@/lib/db/app-db";
import { diffRevisions } from "@/lib/revisions";
import { parseId, route } from "../../_lib/route";

export const GET = route(async (request) => {
  const search = request.nextUrl.searchParams;
  return diffRevisions(getAppDb(), {
    fromRevisionId: parseId(search.get("from") ?? "", "revision"),
    toRevisionId: parseId(search.get("to") ?? "", "revision"),
    granularity: search.get("granularity") === "char" ? "char" : "word",
  });
});
