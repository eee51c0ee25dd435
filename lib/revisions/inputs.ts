import { z } from "zod";
import { Id } from "../schemas";

/** A moment in a document's history: a `Date`, or an ISO timestamp as the API receives it. */
export const Moment = z.union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))]);

/** A version of a document from its past: a named snapshot, or the document as it stood at a moment. */
export const PastPoint = z.union([z.object({ snapshotId: Id }).strict(), z.object({ time: Moment }).strict()]);
export type PastPoint = z.input<typeof PastPoint>;

/** Any version of a document, "now" being its current state. */
export const Point = z.union([z.literal("now"), PastPoint]);
export type Point = z.input<typeof Point>;
export type ParsedPoint = z.output<typeof Point>;
