import { listPresence } from "@/lib/cells/presence";
import { documentInUrl, route } from "../../../_lib/route";

/** Who is editing which cell right now. */
export const GET = route({ permission: "viewer", scope: documentInUrl }, async ({ db, scope }) => ({
  presence: await listPresence(db, scope!.documentId),
}));
