"use client";

import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Dismissal, ShownCheck } from "@/lib/documents/checks";
import { dismissCheck } from "./api";

const messageIn = (check: ShownCheck, language: string) => (language === "ru" ? check.message.ru : check.message.en);

/**
 * A cell's failing check: a badge naming its kind that opens its message
 * and, for who may edit the cell, a form to dismiss it for this revision
 * with a reason. A dismissed check shows who dismissed it, when and why.
 */
export function CheckBadge({
  check,
  cellId,
  revisionId,
  canDismiss,
  onDismissed,
}: {
  check: ShownCheck;
  cellId: number;
  revisionId: number | null;
  canDismiss: boolean;
  onDismissed: (kind: ShownCheck["kind"], dismissal: Dismissal) => void;
}) {
  const { t, i18n } = useTranslation();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const message = messageIn(check, i18n.language);
  const dismissal = check.dismissal;

  async function dismiss(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      const { dismissal: made } = await dismissCheck(cellId, { kind: check.kind, revisionId, reason: reason.trim() });
      onDismissed(check.kind, made);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    // Clicks and keys inside stay here: the cell around would start editing.
    <details
      className="check-badge"
      data-check={check.kind}
      data-dismissed={dismissal ? "true" : undefined}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <summary className={`badge badge-check ${dismissal ? "badge-check-dismissed" : `badge-check-${check.severity}`}`} title={message}>
        {dismissal ? t("checks.ui.dismissedKind", { kind: t(`checks.kinds.${check.kind}`) }) : t(`checks.kinds.${check.kind}`)}
        <span className="visually-hidden">: {message}</span>
      </summary>
      <div className="check-popover">
        <p>
          <strong>{t(`checks.ui.severity.${check.severity}`)}</strong> {message}
        </p>
        {dismissal ? (
          <p className="check-dismissal">
            {t("checks.ui.dismissedBy", {
              name: dismissal.author.name,
              date: new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short" }).format(
                new Date(dismissal.createdAt),
              ),
            })}
            <br />
            {t("checks.ui.reasonWas", { reason: dismissal.reason })}
          </p>
        ) : canDismiss ? (
          <form onSubmit={(event) => void dismiss(event)}>
            <label>
              {t("checks.ui.reason")}
              <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} required />
            </label>
            <button type="submit" disabled={busy || !reason.trim()}>
              {t("checks.ui.dismiss")}
            </button>
            {problem && (
              <p role="alert" className="error">
                {problem}
              </p>
            )}
          </form>
        ) : null}
      </div>
    </details>
  );
}
