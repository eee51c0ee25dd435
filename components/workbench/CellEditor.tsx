"use client";

import { useEffect, useEffectEvent, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { DiffControls } from "@/components/DiffControls";
import { DiffView } from "@/components/DiffView";
import { AddToGlossary } from "@/components/glossary/AddToGlossary";
import type { CellState } from "@/lib/cells/save-cell";
import { CellStatus } from "@/lib/db/generated/enums";
import type { EditorCell } from "@/lib/documents/rows";
import { ApiError, isUnreachable, markEditing, saveCellText, type CellConflictDetails, type CellPlace, type SaveResult } from "./api";
import { type Misplaced, misplacedOf } from "./change-messages";
import { ComparedText } from "./Comparison";
import { whenReachable } from "./database-status";
import { HISTORY_SHORTCUT, isHistoryShortcut } from "./shortcuts";
import { clearDraft, readDraft, writeDraft } from "./drafts";
import { SourceChangePanel } from "./SourceChangePanel";

export type EditorExit = "next-language" | "previous-language" | "next-row" | "previous-row" | "stay";

export interface Conflict {
  cellId: number;
  lang: string;
  mine: string;
  baseText: string;
  details: CellConflictDetails;
  /** Where the editor saw the cell, sent again with the resolution. */
  place: CellPlace;
  /** The row's number as the editor showed it. */
  rowNumber: number;
}

const HEARTBEAT_MS = 10_000;

// A save sets these; reviewed and approved come from the review queue alone (a cell keeps them until edited).
const SAVE_STATUSES: CellStatus[] = [CellStatus.draft, CellStatus.translated];

/**
 * Editing one cell in place. Ctrl/Cmd+Enter saves, Esc discards, Tab and
 * Alt+arrows leave for a neighbour keeping the draft. The draft lives in
 * localStorage until saved or discarded; while the editor is open the server
 * is told, so others see who is editing. A stale translation shows how its
 * original changed; Alt+H opens the cell's history. A save the database
 * could not take waits, kept as the draft, and is sent again when the
 * database answers again.
 */
export function CellEditor({
  cell,
  lang,
  place,
  rowNumber,
  maySplitOthers,
  onSaved,
  onClose,
  onConflict,
  onMisplaced,
  onSplit,
  onShift,
  onShowHistory,
  onCellChanged,
  compareWith,
}: {
  cell: EditorCell;
  lang: string;
  /** The row (and original's head) the editor shows the cell with: the server refuses a save that would land elsewhere. */
  place: CellPlace;
  /** The row's number as shown. */
  rowNumber: number;
  /** Whether a split may cut the row's other languages too (a translator limited to some languages splits only their own). */
  maySplitOthers: boolean;
  onSaved: (result: SaveResult) => void;
  onClose: (exit: EditorExit) => void;
  onConflict: (conflict: Conflict) => void;
  /** The row was deleted or merged away, or the cell moved to another row: nothing was saved, the text stays a draft. */
  onMisplaced: (misplaced: Misplaced, text: string) => void;
  onSplit: (offset: number, splitOthers: boolean) => void;
  onShift: (direction: "up" | "down") => void;
  /** Leaves the editor (keeping the draft) for the cell's history. */
  onShowHistory: () => void;
  /** The cell changed without a save from here ("still valid" cleared its stale flag). */
  onCellChanged: (state: CellState) => void;
  /** While comparing versions: the reference cell's text and the two columns' names; the diff follows the typing. */
  compareWith?: { text: string; referenceLabel: string; label: string };
}) {
  const { t } = useTranslation();
  const [start] = useState(() => readDraft(cell.id) ?? { text: cell.text, baseRevisionId: cell.headRevisionId, baseText: cell.text });
  const [text, setText] = useState(start.text);
  const [status, setStatus] = useState<CellStatus>(cell.status);
  const [showDiff, setShowDiff] = useState(false);
  const [splitOthers, setSplitOthers] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Where to go once saved, for a save that waits for the database to return. */
  const [waitingToSave, setWaitingToSave] = useState<EditorExit | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const dirty = text !== start.baseText;
  const statusChanged = status !== cell.status;

  useEffect(() => {
    const textarea = area.current!;
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }, []);

  useEffect(() => {
    void markEditing(cell.id, true).catch(() => undefined);
    const timer = setInterval(() => void markEditing(cell.id, true).catch(() => undefined), HEARTBEAT_MS);
    return () => {
      clearInterval(timer);
      void markEditing(cell.id, false).catch(() => undefined);
    };
  }, [cell.id]);

  useEffect(() => {
    if (dirty) writeDraft(cell.id, { text, baseRevisionId: start.baseRevisionId, baseText: start.baseText });
    else clearDraft(cell.id);
  }, [cell.id, dirty, text, start]);

  useEffect(() => {
    const textarea = area.current!;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + 2}px`;
  }, [text]);

  async function save(exit: EditorExit) {
    if (!dirty && !statusChanged) {
      onClose(exit);
      return;
    }
    setSaving(true);
    setError(null);
    setWaitingToSave(null);
    try {
      const result = await saveCellText(cell.id, {
        text,
        baseRevisionId: start.baseRevisionId,
        ...(statusChanged ? { status } : {}),
        ...place,
      });
      clearDraft(cell.id);
      onSaved(result);
      onClose(exit);
    } catch (caught) {
      const misplaced = misplacedOf(caught);
      if (misplaced) {
        // The draft effect has kept the text (under this cell) since the first keystroke; it stays.
        onMisplaced(misplaced, text);
      } else if (caught instanceof ApiError && caught.status === 409) {
        onConflict({
          cellId: cell.id,
          lang,
          mine: text,
          baseText: start.baseText,
          details: caught.details as CellConflictDetails,
          place,
          rowNumber,
        });
      } else if (isUnreachable(caught)) {
        // The banner says so; the draft effect keeps the text on this device meanwhile.
        setWaitingToSave(exit);
      } else {
        setError(caught instanceof Error ? caught.message : String(caught));
      }
    } finally {
      setSaving(false);
    }
  }

  const saveAgain = useEffectEvent((exit: EditorExit) => void save(exit));
  useEffect(() => {
    if (waitingToSave) return whenReachable(() => saveAgain(waitingToSave));
  }, [waitingToSave]);

  function discard() {
    clearDraft(cell.id);
    onClose("stay");
  }

  // Anywhere in the editor (text, buttons, checkboxes): save or discard.
  function onEditorKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save("stay");
    } else if (event.key === "Escape") {
      event.preventDefault();
      discard();
    } else if (isHistoryShortcut(event)) {
      event.preventDefault();
      onShowHistory();
    }
  }

  // In the text: leave for a neighbouring cell, keeping the draft.
  function onTextKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Tab") {
      event.preventDefault();
      onClose(event.shiftKey ? "previous-language" : "next-language");
    } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      onClose(event.key === "ArrowDown" ? "next-row" : "previous-row");
    }
  }

  return (
    <div className="cell-editor" onKeyDown={onEditorKeyDown}>
      {cell.stale && <SourceChangePanel cellId={cell.id} place={place} rowNumber={rowNumber} onConfirmed={onCellChanged} />}
      <textarea
        ref={area}
        lang={lang}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onTextKeyDown}
        aria-label={t("editor.textLabel")}
        spellCheck
      />
      {compareWith && (
        <ComparedText
          reference={compareWith.text}
          text={text}
          lang={lang}
          referenceLabel={compareWith.referenceLabel}
          label={compareWith.label}
        />
      )}
      {showDiff && (
        <>
          <DiffControls />
          <DiffView before={start.baseText} after={text} lang={lang} />
        </>
      )}
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
      {waitingToSave && (
        <p role="status" className="notice">
          {t("database.waiting")}
        </p>
      )}
      <div className="editor-actions">
        <button type="button" className="primary" onClick={() => void save("stay")} disabled={saving}>
          {t("editor.save")}
        </button>
        <button type="button" onClick={discard} disabled={saving}>
          {dirty ? t("editor.discard") : t("editor.close")}
        </button>
        <label className="toggle">
          {t("editor.status")}{" "}
          <select value={status} onChange={(event) => setStatus(event.target.value as CellStatus)}>
            {Object.values(CellStatus)
              .filter((name) => name === cell.status || SAVE_STATUSES.includes(name))
              .map((name) => (
                <option key={name} value={name}>
                  {t(`document.status.${name}`)}
                </option>
              ))}
          </select>
        </label>
        <label className="toggle">
          <input type="checkbox" checked={showDiff} onChange={(event) => setShowDiff(event.target.checked)} />
          {t("editor.showChanges")}
        </label>
        <button type="button" onClick={onShowHistory} disabled={saving} title={t("history.openHint")} aria-keyshortcuts={HISTORY_SHORTCUT}>
          {t("history.open")}
        </button>
        <span className="editor-spacer" />
        <button
          type="button"
          onClick={() => onSplit(area.current!.selectionStart, splitOthers)}
          disabled={dirty || saving}
          title={dirty ? t("editor.saveFirst") : undefined}
        >
          {t("editor.split")}
        </button>
        {maySplitOthers && (
          <label className="toggle">
            <input type="checkbox" checked={splitOthers} onChange={(event) => setSplitOthers(event.target.checked)} />
            {t("editor.splitOthers")}
          </label>
        )}
        <button type="button" onClick={() => onShift("up")} disabled={dirty || saving} title={t("editor.shiftUpHint")}>
          {t("editor.shiftUp")}
        </button>
        <button type="button" onClick={() => onShift("down")} disabled={dirty || saving} title={t("editor.shiftDownHint")}>
          {t("editor.shiftDown")}
        </button>
      </div>
      <AddToGlossary textarea={area} lang={lang} />
      <p className="editor-hint">{t("editor.keys")}</p>
    </div>
  );
}
