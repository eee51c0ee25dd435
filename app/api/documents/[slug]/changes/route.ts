import { z } from "zod";
import { listAlignmentChanges } from "@/lib/segments";
import { undoTargets } from "@/lib/segments/undo";
import { documentInUrl, route } from "../../../_lib/route";

const ChangesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** The alignment log, newest first, and what undo and redo would act on now (for the buttons that name it and send its id). */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: ChangesQuery }, async ({ db, scope, query }) => ({
  changes: await listAlignmentChanges(db, { documentId: scope!.documentId, limit: query.limit }),
  ...(await undoTargets(db, scope!.documentId)),
}));
