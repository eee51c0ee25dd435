import { AddLanguageInput, addLanguage } from "@/lib/documents/languages";
import { documentInUrl, jsonResponse, route, signedIn } from "../../../_lib/route";

/** Adds a language version (a column): empty, or with `copyFrom` a copy of another language's current text. */
export const POST = route({ permission: "admin", scope: documentInUrl, body: AddLanguageInput }, async ({ db, params, body, actor }) =>
  jsonResponse(await addLanguage(db, params.slug, body, { authorId: signedIn(actor).user.id }), { status: 201 }),
);
