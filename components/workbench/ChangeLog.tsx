"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AlignmentChangeEntry } from "@/lib/segments/list-alignment-changes";
import { type ChangesAnswer, fetchChanges } from "./api";
import { CHANGE_KINDS } from "./change-messages";

/** What an entry's summary may name (lib/segments/details.ts, ChangeSummaries). */
interface Summary {
  segmentId?: number;
  languageCode?: string;
  newCode?: string;
  label?: string;
}

/**
 * The document's alignment log, newest first: who changed the rows (or
 * removed a language, or changed its tag), how and when. A deleted row can
 * be restored from its entry (given `onRestore`), and the latest change
 * still in effect undone from its entry (given `onUndo`): for those who may
 * change the alignment.
 */
export function ChangeLog({
  slug,
  version,
  onRestore,
  onUndo,
}: {
  slug: string;
  version: number;
  onRestore?: (segmentId: number) => void;
  onUndo?: (changeId: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [changes, setChanges] = useState<AlignmentChangeEntry[] | null>(null);
  const [undoTarget, setUndoTarget] = useState<ChangesAnswer["undo"]>(null);
  const [error, setError] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });

  useEffect(() => {
    if (!open) return;
    let current = true;
    fetchChanges(slug).then(
      (result) => {
        if (!current) return;
        setChanges(result.changes);
        setUndoTarget(result.undo);
      },
      (caught: unknown) => current && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      current = false;
    };
  }, [open, slug, version]);

  return (
    <details className="change-log" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t("changes.title")}</summary>
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
      {changes && changes.length === 0 && <p>{t("changes.none")}</p>}
      {changes && changes.length > 0 && (
        <ol className="change-list">
          {changes.map((change) => {
            const summary = (change.details as { summary?: Summary }).summary;
            const kind = CHANGE_KINDS.includes(change.kind) ? change.kind : "import";
            return (
              <li key={change.id} className={change.reverted ? "change-reverted" : undefined}>
                <time dateTime={new Date(change.createdAt).toISOString()}>{date.format(new Date(change.createdAt))}</time>{" "}
                <strong>{change.author.name}</strong>{" "}
                {t(`changes.kind.${kind}`, { label: summary?.label, code: summary?.languageCode, newCode: summary?.newCode })}
                {change.revertsId !== null && ` ${t("changes.ofEntry", { id: change.revertsId })}`}
                {change.reverted && ` (${t("changes.reverted")})`}
                {onRestore && change.kind === "delete" && !change.reverted && summary?.segmentId !== undefined && (
                  <>
                    {" "}
                    <button type="button" onClick={() => onRestore(summary.segmentId!)}>
                      {t("changes.restore")}
                    </button>
                  </>
                )}
                {onUndo && undoTarget?.id === change.id && (
                  <>
                    {" "}
                    <button type="button" title={t("changes.undoHint")} onClick={() => onUndo(change.id)}>
                      {t("changes.undo")}
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </details>
  );
}
