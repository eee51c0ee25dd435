import type { TFunction } from "i18next";
import { ApiError, type MisplacedDetails, type NextChange } from "./api";

/** The change log's kinds, each with its own wording (changes.kind.*). */
export const CHANGE_KINDS = [
  "import",
  "split",
  "merge",
  "insert",
  "delete",
  "restore",
  "shift",
  "move",
  "confirm",
  "realign",
  "file_update",
  "language_remove",
  "language_rename",
  "undo",
  "redo",
] as const;

/** Operations undo and redo can act on, with their own wording; any other is named by its kind alone. */
const OPERATIONS: readonly string[] = CHANGE_KINDS.filter((kind) => kind !== "undo" && kind !== "redo");

/** How a person reads a change undo or redo would act on: "merge of rows 3–4, by you". */
export function describeChange(t: TFunction, change: NextChange, me: string | undefined, languageLabel: (code: string) => string): string {
  const { operation, rowNumber, languageCode } = change.summary;
  const what = OPERATIONS.includes(operation)
    ? t(`undo.what.${operation}`, {
        row: rowNumber ?? "?",
        next: rowNumber === null ? "?" : rowNumber + 1,
        language: languageLabel(languageCode ?? ""),
      })
    : operation;
  return t("undo.change", { what, who: change.author.handle === me ? t("undo.you") : change.author.name });
}

/** A refusal because the row the editor saw is gone (row_deleted) or the cell left it (cell_moved). */
export interface Misplaced {
  code: "row_deleted" | "cell_moved";
  details: MisplacedDetails;
}

export function misplacedOf(caught: unknown): Misplaced | null {
  if (!(caught instanceof ApiError) || caught.status !== 409) return null;
  if (caught.code !== "row_deleted" && caught.code !== "cell_moved") return null;
  return { code: caught.code, details: caught.details as MisplacedDetails };
}

/**
 * What happened, by whom, and (`kept`, after a save) that the text is kept
 * as a draft: "Row 2 was merged into row 1 by Ana: …". `seenRow` is the
 * row's number as the editor showed it.
 */
export function misplacedMessage(t: TFunction, { code, details }: Misplaced, seenRow: number, kept = true): string {
  const who = details.change?.author.name ?? t("misplaced.someone");
  const kind = details.change?.kind ?? "other";
  const operation = t(`undo.operation.${OPERATIONS.includes(kind) ? kind : "other"}`);
  if (!kept) {
    return code === "cell_moved"
      ? t("misplaced.movedAway", { row: details.rowNumber ?? "?", operation, who })
      : t("misplaced.rowGone", { row: seenRow, operation, who });
  }
  if (code === "cell_moved") return t("misplaced.cellMoved", { row: details.rowNumber ?? "?", operation, who });
  if (kind === "merge" && details.rowNumber !== null) return t("misplaced.rowMerged", { row: seenRow, into: details.rowNumber, who });
  return t("misplaced.rowDeleted", { row: seenRow, who });
}
