import { GlossaryTermChange } from "@/lib/glossary";
import { route } from "../../_lib/route";
import { changeTerm, removeTerm, sharedGlossary, TermParams } from "../_lib/handlers";

/** Changes a term of the shared glossary: the fields given replace the stored ones. */
export const PATCH = route({ permission: "reviewer", params: TermParams, body: GlossaryTermChange }, changeTerm(sharedGlossary));

export const DELETE = route({ permission: "reviewer", params: TermParams }, removeTerm(sharedGlossary));
