import { z } from "zod";
import type { Prisma } from "../db/generated/client";
import { AlignmentStatus } from "../db/generated/enums";
import { Id } from "../schemas";

/**
 * The `details` of every alignment-log entry written by lib/segments. One
 * shape for every kind: a `summary` of what was asked (for people and the
 * UI), and the exact state transitions of every row and cell it touched, as
 * [before, after] pairs. Undo applies the `before` side; because the undo
 * records its own transitions in the same shape, redo is the same code
 * reverting the undo.
 */
export const DETAILS_FORMAT = 1;

/** A row's position or a cell's version: whole numbers that, unlike ids, may be 0. */
const Ordinal = z.number().int();

/** A row whose position, deletion or alignment status changed, or that was created. */
export const RowEffect = z.object({
  id: Id,
  /** Created by this change; reverting it soft-deletes the row. */
  created: z.literal(true).optional(),
  /** [before, after]; before is null for a created row. */
  position: z.tuple([Ordinal.nullable(), Ordinal]).optional(),
  /** ISO timestamps, null when live. */
  deletedAt: z.tuple([z.string().nullable(), z.string().nullable()]).optional(),
  status: z.tuple([z.enum(AlignmentStatus), z.enum(AlignmentStatus)]).optional(),
});
export type RowEffect = z.infer<typeof RowEffect>;

/**
 * A cell that moved between rows, got new text, or was created. `segment`,
 * `head` and `version` are always there: the `after` side is what an undo
 * checks to tell whether somebody edited the cell since.
 */
export const CellEffect = z.object({
  id: Id,
  /** The cell's language code, for people reading the log. */
  language: z.string(),
  /** Created empty (no revision, version 0) in row `segment[0]` by this change. */
  created: z.literal(true).optional(),
  segment: z.tuple([Id, Id]),
  head: z.tuple([Id.nullable(), Id.nullable()]),
  version: z.tuple([Ordinal, Ordinal]),
  /** Only when the text changed. */
  text: z.tuple([z.string(), z.string()]).optional(),
});
export type CellEffect = z.infer<typeof CellEffect>;

/**
 * A language removed, brought back or given another tag (an admin's change,
 * lib/documents/languages.ts). Its cells are not touched: a removed
 * language keeps them, hidden, with their history.
 */
export const LanguageEffect = z.object({
  id: Id,
  /** [before, after] BCP 47 tag, when it changed. */
  code: z.tuple([z.string(), z.string()]).optional(),
  /** [before, after] ISO timestamps of removal, null when live. */
  deletedAt: z.tuple([z.string().nullable(), z.string().nullable()]).optional(),
});
export type LanguageEffect = z.infer<typeof LanguageEffect>;

export const ChangeDetails = z.object({
  format: z.literal(DETAILS_FORMAT),
  summary: z.record(z.string(), z.unknown()),
  rows: z.array(RowEffect),
  cells: z.array(CellEffect),
  /** Absent in entries that change no language (every kind but language_remove, language_rename and their undo and redo). */
  languages: z.array(LanguageEffect).optional(),
});
export type ChangeDetails = z.infer<typeof ChangeDetails>;

/**
 * Stale flags a change set and cleared besides its cells' texts (undo and
 * redo write texts without touching flags): reverting it clears what it set
 * and sets what it cleared, and records the opposite for the next revert.
 */
export const StaleFlags = z.object({ set: z.array(Id), cleared: z.array(Id) });
export type StaleFlags = z.infer<typeof StaleFlags>;

/** What each kind puts in `summary` (ids are segment ids, codes language codes). */
export interface ChangeSummaries {
  split: { segmentId: number; newSegmentId: number; languageCode: string; offset: number; splitOthers: boolean; splitLanguages: string[] };
  merge: { segmentId: number; mergedSegmentId: number };
  insert: { segmentId: number; relativeTo: number; where: "above" | "below" };
  delete: { segmentId: number };
  restore: { segmentId: number };
  shift: { segmentId: number; languageCode: string; direction: "up" | "down"; appendedSegmentId: number | null };
  move: { segmentId: number; fromIndex: number; toIndex: number };
  confirm: { segmentId: number; scope: "row" | "above"; confirmedSegmentIds: number[] };
  /** A language version added from a file and aligned automatically against the original. */
  import: { languageCode: string; fileName: string | null; paragraphs: number; createdSegmentIds: number[]; lowConfidence: number };
  realign: { languageCode: string; fromSegmentId: number; rows: number; lowConfidence: number };
  /** A language updated from a revised file (lib/documents/update-language.ts): cells changed and emptied, rows made for new paragraphs. */
  file_update: {
    languageCode: string;
    fileName: string;
    changed: number;
    emptied: number;
    createdSegmentIds: number[];
    /** Cells (of any language) whose stale flag the update set or cleared: undo puts them back (see StaleFlags). */
    staleFlags: StaleFlags;
  };
  /** An admin removed a language (soft delete: its cells and history stay). */
  language_remove: { languageCode: string; label: string };
  /** An admin changed a language's tag from `languageCode` to `newCode`. */
  language_rename: { languageCode: string; newCode: string; label: string };
  /** `operation` is the kind of the change first made (split, merge, …), followed through undo/redo chains. */
  undo: { reverts: number; revertsKind: string; operation: string; staleFlags?: StaleFlags };
  redo: { reverts: number; revertsKind: string; operation: string; staleFlags?: StaleFlags };
}
export type LoggedKind = keyof ChangeSummaries;

/** The details of an entry, or null when it was not written in this format (the import that created the document, say). */
export function readDetails(value: unknown): ChangeDetails | null {
  const parsed = ChangeDetails.safeParse(value);
  return parsed.success ? parsed.data : null;
}

// The details are built from plain numbers, strings and nulls; optional keys
// are left out rather than set to undefined, so this is JSON as it stands.
export function detailsJson(details: ChangeDetails): Prisma.InputJsonObject {
  return details as unknown as Prisma.InputJsonObject;
}
