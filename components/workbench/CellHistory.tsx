"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { DiffControls } from "@/components/DiffControls";
import { DiffView } from "@/components/DiffView";
import type { CellState } from "@/lib/cells/save-cell";
import type { EditorCell } from "@/lib/documents/rows";
import type { CellHistory as History, HistoryEntry } from "@/lib/revisions";
import { ApiError, type CellConflictDetails, type CellPlace, fetchCellHistory, revertCell } from "./api";
import { misplacedMessage, misplacedOf } from "./change-messages";
import { comparisonOf, toggleSelection } from "./revision-selection";

const FOCUSABLE =
  "button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [href], [tabindex]:not([tabindex='-1'])";

/**
 * The revisions of one cell, newest first, a page at a time ("Show older
 * revisions" loads the next), each with its diff against its parent. Two ticked revisions are compared; any revision can be reverted to
 * (a new revision: history is never rewritten). A modal side panel: focus
 * moves in and stays, Esc closes, focus goes back where it was.
 */
export function CellHistory({
  cell,
  lang,
  place,
  rowNumber,
  title,
  mayRevert,
  onClose,
  onCellChanged,
}: {
  cell: EditorCell;
  lang: string;
  /** Where the workbench shows the cell: a revert is refused when the row is gone or the cell left it. */
  place: CellPlace;
  rowNumber: number;
  /** Whether "Revert to this" is offered (for those who may edit this language). */
  mayRevert: boolean;
  /** Which cell this is, for the heading ("Row 12, English"). */
  title: string;
  onClose: () => void;
  onCellChanged: (state: CellState) => void;
}) {
  const { t, i18n } = useTranslation();
  const [history, setHistory] = useState<History | null>(null);
  const [loadCount, setLoadCount] = useState(0);
  const [selected, setSelected] = useState<number[]>([]);
  const [reverting, setReverting] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const panel = useRef<HTMLDivElement>(null);
  const date = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium" }), [i18n.language]);

  // The document listener below is added once; it calls the latest onClose.
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    /** Modal: Tab cycles through the panel instead of leaving it for the page behind. */
    const keepFocusInside = (event: globalThis.KeyboardEvent) => {
      const focusable = [...panel.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = focusable[0];
      const last = focusable.at(-1);
      if (!first || !last) return;
      const inside = panel.current!.contains(document.activeElement);
      if (event.shiftKey && (!inside || document.activeElement === first || document.activeElement === panel.current)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
        event.preventDefault();
        first.focus();
      }
    };

    panel.current?.focus();
    // On the document, not the panel: Esc must close it even when focus was
    // lost (a clicked button that became disabled hands focus to the body).
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close.current();
      } else if (event.key === "Tab") keepFocusInside(event);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    let current = true;
    fetchCellHistory(cell.id).then(
      (result) => current && setHistory(result),
      (caught: unknown) => current && setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) }),
    );
    return () => {
      current = false;
    };
  }, [cell.id, loadCount]);

  const byId = useMemo(() => new Map(history?.revisions.map((revision) => [revision.id, revision])), [history]);
  const comparison = comparisonOf(selected);
  const describe = (revision: HistoryEntry) =>
    t("history.revisionCaption", { id: revision.id, author: revision.author.name, time: date.format(new Date(revision.createdAt)) });

  async function loadOlder(before: number) {
    setLoadingOlder(true);
    try {
      const older = await fetchCellHistory(cell.id, before);
      setHistory(
        (current) => current && { ...current, revisions: [...current.revisions, ...older.revisions], nextBefore: older.nextBefore },
      );
    } catch (caught) {
      setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) });
    } finally {
      setLoadingOlder(false);
    }
  }

  async function revertTo(revision: HistoryEntry) {
    setReverting(true);
    setMessage(null);
    try {
      const result = await revertCell(cell.id, { toRevisionId: revision.id, baseRevisionId: history!.headRevisionId, ...place });
      onCellChanged(result.cell);
      setMessage({
        kind: "info",
        text: result.revision ? t("history.reverted", { id: revision.id }) : t("history.alreadyThisText", { id: revision.id }),
      });
    } catch (caught) {
      const misplaced = misplacedOf(caught);
      if (misplaced) {
        setMessage({ kind: "error", text: misplacedMessage(t, misplaced, rowNumber, false) });
      } else if (caught instanceof ApiError && caught.status === 409) {
        const details = caught.details as CellConflictDetails;
        onCellChanged(details.cell);
        setMessage({ kind: "error", text: t("history.conflict", { who: details.head?.author.name ?? t("conflict.someone") }) });
      } else {
        setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) });
      }
    } finally {
      setReverting(false);
      setLoadCount((count) => count + 1);
      if (!panel.current?.contains(document.activeElement)) panel.current?.focus();
    }
  }

  return (
    <div className="dialog-backdrop side-panel-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div ref={panel} role="dialog" aria-modal="true" aria-labelledby="cell-history-title" className="side-panel" tabIndex={-1}>
        <div className="side-panel-head">
          <h2 id="cell-history-title">{t("history.title", { cell: title })}</h2>
          <button type="button" onClick={onClose} title={t("history.closeHint")}>
            {t("history.close")}
          </button>
        </div>
        <DiffControls />
        {message && (
          <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : "history-notice"}>
            {message.text}
          </p>
        )}
        {!history && !message && <p className="history-hint">{t("document.loading")}</p>}
        {history && history.revisions.length === 0 && <p className="history-hint">{t("history.none")}</p>}
        {history && history.revisions.length > 1 && (
          <section className="history-compare" aria-labelledby="history-compare-title">
            <h3 id="history-compare-title">
              {comparison ? t("history.comparing", { from: comparison.from, to: comparison.to }) : t("history.compareTitle")}
            </h3>
            {comparison ? (
              <>
                <DiffView
                  before={byId.get(comparison.from)!.text}
                  after={byId.get(comparison.to)!.text}
                  lang={lang}
                  beforeLabel={describe(byId.get(comparison.from)!)}
                  afterLabel={describe(byId.get(comparison.to)!)}
                />
                <button type="button" className="link-button" onClick={() => setSelected([])}>
                  {t("history.clearSelection")}
                </button>
              </>
            ) : (
              <p className="history-hint">{t("history.compareHint")}</p>
            )}
          </section>
        )}
        {history && history.revisions.length > 0 && (
          <ol className="revision-list" aria-label={t("history.listLabel", { count: history.revisions.length })}>
            {history.revisions.map((revision) => {
              const isHead = revision.id === history.headRevisionId;
              const ticked = selected.includes(revision.id);
              return (
                <li key={revision.id} className={`revision${isHead ? " revision-head" : ""}`} data-revision={revision.id}>
                  <div className="revision-meta">
                    <label className="toggle">
                      <input
                        type="checkbox"
                        checked={ticked}
                        disabled={!ticked && selected.length >= 2}
                        onChange={() => setSelected((current) => toggleSelection(current, revision.id))}
                      />
                      {t("history.compare")} <span className="visually-hidden">{t("history.revisionNumber", { id: revision.id })}</span>
                    </label>
                    <span className="revision-id">{t("history.revisionNumber", { id: revision.id })}</span>
                    <time dateTime={new Date(revision.createdAt).toISOString()}>{date.format(new Date(revision.createdAt))}</time>
                    <strong>{revision.author.name}</strong>
                    <span className="badge badge-kind">{t(`history.kind.${revision.kind}`)}</span>
                    {isHead && (
                      <>
                        <span className="badge badge-current">{t("history.current")}</span>
                        <span className={`badge badge-${cell.status}`}>{t(`document.status.${cell.status}`)}</span>
                      </>
                    )}
                    <span className="editor-spacer" />
                    {!isHead && mayRevert && (
                      <button type="button" onClick={() => void revertTo(revision)} disabled={reverting}>
                        {t("history.revert")} <span className="visually-hidden">{t("history.revisionNumber", { id: revision.id })}</span>
                      </button>
                    )}
                  </div>
                  {revision.note && <p className="revision-note">{revision.note}</p>}
                  {revision.parentId === null ? (
                    // The first text has nothing to differ from: shown plain rather than as one long insertion.
                    <p className="diff revision-first" lang={lang}>
                      {revision.text}
                    </p>
                  ) : (
                    <DiffView before={parentText(revision)} after={revision.text} lang={lang} />
                  )}
                </li>
              );
            })}
          </ol>
        )}
        {history?.nextBefore && (
          <button type="button" onClick={() => void loadOlder(history.nextBefore!)} disabled={loadingOlder}>
            {loadingOlder ? t("document.loading") : t("history.older")}
          </button>
        )}
      </div>
    </div>
  );
}

/** The parent's text, from the diff the server sends (its equal and deleted parts): the parent may be on a page not loaded. */
function parentText(revision: HistoryEntry): string {
  return revision.diff
    .filter((op) => op.op !== "insert")
    .map((op) => op.text)
    .join("");
}
