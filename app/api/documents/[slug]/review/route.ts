import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { decideReviews, getReviewQueue, type PastPoint } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { currentUser, pointFromQuery, readJson, route } from "../../../_lib/route";

const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = request.nextUrl.searchParams;
  const paging = parseInput(Paging, { limit: search.get("limit") ?? undefined, offset: search.get("offset") ?? undefined }, "review query");
  const { document } = await getDocument(getAppDb(), slug);
  const languages = search.get("langs");
  const since = pointFromQuery(search.get("since"));
  return getReviewQueue(getAppDb(), {
    documentId: document.id,
    ...paging,
    ...(languages ? { languages: languages.split(",") } : {}),
    ...(since ? { since: since as PastPoint } : {}),
  });
});

const Decisions = z.object({ decisions: z.array(z.unknown()) });

export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const { decisions } = parseInput(Decisions, await readJson(request), "review decisions");
  const user = await currentUser(request);
  await getDocument(getAppDb(), slug);
  return { outcomes: await decideReviews(getAppDb(), { decisions: decisions as never, reviewerId: user.id }) };
});
