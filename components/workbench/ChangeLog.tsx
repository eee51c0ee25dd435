"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AlignmentChangeEntry } from "@/lib/segments/list-alignment-changes";
import { fetchChanges } from "./api";

const KINDS = [
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
  "undo",
  "redo",
] as const;

/**
 * The document's alignment log, newest first: who changed the rows, how and
 * when. A deleted row can be restored from its entry (given `onRestore`:
 * for those who may change the alignment).
 */
export function ChangeLog({ slug, version, onRestore }: { slug: string; version: number; onRestore?: (segmentId: number) => void }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [changes, setChanges] = useState<AlignmentChangeEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" });

  useEffect(() => {
    if (!open) return;
    let current = true;
    fetchChanges(slug).then(
      (result) => current && setChanges(result.changes),
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
            const summary = (change.details as { summary?: { segmentId?: number } }).summary;
            const kind = KINDS.includes(change.kind) ? change.kind : "import";
            return (
              <li key={change.id} className={change.reverted ? "change-reverted" : undefined}>
                <time dateTime={new Date(change.createdAt).toISOString()}>{date.format(new Date(change.createdAt))}</time>{" "}
                <strong>{change.author.name}</strong> {t(`changes.kind.${kind}`)}
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
              </li>
            );
          })}
        </ol>
      )}
    </details>
  );
}
