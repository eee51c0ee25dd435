import { getAppDb } from "@/lib/db/app-db";
import { getRows } from "@/lib/documents/rows";
import { route } from "../../../_lib/route";

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = request.nextUrl.searchParams;
  const languages = search.get("langs");
  return getRows(getAppDb(), slug, {
    ...Object.fromEntries(search),
    languages: languages ? languages.split(",") : [],
  });
});
