import { z } from "zod";
import { diffRevisions } from "@/lib/revisions";
import { parseId, route } from "../../_lib/route";

const DiffQuery = z.object({ from: z.string().default(""), to: z.string().default(""), granularity: z.string().optional() });

/**
 * Two revisions of one cell compared. Revisions name no document in the URL,
 * so anonymous readers of public documents cannot use it: it needs an account.
 */
export const GET = route({ permission: "viewer", query: DiffQuery }, ({ db, query }) =>
  diffRevisions(db, {
    fromRevisionId: parseId(query.from, "revision"),
    toRevisionId: parseId(query.to, "revision"),
    granularity: query.granularity === "char" ? "char" : "word",
  }),
);
