import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { applyBulkRevert, previewBulkRevert } from "@/lib/revisions";
import { documentInUrl, route, signedIn } from "../../../_lib/route";

/** The edits to undo, as people name them: an author's handle and/or a time range (ISO times, checked by the domain). */
const Filter = z.object({
  author: z.string().trim().min(1).max(40).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

/** Query parameters left empty (`?from=`, as the form sends them) name nothing. */
const withoutEmpty = (query: unknown) =>
  Object.fromEntries(Object.entries(query as Record<string, string>).filter(([, value]) => value !== ""));

const Apply = Filter.extend({
  includeLaterEdits: z.boolean().optional(),
  expectedHeads: z.record(z.string(), z.number()),
}).strict();

async function authorId(db: Db, handle: string | undefined): Promise<number | undefined> {
  if (handle === undefined) return undefined;
  const user = await db.user.findUnique({ where: { handle }, select: { id: true } });
  if (!user) throw new AppError("user_not_found", `author: there is no user "${handle}"`, { status: 404 });
  return user.id;
}

async function documentFilter(db: Db, documentId: number, { author, from, to }: z.output<typeof Filter>) {
  const id = await authorId(db, author);
  return { documentId, ...(id === undefined ? {} : { authorId: id }), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The preview: what would be reverted, and what would be left alone and why. */
export const GET = route(
  { permission: "reviewer", scope: documentInUrl, query: z.preprocess(withoutEmpty, Filter) },
  async ({ db, scope, query }) => previewBulkRevert(db, await documentFilter(db, scope!.documentId, query)),
);

/** Applies a preview; 409 `bulk_revert_outdated` when a cell moved on since it. */
export const POST = route({ permission: "reviewer", scope: documentInUrl, body: Apply }, async ({ db, scope, body, actor }) => {
  const { includeLaterEdits, expectedHeads, ...filter } = body;
  return applyBulkRevert(db, {
    ...(await documentFilter(db, scope!.documentId, filter)),
    includeLaterEdits: includeLaterEdits ?? false,
    expectedHeads,
    userId: signedIn(actor).user.id,
  });
});
