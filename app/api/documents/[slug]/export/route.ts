import { z } from "zod";
import { exportDocument } from "@/lib/documents/export-document";
import { documentInUrl, pointFromQuery, route } from "../../../_lib/route";

// Strings as the URL has them; exportDocument checks each and names what is wrong.
const ExportQuery = z.object({
  format: z.string().optional(),
  at: z.string().optional(),
  approved: z.string().optional(),
  languages: z.string().optional(),
  source: z.string().optional(),
  target: z.string().optional(),
  language: z.string().optional(),
});

/**
 * Downloads a version of the document: ?format=tmx|xliff|csv|txt, and
 * optionally at=now|snapshot:ID|ISO time, approved=1, languages=ru,en,
 * source/target (XLIFF), language (plain text).
 */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: ExportQuery }, async ({ db, params, query }) => {
  const file = await exportDocument(db, {
    slug: params.slug,
    format: query.format as never,
    at: pointFromQuery(query.at) as never,
    approvedOnly: query.approved === "1" || query.approved === "true",
    ...(query.languages ? { languages: query.languages.split(",") } : {}),
    source: query.source,
    target: query.target,
    language: query.language,
  });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "cache-control": "no-store",
    },
  });
});
