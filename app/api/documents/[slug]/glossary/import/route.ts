import { documentGlossary, importTerms } from "../../../../glossary/_lib/handlers";
import { documentInUrl, route } from "../../../../_lib/route";

/** Terms into the document's glossary from a CSV or TBX file. */
export const POST = route({ permission: "translator", scope: documentInUrl }, importTerms(documentGlossary));
