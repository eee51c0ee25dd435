import { z } from "zod";
import { Prisma } from "../db/generated/client";
import { TRANSACTION_OPTIONS } from "../segments/alignment-edit";
import { Id } from "../segments/inputs";

export { Id };

/** A moment in a document's history: a `Date`, or an ISO timestamp as the API receives it. */
export const Moment = z.union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))]);

/** A version of a document from its past: a named snapshot, or the document as it stood at a moment. */
export const PastPoint = z.union([z.object({ snapshotId: Id }).strict(), z.object({ time: Moment }).strict()]);
export type PastPoint = z.input<typeof PastPoint>;

/** Any version of a document, "now" being its current state. */
export const Point = z.union([z.literal("now"), PastPoint]);
export type Point = z.input<typeof Point>;
export type ParsedPoint = z.output<typeof Point>;

/**
 * Reading a version takes several queries (rows, the log after a moment,
 * revisions); repeatable read makes them all see one state of the database,
 * so a structural change committed in between cannot be half-seen. Reads of
 * 10,000-row documents also outlast the default 5 s.
 */
export const READ_OPTIONS = { ...TRANSACTION_OPTIONS, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead } as const;
