import { listDocuments } from "@/lib/documents/queries";
import { route } from "../_lib/route";

/** Every document for a signed-in person; only those readable without an account for anyone else. */
export const GET = route({ permission: "anyone" }, async ({ db, actor }) => ({
  documents: await listDocuments(db, { publicOnly: !actor }),
}));
