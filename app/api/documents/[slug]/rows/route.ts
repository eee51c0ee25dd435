import { z } from "zod";
import { getRows } from "@/lib/documents/rows";
import { documentInUrl, route } from "../../../_lib/route";

/** One page of rows: ?langs=ru,en&offset&limit&filter&since&q&mode, each checked by getRows (RowsQuery). */
export const GET = route(
  { permission: "viewer", scope: documentInUrl, query: z.record(z.string(), z.string()) },
  ({ db, params, query: { langs, ...query } }) => getRows(db, params.slug, { ...query, languages: langs ? langs.split(",") : [] }),
);
