import { z } from "zod";
import { decideReviewsChecked, reviewQueueWithChecks } from "@/lib/documents/checks";
import type { PastPoint } from "@/lib/revisions";
import { DecideReviewsInput } from "@/lib/revisions/review";
import { documentInUrl, pointFromQuery, route, signedIn } from "../../../_lib/route";

const QueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  langs: z.string().optional(),
  since: z.string().optional(),
});

/** The review queue: cells whose head is not the approved revision, as diffs from the approved text, with their failing checks. */
export const GET = route({ permission: "viewer", scope: documentInUrl, query: QueueQuery }, ({ db, scope, query }) => {
  const since = pointFromQuery(query.since);
  return reviewQueueWithChecks(db, {
    documentId: scope!.documentId,
    limit: query.limit,
    offset: query.offset,
    ...(query.langs ? { languages: query.langs.split(",") } : {}),
    ...(since ? { since: since as PastPoint } : {}),
  });
});

const Decisions = z.object({
  decisions: DecideReviewsInput.shape.decisions,
  /** The reviewer saw the failing error-level checks and approves anyway (else 409 checks_failing). */
  confirmFailingChecks: z.boolean().default(false),
});

/** Approves or rejects cells of this document, all or none (a cell of another document is 404). */
export const POST = route({ permission: "reviewer", scope: documentInUrl, body: Decisions }, async ({ db, scope, body, actor }) => ({
  outcomes: await decideReviewsChecked(db, {
    documentId: scope!.documentId,
    decisions: body.decisions,
    reviewerId: signedIn(actor).user.id,
    confirmFailingChecks: body.confirmFailingChecks,
  }),
}));
