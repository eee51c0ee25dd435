import { languageScope } from "@/lib/auth/access";
import type { Db } from "@/lib/db/client";
import { removeLanguage, UpdateLanguageInput, updateLanguage } from "@/lib/documents/languages";
import { route, signedIn } from "../../../../_lib/route";

const languageInUrl = ({ slug, code }: { slug: string; code: string }, db: Db) => languageScope(db, slug, code);

/** Renames a language version, rewrites its provenance note, or changes its tag (`code`: an entry of the change log). */
export const PATCH = route({ permission: "admin", scope: languageInUrl, body: UpdateLanguageInput }, ({ db, params, body, actor }) =>
  updateLanguage(db, params.slug, params.code, body, { authorId: signedIn(actor).user.id }),
);

/** Removes a language version (a soft delete, undone from the change log); answers with the change's id. */
export const DELETE = route({ permission: "admin", scope: languageInUrl }, ({ db, params, actor }) =>
  removeLanguage(db, params.slug, params.code, { authorId: signedIn(actor).user.id }),
);
