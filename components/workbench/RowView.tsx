"use client";

import { memo, useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { differenceScore, sameLanguage } from "@/lib/documents/compare-score";
import type { LanguageVersion } from "@/lib/documents/queries";
import type { EditorCell, EditorRow, Highlight } from "@/lib/documents/rows";
import { LOW_CONFIDENCE } from "@/lib/schemas";
import type { Dismissal, ShownCheck } from "@/lib/documents/checks";
import { TermsInText } from "@/components/glossary/TermsInText";
import { CheckBadge } from "./CheckBadge";
import { ComparedText, usePercent } from "./Comparison";
import { HISTORY_SHORTCUT } from "./shortcuts";

/** While comparing, whether a column shows its text as a diff against the reference column: another version of its language. */
export const isCompared = (code: string, reference: string | undefined): reference is string =>
  reference !== undefined && code !== reference && sameLanguage(code, reference);

/** Text with its search matches wrapped in <mark>. */
function Highlighted({ text, ranges }: { text: string; ranges?: Highlight[] }) {
  if (!ranges?.length) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

type Operation = { op: string } & Record<string, unknown>;

/** One alignment row: its number and actions, then a cell per shown language. */
export const RowView = memo(function RowView({
  row,
  index,
  columns,
  languages,
  focus,
  editingCode,
  presence,
  drafts,
  editable,
  rowActions,
  busy,
  isLast,
  onFocusCell,
  onEditCell,
  onOperation,
  onShowHistory,
  onCheckDismissed,
  renderEditor,
  reference,
}: {
  row: EditorRow;
  index: number;
  columns: string;
  languages: LanguageVersion[];
  focus: { index: number; code: string } | null;
  editingCode: string | null;
  presence: Map<number, string[]>;
  drafts: Set<number>;
  /** The languages whose cells open an editor when clicked; the others only show their text. */
  editable: string[];
  /** Whether the row's menu (merge, insert, delete, move, confirm) is offered. */
  rowActions: boolean;
  busy: boolean;
  isLast: boolean;
  onFocusCell: (code: string) => void;
  onEditCell: (code: string) => void;
  onOperation: (operation: Operation) => void;
  onShowHistory: (code: string) => void;
  /** A check of this row's cell in `code` was dismissed. */
  onCheckDismissed: (code: string, kind: ShownCheck["kind"], dismissal: Dismissal) => void;
  renderEditor: (code: string) => ReactNode;
  /** The reference column while comparing versions of a language. */
  reference?: string;
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const percent = usePercent();
  const lowConfidence = row.alignmentScore !== null && row.alignmentScore < LOW_CONFIDENCE;
  const referenceText = reference ? (row.cells[reference]?.text ?? "") : "";
  const labelOf = (code: string) => languages.find((language) => language.code === code)?.label ?? code;
  // Scored here from the texts shown (the server's score is for the filter and the order), so a save updates it at once.
  const difference = useMemo(() => {
    const compared = languages.filter((language) => isCompared(language.code, reference));
    if (!compared.length) return undefined;
    return Math.max(...compared.map((language) => differenceScore(referenceText, row.cells[language.code]?.text ?? "")));
  }, [languages, reference, referenceText, row.cells]);

  return (
    // Row 1 of the grid is its header.
    <div role="row" className="parallel-row" data-row={row.number} aria-rowindex={index + 2} style={{ gridTemplateColumns: columns }}>
      <div role="rowheader" className="row-number">
        <span>{number.format(row.number)}</span>
        <span
          className={`alignment alignment-${row.alignmentStatus}${lowConfidence ? " alignment-low" : ""}`}
          title={
            lowConfidence
              ? t("row.lowConfidence", { score: number.format(row.alignmentScore!) })
              : t(`row.alignment.${row.alignmentStatus}`)
          }
        >
          {row.alignmentStatus === "confirmed" ? "✓" : lowConfidence ? "!" : "·"}
          <span className="visually-hidden">{t(`row.alignment.${row.alignmentStatus}`)}</span>
        </span>
        {difference !== undefined && (
          <span
            className={`row-difference${difference > 0 ? " row-differs" : ""}`}
            data-difference={difference}
            title={t("compare.rowDifference", { percent: percent(difference) })}
          >
            {percent(difference)}
          </span>
        )}
        {rowActions && (
          <details
            className="row-menu"
            onClick={(event) => {
              // Choosing an action closes the menu.
              if ((event.target as HTMLElement).closest("button")) event.currentTarget.removeAttribute("open");
            }}
          >
            <summary aria-label={t("row.actions", { number: row.number })}>⋯</summary>
            <div className="menu" role="menu">
              <button role="menuitem" type="button" disabled={busy || isLast} onClick={() => onOperation({ op: "merge" })}>
                {t("row.mergeNext")}
              </button>
              <button role="menuitem" type="button" disabled={busy} onClick={() => onOperation({ op: "insert", where: "above" })}>
                {t("row.insertAbove")}
              </button>
              <button role="menuitem" type="button" disabled={busy} onClick={() => onOperation({ op: "insert", where: "below" })}>
                {t("row.insertBelow")}
              </button>
              <button
                role="menuitem"
                type="button"
                disabled={busy || row.number === 1}
                onClick={() => onOperation({ op: "move", toIndex: row.number - 2 })}
              >
                {t("row.moveUp")}
              </button>
              <button
                role="menuitem"
                type="button"
                disabled={busy || isLast}
                onClick={() => onOperation({ op: "move", toIndex: row.number })}
              >
                {t("row.moveDown")}
              </button>
              <button role="menuitem" type="button" disabled={busy} onClick={() => onOperation({ op: "confirm", scope: "row" })}>
                {t("row.confirm")}
              </button>
              <button role="menuitem" type="button" disabled={busy} onClick={() => onOperation({ op: "confirm", scope: "above" })}>
                {t("row.confirmAbove")}
              </button>
              <button role="menuitem" type="button" className="danger" disabled={busy} onClick={() => onOperation({ op: "delete" })}>
                {t("row.delete")}
              </button>
            </div>
          </details>
        )}
      </div>
      {languages.map((language) => {
        const cell: EditorCell | null = row.cells[language.code] ?? null;
        const focused = focus?.index === index && focus.code === language.code;
        const editors = cell ? presence.get(cell.id) : undefined;
        if (editingCode === language.code && cell) {
          return (
            <div role="gridcell" key={language.code} className="cell cell-editing" data-lang={language.code}>
              {renderEditor(language.code)}
            </div>
          );
        }
        return (
          <div
            role="gridcell"
            key={language.code}
            className={`cell${focused ? " cell-focused" : ""}`}
            data-lang={language.code}
            data-cell={`${index}:${language.code}`}
            tabIndex={focused || (!focus && index === 0 && language === languages[0]) ? 0 : -1}
            onFocus={() => !focused && onFocusCell(language.code)}
            onClick={() => cell && editable.includes(language.code) && onEditCell(language.code)}
          >
            {cell && isCompared(language.code, reference) ? (
              <ComparedText
                reference={referenceText}
                text={cell.text}
                lang={language.code}
                referenceLabel={labelOf(reference!)}
                label={language.label}
              />
            ) : cell && cell.text !== "" ? (
              <p lang={language.code} className="cell-text">
                {/* Glossary terms are marked in the original, except while search marks its matches. */}
                {language.isOriginal && !cell.highlights?.length ? (
                  <TermsInText text={cell.text} lang={language.code} />
                ) : (
                  <Highlighted text={cell.text} ranges={cell.highlights} />
                )}
              </p>
            ) : (
              <p className="cell-empty">{t("document.emptyCell")}</p>
            )}
            {cell && (
              <div className="cell-badges">
                <span className={`badge badge-${cell.status}`}>{t(`document.status.${cell.status}`)}</span>
                {cell.stale && <span className="badge badge-stale">{t("document.stale")}</span>}
                {cell.checksBehind && (
                  <span className="badge badge-checks-behind" title={t("document.checksBehindHint")}>
                    {t("document.checksBehind")}
                  </span>
                )}
                {/* An empty cell already says so: its "empty" check would only repeat it. */}
                {[...cell.checks, ...(cell.dismissedChecks ?? [])]
                  .filter((check) => check.kind !== "empty" || check.dismissal)
                  .map((check, at) => (
                    <CheckBadge
                      key={`${at}:${check.kind}:${check.dismissal ? "dismissed" : ""}`}
                      check={check}
                      cellId={cell.id}
                      revisionId={cell.headRevisionId}
                      canDismiss={editable.includes(language.code)}
                      onDismissed={(kind, dismissal) => onCheckDismissed(language.code, kind, dismissal)}
                    />
                  ))}
                {drafts.has(cell.id) && <span className="badge badge-draft-local">{t("row.unsavedDraft")}</span>}
                {editors && <span className="badge badge-presence">{t("row.editing", { names: editors.join(", ") })}</span>}
                {cell.headRevisionId !== null && (
                  // The grid moves focus between cells itself; Alt+H reaches the history from the keyboard.
                  <button
                    type="button"
                    tabIndex={-1}
                    className="link-button cell-history-button"
                    title={t("history.openHint")}
                    aria-keyshortcuts={HISTORY_SHORTCUT}
                    onClick={(event) => {
                      event.stopPropagation();
                      onShowHistory(language.code);
                    }}
                  >
                    {t("history.open")}
                  </button>
                )}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
});
