"use client";

import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";

export interface MisplacedText {
  cellId: number;
  lang: string;
  text: string;
  /** What happened and by whom, in the reader's language. */
  message: string;
  /** The row to look at: where the text went (a merge) or where the cell is now (a shift). */
  rowNumber: number | null;
}

/**
 * A save refused because the row went away or the cell moved while it was
 * being edited. A dialog, not a line in the toolbar: the person is looking
 * at the row, far down the page. The text stays a draft until discarded.
 */
export function MisplacedDialog({
  misplaced,
  onGoToRow,
  onDiscard,
  onClose,
}: {
  misplaced: MisplacedText;
  onGoToRow: (rowNumber: number) => void;
  onDiscard: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);

  return (
    <div className="dialog-backdrop">
      <div role="alertdialog" aria-modal="true" aria-labelledby="misplaced-title" aria-describedby="misplaced-message" className="dialog">
        <h2 id="misplaced-title">{t("misplaced.title")}</h2>
        <p id="misplaced-message">{misplaced.message}</p>
        <h3>{t("misplaced.yourText")}</h3>
        <blockquote lang={misplaced.lang}>{misplaced.text}</blockquote>
        <div className="dialog-actions">
          {misplaced.rowNumber !== null && (
            <button ref={first} type="button" className="primary" onClick={() => onGoToRow(misplaced.rowNumber!)}>
              {t("misplaced.goToRow", { row: misplaced.rowNumber })}
            </button>
          )}
          <button ref={misplaced.rowNumber === null ? first : undefined} type="button" onClick={onClose}>
            {t("misplaced.close")}
          </button>
          <button type="button" onClick={onDiscard}>
            {t("misplaced.discard")}
          </button>
        </div>
      </div>
    </div>
  );
}
