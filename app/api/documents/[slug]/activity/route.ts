import { z } from "zod";
import { listActivity } from "@/lib/revisions";
import { documentInUrl, route } from "../../../_lib/route";

const ActivityQuery = z.object({
  limit: z.coerce.number().optional(),
  /** The `next` of the page before. */
  before: z.string().optional(),
});

/** Who changed what in the document, newest first, a page at a time: `{ entries, next }`. */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: ActivityQuery }, ({ db, scope, query }) =>
  listActivity(db, { documentId: scope!.documentId, ...query }),
);
