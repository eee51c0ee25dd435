import type { NextRequest } from "next/server";
import { getAppDb } from "@/lib/db/app-db";
import { exportDocument } from "@/lib/documents/export-document";
import { pointFromQuery, route } from "../../../_lib/route";

/**
 * Downloads a version of the document: ?format=tmx|xliff|csv|txt, and
 * optionally at=now|snapshot:ID|ISO time, approved=1, languages=ru,en,
 * source/target (XLIFF), language (plain text).
 */
export const GET = route<{ slug: string }>(async (request: NextRequest, { slug }) => {
  const query = request.nextUrl.searchParams;
  const optional = (name: string) => query.get(name) ?? undefined;
  const file = await exportDocument(getAppDb(), {
    slug,
    format: query.get("format") as never,
    at: pointFromQuery(query.get("at")) as never,
    approvedOnly: query.get("approved") === "1" || query.get("approved") === "true",
    ...(query.get("languages") ? { languages: query.get("languages")!.split(",") } : {}),
    source: optional("source"),
    target: optional("target"),
    language: optional("language"),
  });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "cache-control": "no-store",
    },
  });
});
