import { z } from "zod";
import { comparisonCsv, readComparison } from "@/lib/documents/compare";
import { exportDocument } from "@/lib/documents/export-document";
import { AppError } from "@/lib/errors";
import { documentInUrl, pointFromQuery, route } from "../../../_lib/route";

// Strings as the URL has them; exportDocument checks each and names what is wrong.
const ExportQuery = z.object({
  format: z.string().optional(),
  at: z.string().optional(),
  approved: z.string().optional(),
  languages: z.string().optional(),
  source: z.string().optional(),
  target: z.string().optional(),
  xliffVersion: z.string().optional(),
  language: z.string().optional(),
  diffAgainst: z.string().optional(),
  granularity: z.string().optional(),
  differsBy: z.string().optional(),
});

const download = (body: string, contentType: string, fileName: string) =>
  new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "cache-control": "no-store",
    },
  });

/**
 * Downloads a version of the document: ?format=tmx|xliff|csv|txt, and
 * optionally at=now|snapshot:ID|ISO time, approved=1, languages=ru,en,
 * source/target and xliffVersion=2.0|1.2 (XLIFF), language (plain text). With diffAgainst=CODE (and
 * languages, granularity, differsBy) the comparison of versions as CSV, with the scores.
 */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: ExportQuery }, async ({ db, params, query }) => {
  if (query.diffAgainst !== undefined) {
    if (query.format !== undefined && query.format !== "csv") {
      throw new AppError("invalid_input", `Invalid export: format: a comparison (diffAgainst) is exported as csv, not ${query.format}`, {
        status: 400,
      });
    }
    const table = await readComparison(db, params.slug, {
      diffAgainst: query.diffAgainst,
      granularity: query.granularity as never,
      differsBy: query.differsBy as never,
      ...(query.languages ? { languages: query.languages.split(",") } : {}),
    });
    return download(comparisonCsv(table), "text/csv; charset=utf-8", `${params.slug}-compared-with-${table.reference.code}.csv`);
  }
  const file = await exportDocument(db, {
    slug: params.slug,
    format: query.format as never,
    at: pointFromQuery(query.at) as never,
    approvedOnly: query.approved === "1" || query.approved === "true",
    ...(query.languages ? { languages: query.languages.split(",") } : {}),
    source: query.source,
    target: query.target,
    ...(query.xliffVersion !== undefined ? { xliffVersion: query.xliffVersion as never } : {}),
    language: query.language,
  });
  return download(file.body, file.contentType, file.fileName);
});
