import { route } from "../../_lib/route";
import { ExportQuery, exportTerms, sharedGlossary } from "../_lib/handlers";

/** The shared glossary as CSV or TBX. */
export const GET = route({ permission: "viewer", query: ExportQuery }, exportTerms(sharedGlossary));
