import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { listChangesToMyWork } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { currentUser, route } from "../../../_lib/route";

const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** What other people changed in the current user's text in this document, newest first. */
export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const { limit } = parseInput(Query, { limit: request.nextUrl.searchParams.get("limit") ?? undefined }, "tracked changes query");
  const user = await currentUser(request);
  const { document } = await getDocument(getAppDb(), slug);
  return { changes: await listChangesToMyWork(getAppDb(), { userId: user.id, documentId: document.id, limit }) };
});
