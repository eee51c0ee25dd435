import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { diffDocument, type Point } from "@/lib/revisions";
import { pointFromQuery, route } from "../../../_lib/route";

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = request.nextUrl.searchParams;
  const { document } = await getDocument(getAppDb(), slug);
  const languages = search.get("langs");
  return diffDocument(getAppDb(), {
    documentId: document.id,
    from: pointFromQuery(search.get("from")) as Point,
    to: (pointFromQuery(search.get("to")) ?? "now") as Point,
    ...(languages ? { languages: languages.split(",") } : {}),
  });
});
