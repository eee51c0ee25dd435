import { getDocument } from "@/lib/documents/queries";
import { UpdateDocumentInput, updateDocument } from "@/lib/documents/update-document";
import { documentInUrl, route } from "../../_lib/route";

export const GET = route({ permission: "viewer", scope: documentInUrl }, ({ db, params }) => getDocument(db, params.slug));

/** Renames the document or makes it readable without an account (or not). */
export const PATCH = route({ permission: "admin", scope: documentInUrl, body: UpdateDocumentInput }, async ({ db, scope, body }) => ({
  document: await updateDocument(db, scope!.documentId, body),
}));
