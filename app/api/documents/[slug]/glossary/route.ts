import { GlossaryTermInput } from "@/lib/glossary";
import { addTerm, documentGlossary, listTerms } from "../../../glossary/_lib/handlers";
import { documentInUrl, route } from "../../../_lib/route";

/** A document's glossary: its own terms (the shared glossary's are at /api/glossary). */
export const GET = route({ permission: "viewer", scope: documentInUrl }, listTerms(documentGlossary));

/** A new term of the document's glossary. */
export const POST = route({ permission: "translator", scope: documentInUrl, body: GlossaryTermInput }, addTerm(documentGlossary));
