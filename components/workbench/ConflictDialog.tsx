"use client";

import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { DiffView } from "@/components/DiffView";
import { mergeThreeWay } from "@/lib/diff";
import { ApiError, saveCellText, type CellConflictDetails, type SaveResult } from "./api";
import type { Conflict } from "./CellEditor";
import { misplacedMessage, misplacedOf } from "./change-messages";
import { clearDraft } from "./drafts";

/**
 * Someone saved the cell while this person was editing it. Shows their edit
 * as a diff and offers: keep mine, take theirs, or merge (automatic when the
 * two edits do not overlap).
 */
export function ConflictDialog({
  conflict,
  onResolved,
  onConflictAgain,
  onEditAgain,
}: {
  conflict: Conflict;
  onResolved: (result: SaveResult | { cell: CellConflictDetails["cell"]; revision: null }) => void;
  onConflictAgain: (conflict: Conflict) => void;
  onEditAgain: (text: string, head: CellConflictDetails["cell"]) => void;
}) {
  const { t } = useTranslation();
  const { details, mine, baseText, lang } = conflict;
  const theirs = details.cell.text;
  const merge = useMemo(() => mergeThreeWay(baseText, mine, theirs), [baseText, mine, theirs]);
  const [error, setError] = useState<string | null>(null);

  async function resolveWith(text: string) {
    try {
      const result = await saveCellText(conflict.cellId, {
        text,
        baseRevisionId: details.cell.headRevisionId,
        kind: "conflict_resolution",
        ...conflict.place,
      });
      clearDraft(conflict.cellId);
      onResolved(result);
    } catch (caught) {
      const misplaced = misplacedOf(caught);
      if (misplaced) {
        setError(misplacedMessage(t, misplaced, conflict.rowNumber));
      } else if (caught instanceof ApiError && caught.status === 409) {
        onConflictAgain({ ...conflict, baseText: theirs, details: caught.details as CellConflictDetails });
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    }
  }

  function takeTheirs() {
    clearDraft(conflict.cellId);
    onResolved({ cell: details.cell, revision: null });
  }

  const who = details.head?.author.name ?? t("conflict.someone");
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="conflict-title" className="dialog">
        <h2 id="conflict-title">{t("conflict.title")}</h2>
        <p>{t("conflict.explain", { who })}</p>
        <h3>{t("conflict.theirChange", { who })}</h3>
        <DiffView before={baseText} after={theirs} lang={lang} />
        <h3>{t("conflict.yourChange")}</h3>
        <DiffView before={baseText} after={mine} lang={lang} />
        {merge.status === "clean" ? (
          <>
            <h3>{t("conflict.merged")}</h3>
            <DiffView before={theirs} after={merge.text} lang={lang} />
          </>
        ) : (
          <p className="notice">{t("conflict.overlap", { count: merge.conflicts.length })}</p>
        )}
        {error && (
          <p role="alert" className="editor-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {merge.status === "clean" && (
            <button type="button" className="primary" onClick={() => void resolveWith(merge.text)}>
              {t("conflict.merge")}
            </button>
          )}
          <button type="button" onClick={() => void resolveWith(mine)}>
            {t("conflict.keepMine")}
          </button>
          <button type="button" onClick={takeTheirs}>
            {t("conflict.takeTheirs")}
          </button>
          {merge.status === "conflict" && (
            <button type="button" onClick={() => onEditAgain(mine, details.cell)}>
              {t("conflict.editByHand")}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
