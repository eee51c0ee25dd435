import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { getDocument } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { applyBulkRevert, previewBulkRevert } from "@/lib/revisions";
import { parseInput } from "@/lib/validation";
import { currentUser, readJson, route } from "../../../_lib/route";

/** The edits to undo, as people name them: an author's handle and/or a time range (ISO times, checked by the domain). */
const Filter = z.object({
  author: z.string().trim().min(1).max(40).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

const Apply = Filter.extend({
  includeLaterEdits: z.boolean().optional(),
  expectedHeads: z.record(z.string(), z.number()),
}).strict();

async function authorId(handle: string | undefined): Promise<number | undefined> {
  if (handle === undefined) return undefined;
  const user = await getAppDb().user.findUnique({ where: { handle }, select: { id: true } });
  if (!user) throw new AppError("user_not_found", `author: there is no user "${handle}"`, { status: 404 });
  return user.id;
}

async function documentFilter(slug: string, { author, from, to }: z.output<typeof Filter>) {
  const { document } = await getDocument(getAppDb(), slug);
  const id = await authorId(author);
  return { documentId: document.id, ...(id === undefined ? {} : { authorId: id }), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The preview: what would be reverted, and what would be left alone and why. */
export const GET = route<{ slug: string }>(async (request, { slug }) => {
  const search = request.nextUrl.searchParams;
  const filter = parseInput(
    Filter,
    { author: search.get("author") || undefined, from: search.get("from") || undefined, to: search.get("to") || undefined },
    "bulk revert filter",
  );
  return previewBulkRevert(getAppDb(), await documentFilter(slug, filter));
});

/** Applies a preview; 409 `bulk_revert_outdated` when a cell moved on since it. */
export const POST = route<{ slug: string }>(async (request, { slug }) => {
  const { includeLaterEdits, expectedHeads, ...filter } = parseInput(Apply, await readJson(request), "bulk revert");
  const user = await currentUser(request);
  return applyBulkRevert(getAppDb(), {
    ...(await documentFilter(slug, filter)),
    includeLaterEdits: includeLaterEdits ?? false,
    expectedHeads,
    userId: user.id,
  });
});
