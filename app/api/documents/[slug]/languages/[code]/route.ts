import { languageScope } from "@/lib/auth/access";
import type { Db } from "@/lib/db/client";
import { UpdateLanguageInput, updateLanguage } from "@/lib/documents/languages";
import { route } from "../../../../_lib/route";

const languageInUrl = ({ slug, code }: { slug: string; code: string }, db: Db) => languageScope(db, slug, code);

/** Renames a language version or rewrites its provenance note. */
export const PATCH = route({ permission: "admin", scope: languageInUrl, body: UpdateLanguageInput }, ({ db, params, body }) =>
  updateLanguage(db, params.slug, params.code, body),
);
