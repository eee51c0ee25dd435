import { GlossaryTermInput } from "@/lib/glossary";
import { route } from "../_lib/route";
import { addTerm, listTerms, sharedGlossary } from "./_lib/handlers";

/** The glossary all documents share: its terms. */
export const GET = route({ permission: "viewer" }, listTerms(sharedGlossary));

/** A new term of the shared glossary. */
export const POST = route({ permission: "reviewer", body: GlossaryTermInput }, addTerm(sharedGlossary));
