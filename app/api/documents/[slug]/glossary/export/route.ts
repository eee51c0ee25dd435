import { documentGlossary, ExportQuery, exportTerms } from "../../../../glossary/_lib/handlers";
import { documentInUrl, route } from "../../../../_lib/route";

/** The document's glossary as CSV or TBX. */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: ExportQuery }, exportTerms(documentGlossary));
