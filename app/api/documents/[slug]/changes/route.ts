import { z } from "zod";
import { listAlignmentChanges } from "@/lib/segments";
import { documentInUrl, route } from "../../../_lib/route";

const ChangesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = route({ permission: "viewer", scope: documentInUrl, query: ChangesQuery }, async ({ db, scope, query }) => ({
  changes: await listAlignmentChanges(db, { documentId: scope!.documentId, limit: query.limit }),
}));
