"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { DiffControls } from "@/components/DiffControls";
import { DiffView } from "@/components/DiffView";
import type { CellState } from "@/lib/cells/save-cell";
import type { SourceChange } from "@/lib/revisions/stale";
import { type CellPlace, confirmStillValid, fetchSourceChange } from "./api";
import { misplacedMessage, misplacedOf } from "./change-messages";

/**
 * Shown in the editor of a stale translation: how the original of its row
 * changed since this translation was last written, and "Still valid" to clear
 * the flag without editing (saving an edit clears it too).
 */
export function SourceChangePanel({
  cellId,
  place,
  rowNumber,
  onConfirmed,
}: {
  cellId: number;
  /** Where the editor shows the cell: the confirmation is refused when the row is gone or the cell left it. */
  place: CellPlace;
  rowNumber: number;
  onConfirmed: (state: CellState) => void;
}) {
  const { t } = useTranslation();
  const [change, setChange] = useState<SourceChange | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    fetchSourceChange(cellId).then(
      (result) => current && setChange(result),
      (caught: unknown) => current && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      current = false;
    };
  }, [cellId]);

  async function confirm() {
    setConfirming(true);
    setError(null);
    try {
      onConfirmed((await confirmStillValid(cellId, place)).cell);
    } catch (caught) {
      const misplaced = misplacedOf(caught);
      setError(misplaced ? misplacedMessage(t, misplaced, rowNumber, false) : caught instanceof Error ? caught.message : String(caught));
    } finally {
      setConfirming(false);
    }
  }

  return (
    <section className="source-change" aria-labelledby={`source-change-${cellId}`}>
      <div className="source-change-head">
        <h3 id={`source-change-${cellId}`}>{t("stale.title")}</h3>
        <button type="button" onClick={() => void confirm()} disabled={confirming} title={t("stale.stillValidHint")}>
          {t("stale.stillValid")}
        </button>
      </div>
      <p className="source-change-explain">{t("stale.explain")}</p>
      <DiffControls />
      {change ? (
        <DiffView
          before={change.original.then.text}
          after={change.original.now.text}
          lang={change.original.language}
          beforeLabel={t("stale.then")}
          afterLabel={t("stale.now")}
        />
      ) : (
        !error && <p className="history-hint">{t("document.loading")}</p>
      )}
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
    </section>
  );
}
