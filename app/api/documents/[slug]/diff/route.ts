import { z } from "zod";
import { diffDocument, type Point } from "@/lib/revisions";
import { documentInUrl, pointFromQuery, route } from "../../../_lib/route";

const DiffQuery = z.object({ from: z.string().optional(), to: z.string().optional(), langs: z.string().optional() });

export const GET = route({ permission: "viewer", scope: documentInUrl, query: DiffQuery }, ({ db, scope, query }) =>
  diffDocument(db, {
    documentId: scope!.documentId,
    from: pointFromQuery(query.from) as Point,
    to: (pointFromQuery(query.to) ?? "now") as Point,
    ...(query.langs ? { languages: query.langs.split(",") } : {}),
  }),
);
