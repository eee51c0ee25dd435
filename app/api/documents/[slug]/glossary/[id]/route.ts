import { GlossaryTermChange } from "@/lib/glossary";
import { changeTerm, documentGlossary, removeTerm } from "../../../../glossary/_lib/handlers";
import { documentInUrl, route } from "../../../../_lib/route";

/** Changes a term of the document's glossary: the fields given replace the stored ones. */
export const PATCH = route({ permission: "translator", scope: documentInUrl, body: GlossaryTermChange }, changeTerm(documentGlossary));

export const DELETE = route({ permission: "translator", scope: documentInUrl }, removeTerm(documentGlossary));
