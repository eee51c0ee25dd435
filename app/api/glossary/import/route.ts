import { route } from "../../_lib/route";
import { importTerms, sharedGlossary } from "../_lib/handlers";

/** Terms into the shared glossary from a CSV or TBX file. */
export const POST = route({ permission: "reviewer" }, importTerms(sharedGlossary));
