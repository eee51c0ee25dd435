"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslation } from "react-i18next";
import { sidesOf } from "@/lib/diff";
import type { DocumentDiff, RowTexts, VersionInfo } from "@/lib/revisions";
import { DiffView } from "../DiffView";
import { dateTimeFormat } from "./text";

/** Rows listed per kind (added, removed, …) before "and N more". */
const ROWS_LISTED = 100;

const SUMMARY = ["changedCells", "added", "removed", "split", "merged", "moved"] as const;

function RowTextList({ texts }: { texts: RowTexts }) {
  return (
    <dl className="row-texts">
      {Object.entries(texts).map(([code, text]) => (
        <div key={code}>
          <dt className="badge">{code}</dt>
          <dd lang={code}>{text}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A document diff: summary counts, then the changed cells with inline diffs
 * (a page at a time: the server sends one page) and the rows added, removed,
 * split, merged and moved.
 */
export function DocumentDiffView({ slug, diff, page, pageSize }: { slug: string; diff: DocumentDiff; page: number; pageSize: number }) {
  const { t, i18n } = useTranslation();
  const pathname = usePathname();
  const search = useSearchParams();
  const date = dateTimeFormat(i18n.language);
  const version = (info: VersionInfo) =>
    info.snapshot
      ? t("review.compare.versionSnapshot", { name: info.snapshot.name })
      : info.time
        ? date.format(new Date(info.time))
        : t("review.compare.now");
  const rowLink = (number: number) => (
    <Link href={`/${i18n.language}/documents/${slug}?row=${number}`}>{t("review.queue.row", { number })}</Link>
  );
  const pages = Math.max(1, Math.ceil(diff.summary.changedCells / pageSize));
  const pageHref = (target: number) => {
    const params = new URLSearchParams(search.toString());
    params.set("page", String(target));
    return `${pathname}?${params}`;
  };
  const more = (count: number) =>
    count > ROWS_LISTED && <p className="editor-hint">{t("review.compare.more", { count: count - ROWS_LISTED })}</p>;

  return (
    <section className="document-diff">
      <h2>{t("review.compare.between", { from: version(diff.from), to: version(diff.to) })}</h2>
      <dl className="review-counts" aria-label={t("review.compare.summary")}>
        {SUMMARY.map((key) => (
          <div key={key}>
            <dt>{t(`review.compare.counts.${key}`)}</dt>
            <dd data-count={key}>{diff.summary[key]}</dd>
          </div>
        ))}
        <div>
          <dt>{t("review.compare.counts.unchangedRows")}</dt>
          <dd data-count="unchangedRows">{diff.summary.unchangedRows}</dd>
        </div>
      </dl>

      {diff.changedCells.length > 0 && (
        <section aria-labelledby="changed-cells">
          <h3 id="changed-cells">{t("review.compare.counts.changedCells")}</h3>
          <ol className="review-list">
            {diff.changedCells.map((cell) => {
              const { before, after } = sidesOf(cell.ops);
              return (
                <li key={`${cell.segmentId}:${cell.language}`} className="review-item" data-row={cell.number} data-lang={cell.language}>
                  <div className="review-item-head">
                    {rowLink(cell.number)}
                    <span className="badge">{cell.language}</span>
                  </div>
                  <DiffView before={before} after={after} lang={cell.language} />
                </li>
              );
            })}
          </ol>
          {pages > 1 && (
            <nav className="toolbar-row review-pages" aria-label={t("review.queue.pages")}>
              {page > 1 && <Link href={pageHref(page - 1)}>{t("review.queue.previousPage")}</Link>}
              <span>{t("review.queue.pageOf", { page, pages })}</span>
              {page < pages && <Link href={pageHref(page + 1)}>{t("review.queue.nextPage")}</Link>}
            </nav>
          )}
        </section>
      )}

      {diff.added.length > 0 && (
        <section aria-labelledby="added-rows">
          <h3 id="added-rows">{t("review.compare.counts.added")}</h3>
          <ol className="structure-list">
            {diff.added.slice(0, ROWS_LISTED).map((row) => (
              <li key={row.segmentId} className="structure-added">
                {rowLink(row.number)}
                <RowTextList texts={row.texts} />
              </li>
            ))}
          </ol>
          {more(diff.added.length)}
        </section>
      )}
      {diff.removed.length > 0 && (
        <section aria-labelledby="removed-rows">
          <h3 id="removed-rows">{t("review.compare.counts.removed")}</h3>
          <ol className="structure-list">
            {diff.removed.slice(0, ROWS_LISTED).map((row) => (
              <li key={row.segmentId} className="structure-removed">
                <span>{t("review.compare.wasRow", { number: row.number })}</span>
                <RowTextList texts={row.texts} />
              </li>
            ))}
          </ol>
          {more(diff.removed.length)}
        </section>
      )}
      {diff.split.length > 0 && (
        <section aria-labelledby="split-rows">
          <h3 id="split-rows">{t("review.compare.counts.split")}</h3>
          <ol className="structure-list">
            {diff.split.slice(0, ROWS_LISTED).map((row) => (
              <li key={row.segmentId}>
                {rowLink(row.number)} {t("review.compare.splitFrom", { number: row.fromNumber })}
                <RowTextList texts={row.texts} />
              </li>
            ))}
          </ol>
          {more(diff.split.length)}
        </section>
      )}
      {diff.merged.length > 0 && (
        <section aria-labelledby="merged-rows">
          <h3 id="merged-rows">{t("review.compare.counts.merged")}</h3>
          <ol className="structure-list">
            {diff.merged.slice(0, ROWS_LISTED).map((row) => (
              <li key={row.segmentId}>
                <span>{t("review.compare.mergedInto", { number: row.number, into: row.intoNumber })}</span>
                <RowTextList texts={row.texts} />
              </li>
            ))}
          </ol>
          {more(diff.merged.length)}
        </section>
      )}
      {diff.moved.length > 0 && (
        <section aria-labelledby="moved-rows">
          <h3 id="moved-rows">{t("review.compare.counts.moved")}</h3>
          <ol className="structure-list">
            {diff.moved.slice(0, ROWS_LISTED).map((row) => (
              <li key={row.segmentId}>{t("review.compare.movedRow", { from: row.fromNumber, to: row.toNumber })}</li>
            ))}
          </ol>
          {more(diff.moved.length)}
        </section>
      )}
      {diff.summary.changedCells +
        diff.summary.added +
        diff.summary.removed +
        diff.summary.split +
        diff.summary.merged +
        diff.summary.moved ===
        0 && <p className="review-empty">{t("review.compare.same")}</p>}
    </section>
  );
}
