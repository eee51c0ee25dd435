import { z } from "zod";
import { listChangesToMyWork } from "@/lib/revisions";
import { documentInUrl, route } from "../../../_lib/route";

const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** What other people changed in the text of the person asking in this document, newest first; nothing for anonymous readers. */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: Query }, async ({ db, scope, query, actor }) => ({
  changes: actor ? await listChangesToMyWork(db, { userId: actor.user.id, documentId: scope!.documentId, limit: query.limit }) : [],
}));
