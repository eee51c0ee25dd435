"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { CellStatus } from "@/lib/db/generated/enums";
import type { LanguageInfo } from "@/lib/revisions";
import type { CheckedReviewItem, reviewQueueWithChecks } from "@/lib/documents/checks";
import { useHasRole } from "@/components/auth/viewer";
import { useHydrated } from "@/components/use-hydrated";
import { DiffView } from "../DiffView";
import { ApiError, decide, type Decision } from "./api";
import { dateTimeFormat } from "./text";

interface Props {
  slug: string;
  languages: LanguageInfo[];
  snapshots: { id: number; name: string }[];
  queue: Awaited<ReturnType<typeof reviewQueueWithChecks>>;
  /** The language shown, all when undefined. */
  lang?: string;
  /** `snapshot:ID` or an ISO time: review changes since then instead of since each cell's last approval. */
  since?: string;
  page: number;
  pageSize: number;
}

type Message = { kind: "done" | "error"; text: string };
type ReviewQueueItem = CheckedReviewItem;

/** A cell about to be approved with failing error-level checks: what the confirmation lists. */
interface FailingCell {
  cellId: number;
  rowNumber: number | null;
  language: string;
  checks: { kind: string; severity: string; message: { en: string; ru: string } }[];
}

const failingErrors = (items: ReviewQueueItem[]): FailingCell[] =>
  items
    .map((item) => ({ ...item, checks: item.checks.filter((check) => check.severity === "error") }))
    .filter((item) => item.checks.length);

/** Typing in a field is not a command. */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    ["TEXTAREA", "SELECT"].includes(target.tagName) ||
    (target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(target.type)));

/**
 * The cells to review with their diffs. One at a time (buttons or keys: j/k
 * or arrows to move, a approve, r reject, x select) or several at once; every
 * decision is one request (one transaction). After a decision the page's
 * server data (queue, counts, decision log) is fetched again; when someone
 * changed a cell meanwhile (409) nothing is decided and the changed cells are
 * marked in the refreshed list. Only reviewers get the decisions; anyone
 * else reads the list and its diffs.
 */
