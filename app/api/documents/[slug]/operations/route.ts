import { assertMayEditLanguages } from "@/lib/auth/access";
import { AlignmentOperation, languagesChangedBy, runAlignmentOperation } from "@/lib/documents/operations";
import { documentInUrl, route, signedIn } from "../../../_lib/route";

/** One structural change (split, merge, insert, delete, restore, shift, move, confirm, undo, redo); see docs/api.md for the languages each changes. */
export const POST = route(
  { permission: "translator", scope: documentInUrl, body: AlignmentOperation },
  async ({ db, params, scope, body, actor }) => {
    const author = signedIn(actor);
    await assertMayEditLanguages(db, author, scope!.documentId, await languagesChangedBy(db, scope!.documentId, body));
    return { result: await runAlignmentOperation(db, params.slug, body, author.user.id) };
  },
);
