"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BulkRevertPreview } from "@/lib/revisions/bulk-revert";
import { useHasRole } from "@/components/auth/viewer";
import { useHydrated } from "@/components/use-hydrated";
import { DiffView } from "../DiffView";
import { ApiError, applyBulkRevert, type BulkRevertFilter, previewBulkRevert } from "./api";
import { dateTimeFormat, isoFromLocal } from "./text";

type Message = { kind: "done" | "error"; text: string };

/**
 * Undo every edit by one person and/or in a time range: the preview shows
 * each cell's diff back to its earlier text and names the cells someone else
 * edited later (left alone unless asked) or an alignment change rewrote
 * (never touched); applying writes new revisions only if nothing moved since
 * the preview, else it previews again. Reviewers only: nobody else sees it.
 */
export function BulkRevertForm({ slug }: { slug: string }) {
  return useHasRole("reviewer") ? <BulkRevert slug={slug} /> : null;
}

function BulkRevert({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const router = useRouter();
  const [filter, setFilter] = useState<BulkRevertFilter | null>(null);
  const [preview, setPreview] = useState<BulkRevertPreview | null>(null);
  const [includeLaterEdits, setIncludeLaterEdits] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const date = dateTimeFormat(i18n.language);

  async function load(wanted: BulkRevertFilter) {
    setBusy(true);
    try {
      setPreview(await previewBulkRevert(slug, wanted));
      setFilter(wanted);
    } catch (error) {
      setPreview(null);
      setMessage({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  function onPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setMessage(null);
    void load({
      author: String(form.get("author") ?? "").trim() || undefined,
      from: isoFromLocal(String(form.get("from") ?? "")),
      to: isoFromLocal(String(form.get("to") ?? "")),
    });
  }

  async function apply() {
    if (!preview || !filter) return;
    setBusy(true);
    setMessage(null);
    try {
      const result = await applyBulkRevert(slug, filter, { expectedHeads: preview.expectedHeads, includeLaterEdits });
      setMessage({ kind: "done", text: t("review.bulk.applied", { count: result.reverted.length, left: result.left.length }) });
      setPreview(null);
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.code === "bulk_revert_outdated") {
        setMessage({ kind: "error", text: t("review.bulk.outdated") });
        setBusy(false);
        await load(filter);
        return;
      }
      setMessage({ kind: "error", text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  const cells = preview?.cells ?? [];
  const toRevert = cells.filter((cell) => cell.outcome === "revert" || (cell.outcome === "later-edits" && includeLaterEdits));
  const withLaterEdits = cells.filter((cell) => cell.outcome === "later-edits");
  const realigned = cells.filter((cell) => cell.outcome === "alignment-change");

  return (
    <details className="bulk-revert">
      <summary>{t("review.bulk.title")}</summary>
      <p className="editor-hint">{t("review.bulk.explained")}</p>
      <form className="bulk-revert-form" onSubmit={onPreview}>
        <label>
          {t("review.bulk.author")}
          <input name="author" autoComplete="off" placeholder={t("review.bulk.authorPlaceholder")} />
        </label>
        <label>
          {t("review.bulk.from")}
          <input name="from" type="datetime-local" step={1} />
        </label>
        <label>
          {t("review.bulk.to")}
          <input name="to" type="datetime-local" step={1} />
        </label>
        <button type="submit" disabled={busy || !hydrated}>
          {t("review.bulk.preview")}
        </button>
      </form>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : "review-done"}>
          {message.text}
        </p>
      )}
      {preview && (
        <div className="bulk-preview" aria-live="polite">
          <p>
            <strong>{t("review.bulk.summary", { count: toRevert.length })}</strong>{" "}
            {withLaterEdits.length > 0 && t("review.bulk.laterCount", { count: withLaterEdits.length })}{" "}
            {realigned.length > 0 && t("review.bulk.realignedCount", { count: realigned.length })}
          </p>
          {cells.length === 0 && <p className="review-empty">{t("review.bulk.nothing")}</p>}
          {withLaterEdits.length > 0 && (
            <label className="toggle">
              <input type="checkbox" checked={includeLaterEdits} onChange={(event) => setIncludeLaterEdits(event.target.checked)} />
              {t("review.bulk.includeLater")}
            </label>
          )}
          <ol className="bulk-cells">
            {cells.map((cell) => (
              <li key={cell.cellId} data-outcome={cell.outcome}>
                <div className="review-item-head">
                  <strong>{t("review.queue.cellName", { row: cell.rowNumber, language: cell.language })}</strong>
                  {cell.outcome !== "revert" && <span className="badge badge-stale">{t(`review.bulk.outcome.${cell.outcome}`)}</span>}
                </div>
                <DiffView before={cell.currentText} after={cell.target.text} lang={cell.language} />
                {cell.laterEdits.length > 0 && (
                  <p className="bulk-warning" role="note">
                    {t("review.bulk.laterEdits", {
                      edits: cell.laterEdits.map((edit) => `${edit.author.name} (${date.format(new Date(edit.createdAt))})`).join(", "),
                    })}
                  </p>
                )}
              </li>
            ))}
          </ol>
          {cells.length > 0 && (
            <button type="button" className="danger" disabled={busy || !toRevert.length} onClick={() => void apply()}>
              {t("review.bulk.apply", { count: toRevert.length })}
            </button>
          )}
        </div>
      )}
    </details>
  );
}
