import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { listAlignmentChanges } from "@/lib/segments";
import { parseInput } from "@/lib/validation";
import { route } from "../../../_lib/route";

const ChangesQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const { limit } = parseInput(ChangesQuery, Object.fromEntries(request.nextUrl.searchParams), "changes query");
  const { document } = await getDocument(getAppDb(), slug);
  return { changes: await listAlignmentChanges(getAppDb(), { documentId: document.id, limit }) };
});