export function ReviewQueue({ slug, languages, snapshots, queue, lang, since, page, pageSize }: Props) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const pathname = usePathname();
  const reviewer = useHasRole("reviewer");
  const [focused, setFocused] = useState(0);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [rejecting, setRejecting] = useState<number | "selected" | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  // The decision buttons act only in JavaScript: enabled once React has taken over, so an early click is not lost.
  const idle = useHydrated() && !busy;
  const [message, setMessage] = useState<Message | null>(null);
  const [changedMeanwhile, setChangedMeanwhile] = useState<Set<number>>(new Set());
  /** Approvals waiting for the reviewer to confirm them despite failing error-level checks. */
  const [confirming, setConfirming] = useState<{ items: ReviewQueueItem[]; failing: FailingCell[] } | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const items = queue.items;
  const current = Math.min(focused, items.length - 1);
  const date = dateTimeFormat(i18n.language);
  const selectedItems = items.filter((item) => selected.has(item.cellId));

  function navigate(changes: Record<string, string | undefined>) {
    const params = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    router.push(`${pathname}${params.size ? `?${params}` : ""}`);
  }

  async function submit(decisions: Decision[], done: string, options: { confirmFailingChecks?: boolean; chosen?: ReviewQueueItem[] } = {}) {
    setBusy(true);
    setMessage(null);
    setConfirming(null);
    try {
      await decide(slug, decisions, options.confirmFailingChecks);
      setMessage({ kind: "done", text: done });
      setSelected(new Set());
      setRejecting(null);
      setNote("");
    } catch (error) {
      if (error instanceof ApiError && error.code === "review_conflict") {
        const moved = new Set(((error.details as { cells?: { cellId: number }[] })?.cells ?? []).map((cell) => cell.cellId));
        const names = items
          .filter((item) => moved.has(item.cellId))
          .map((item) => t("review.queue.cellName", { row: item.rowNumber, language: item.language }));
        setChangedMeanwhile(moved);
        setMessage({ kind: "error", text: t("review.queue.conflict", { cells: names.join(", "), count: names.length }) });
      } else if (error instanceof ApiError && error.code === "checks_failing" && options.chosen) {
        // Checks changed since the page was read: the server names the failing ones; ask again.
        setConfirming({ items: options.chosen, failing: (error.details as { cells?: FailingCell[] })?.cells ?? [] });
      } else {
        setMessage({ kind: "error", text: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      setBusy(false);
      router.refresh();
    }
  }

  /** Approves, first asking the reviewer to confirm when a chosen cell fails an error-level check. */
  function approve(chosen: ReviewQueueItem[], confirmFailingChecks = false) {
    const failing = failingErrors(chosen);
    if (failing.length && !confirmFailingChecks) {
      setConfirming({ items: chosen, failing });
      return;
    }
    void submit(
      chosen.map((item) => ({ cellId: item.cellId, revisionId: item.head.id, verdict: "approve" })),
      t("review.queue.approved", { count: chosen.length }),
      { confirmFailingChecks, chosen },
    );
  }

  function reject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = rejecting === "selected" ? selectedItems : items.filter((item) => item.cellId === rejecting);
    if (!note.trim() || !chosen.length) return;
    void submit(
      chosen.map((item) => ({ cellId: item.cellId, revisionId: item.head.id, verdict: "reject", note: note.trim() })),
      t("review.queue.rejected", { count: chosen.length }),
    );
  }

  function toggle(cellId: number) {
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(cellId)) next.delete(cellId);
      else next.add(cellId);
      return next;
    });
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey || busy || !items.length) return;
      const item = items[current];
      if (event.key === "j" || event.key === "ArrowDown") setFocused(Math.min(current + 1, items.length - 1));
      else if (event.key === "k" || event.key === "ArrowUp") setFocused(Math.max(current - 1, 0));
      else if (event.key === "a" && item && reviewer && !confirming) approve([item]);
      else if (event.key === "r" && item && reviewer) setRejecting(item.cellId);
      else if (event.key === "x" && item && reviewer) toggle(item.cellId);
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  useEffect(() => {
    const element = list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    if (element && document.activeElement?.closest(".review-item") !== element && !isTyping(document.activeElement)) {
      element.focus({ preventScroll: true });
      element.scrollIntoView({ block: "nearest" });
    }
  }, [current, items]);

  const pages = Math.max(1, Math.ceil(queue.total / pageSize));
  const sinceSnapshot = since?.startsWith("snapshot:") ? snapshots.find((snapshot) => `snapshot:${snapshot.id}` === since) : undefined;

  return (
    <section className="review-queue" aria-labelledby="review-queue-title">
      <h2 id="review-queue-title" className="visually-hidden">
        {t("review.queue.title")}
      </h2>
      <div className="toolbar-row review-filters">
        <label>
          {t("review.queue.language")}{" "}
          <select value={lang ?? ""} onChange={(event) => navigate({ lang: event.target.value || undefined, page: undefined })}>
            <option value="">{t("review.queue.allLanguages")}</option>
            {languages.map((language) => (
              <option key={language.code} value={language.code}>
                {language.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("review.queue.since")}{" "}
          <select value={since ?? ""} onChange={(event) => navigate({ since: event.target.value || undefined, page: undefined })}>
            <option value="">{t("review.queue.sinceApproval")}</option>
            {since && !sinceSnapshot && (
              <option value={since}>{t("review.queue.sinceTime", { time: date.format(new Date(since)) })}</option>
            )}
            {snapshots.map((snapshot) => (
              <option key={snapshot.id} value={`snapshot:${snapshot.id}`}>
                {t("review.queue.sinceSnapshot", { name: snapshot.name })}
              </option>
            ))}
          </select>
        </label>
      </div>

      <dl className="review-counts" aria-label={t("review.queue.counts")}>
        <div className="review-count-total">
          <dt>{t("review.queue.toReview")}</dt>
          <dd data-count="queue">{queue.total}</dd>
        </div>
        {Object.values(CellStatus).map((status) => (
          <div key={status}>
            <dt>
              <span className={`badge badge-${status}`}>{t(`document.status.${status}`)}</span>
            </dt>
            <dd data-count={status}>{queue.counts[status]}</dd>
          </div>
        ))}
      </dl>

      <p className="review-help">{reviewer ? t("review.queue.keys") : t("auth.reviewersOnly")}</p>

      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : "review-done"}>
          {message.text}
        </p>
      )}

      {confirming && (
        <ConfirmFailingChecks
          failing={confirming.failing}
          busy={busy}
          onConfirm={() => approve(confirming.items, true)}
          onCancel={() => setConfirming(null)}
        />
      )}

      {items.length === 0 ? (
        <p className="review-empty">{t("review.queue.empty")}</p>
      ) : (
        <>
          {reviewer && (
            <>
              <div className="review-bulk toolbar-row">
                <label className="toggle">
                  <input
                    type="checkbox"
                    checked={selectedItems.length === items.length}
                    onChange={(event) => setSelected(event.target.checked ? new Set(items.map((item) => item.cellId)) : new Set())}
                  />
                  {t("review.queue.selectAll")}
                </label>
                <span className="review-selected">{t("review.queue.selected", { count: selectedItems.length })}</span>
                <button type="button" className="primary" disabled={!idle || !selectedItems.length} onClick={() => approve(selectedItems)}>
                  {t("review.queue.approveSelected")}
                </button>
                <button type="button" className="danger" disabled={!idle || !selectedItems.length} onClick={() => setRejecting("selected")}>
                  {t("review.queue.rejectSelected")}
                </button>
              </div>
              {rejecting === "selected" && (
                <RejectForm
                  note={note}
                  setNote={setNote}
                  busy={busy}
                  onSubmit={reject}
                  onCancel={() => setRejecting(null)}
                  count={selectedItems.length}
                />
              )}
            </>
          )}
          <p className="review-base">
            {sinceSnapshot
              ? t("review.queue.comparedWithSnapshot", { name: sinceSnapshot.name })
              : since
                ? t("review.queue.comparedWithTime", { time: date.format(new Date(since)) })
                : t("review.queue.comparedWithApproval")}
          </p>
          <ol className="review-list" ref={list} start={(page - 1) * pageSize + 1}>
            {items.map((item, index) => (
              <li
                key={item.cellId}
                data-index={index}
                data-cell={item.cellId}
                tabIndex={index === current ? 0 : -1}
                aria-current={index === current ? "true" : undefined}
                aria-label={t("review.queue.cellName", { row: item.rowNumber, language: item.language })}
                className={`review-item${index === current ? " review-item-current" : ""}`}
                onFocus={(event) => event.target === event.currentTarget && setFocused(index)}
                onClick={() => setFocused(index)}
              >
                <div className="review-item-head">
                  {reviewer && (
                    <input
                      type="checkbox"
                      checked={selected.has(item.cellId)}
                      onChange={() => toggle(item.cellId)}
                      aria-label={t("review.queue.select", { row: item.rowNumber, language: item.language })}
                    />
                  )}
                  <Link href={`/${i18n.language}/documents/${slug}?row=${item.rowNumber}`}>
                    {t("review.queue.row", { number: item.rowNumber })}
                  </Link>
                  <span className="badge">{item.language}</span>
                  <span className={`badge badge-${item.status}`}>{t(`document.status.${item.status}`)}</span>
                  {item.stale && <span className="badge badge-stale">{t("review.queue.stale")}</span>}
                  {changedMeanwhile.has(item.cellId) && <span className="badge badge-stale">{t("review.queue.changedMeanwhile")}</span>}
                  {item.checks.length > 0 && (
                    <span className={`badge badge-check badge-check-${worstSeverity(item.checks)}`} data-check-count={item.checks.length}>
                      {t("checks.ui.failingCount", { count: item.checks.length })}
                    </span>
                  )}
                  <span className="review-meta">
                    {t("review.queue.editedBy", { name: item.head.author.name })}{" "}
                    <time dateTime={new Date(item.head.createdAt).toISOString()}>{date.format(new Date(item.head.createdAt))}</time>
                  </span>
                </div>
                <div className="review-diff-with-checks">
                  <DiffView before={item.base.text} after={item.head.text} lang={item.language} />
                  {item.checks.length > 0 && <FailingChecks checks={item.checks} />}
                </div>
                {reviewer && (
                  <div className="review-actions">
                    <button type="button" className="primary" disabled={!idle} onClick={() => approve([item])}>
                      {t("review.queue.approve")}
                    </button>
                    <button type="button" className="danger" disabled={!idle} onClick={() => setRejecting(item.cellId)}>
                      {t("review.queue.reject")}
                    </button>
                  </div>
                )}
                {rejecting === item.cellId && (
                  <RejectForm note={note} setNote={setNote} busy={busy} onSubmit={reject} onCancel={() => setRejecting(null)} count={1} />
                )}
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav className="toolbar-row review-pages" aria-label={t("review.queue.pages")}>
              <button type="button" disabled={page <= 1} onClick={() => navigate({ page: String(page - 1) })}>
                {t("review.queue.previousPage")}
              </button>
              <span>{t("review.queue.pageOf", { page, pages })}</span>
              <button type="button" disabled={page >= pages} onClick={() => navigate({ page: String(page + 1) })}>
                {t("review.queue.nextPage")}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

const SEVERITY_ORDER = ["error", "warning", "info"] as const;
const worstSeverity = (checks: { severity: string }[]) =>
  SEVERITY_ORDER.find((severity) => checks.some((check) => check.severity === severity)) ?? "info";

/** A cell's failing checks, beside its diff. */
function FailingChecks({ checks }: { checks: FailingCell["checks"] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="review-checks" aria-label={t("checks.ui.failing")}>
      {checks.map((check, at) => (
        <li key={at} data-check={check.kind}>
          <span className={`badge badge-check badge-check-${check.severity}`}>{t(`checks.kinds.${check.kind}`)}</span>{" "}
          {i18n.language === "ru" ? check.message.ru : check.message.en}
        </li>
      ))}
    </ul>
  );
}

/** Approving text with a failing error-level check needs a second, deliberate yes. */
function ConfirmFailingChecks(props: { failing: FailingCell[]; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="confirm-failing-title"
      className="confirm-failing"
      onKeyDown={(event) => event.key === "Escape" && props.onCancel()}
    >
      <h3 id="confirm-failing-title">{t("checks.ui.confirmTitle", { count: props.failing.length })}</h3>
      {props.failing.map((cell) => (
        <div key={cell.cellId}>
          <p>{t("review.queue.cellName", { row: cell.rowNumber, language: cell.language })}</p>
          <FailingChecks checks={cell.checks} />
        </div>
      ))}
      <div className="editor-actions">
        <button type="button" className="danger" autoFocus disabled={props.busy} onClick={props.onConfirm}>
          {t("checks.ui.approveAnyway")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("review.queue.cancel")}
        </button>
      </div>
    </div>
  );
}

/** A rejection's note: required, since the translator reads it to learn what was wrong. */
function RejectForm(props: {
  note: string;
  setNote: (note: string) => void;
  busy: boolean;
  count: number;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  return (
    <form className="reject-form" onSubmit={props.onSubmit}>
      <label>
        {t("review.queue.rejectNote", { count: props.count })}
        <textarea
          autoFocus
          required
          value={props.note}
          onChange={(event) => props.setNote(event.target.value)}
          onKeyDown={(event) => event.key === "Escape" && props.onCancel()}
        />
      </label>
      <p className="editor-hint">{t("review.queue.rejectExplained")}</p>
      <div className="editor-actions">
        <button type="submit" className="danger" disabled={props.busy || !props.note.trim() || !hydrated}>
          {t("review.queue.confirmReject", { count: props.count })}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("review.queue.cancel")}
        </button>
      </div>
    </form>
  );
}
