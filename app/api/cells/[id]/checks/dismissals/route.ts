import { z } from "zod";
import { assertMayEditLanguages } from "@/lib/auth/access";
import { hasRole } from "@/lib/auth/roles";
import { DismissCheckInput, dismissCheck } from "@/lib/documents/checks";
import { cellInUrl, parseId, route, signedIn } from "../../../../_lib/route";

// A translator may dismiss the checks of the languages they may edit; a reviewer (or admin) any cell's.
// The scope names only the document, so the wrapper does not apply the language limits to reviewers.
export const POST = route(
  {
    permission: "translator",
    params: z.object({ id: z.string() }),
    scope: async (params, db) => {
      const { languageId: _language, ...document } = await cellInUrl(params, db);
      return document;
    },
    body: DismissCheckInput,
  },
  async ({ db, params, body, actor, scope }) => {
    const person = signedIn(actor);
    const cellId = parseId(params.id, "cell");
    if (!hasRole(person.role, "reviewer")) {
      const { languageId } = await cellInUrl(params, db);
      await assertMayEditLanguages(db, person, scope!.documentId, [languageId!]);
    }
    return dismissCheck(db, cellId, body, person.user.id);
  },
);
