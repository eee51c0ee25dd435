"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ChangeToMyWork } from "@/lib/revisions/review-changes";
import { DiffView } from "../DiffView";
import { fetchTrackedChanges } from "./api";
import { dateTimeFormat } from "./text";

/**
 * "What reviewers changed in my work": every time someone else changed text
 * the person at this browser wrote, newest first, as a diff from their text
 * to the other's, with a link to the row in the workbench.
 */
export function TrackedChanges({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const [changes, setChanges] = useState<ChangeToMyWork[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const date = dateTimeFormat(i18n.language);

  useEffect(() => {
    let current = true;
    fetchTrackedChanges(slug).then(
      (result) => current && setChanges(result.changes),
      (caught: unknown) => current && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      current = false;
    };
  }, [slug]);

  return (
    <section className="tracked-changes">
      <p className="editor-hint">{t("review.tracked.explained")}</p>
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
      {!changes && !error && <p className="row-loading">{t("review.loading")}</p>}
      {changes?.length === 0 && <p className="review-empty">{t("review.tracked.none")}</p>}
      {changes && changes.length > 0 && (
        <ol className="review-list">
          {changes.map((change) => (
            <li key={change.revision.id} className="review-item" data-cell={change.cell.id}>
              <div className="review-item-head">
                {change.cell.rowNumber === null ? (
                  <span>{t("review.log.deletedRow", { language: change.cell.language })}</span>
                ) : (
                  <Link href={`/${i18n.language}/documents/${slug}?row=${change.cell.rowNumber}`}>
                    {t("review.queue.row", { number: change.cell.rowNumber })}
                  </Link>
                )}
                <span className="badge">{change.cell.language}</span>
                {!change.stillHead && <span className="badge">{t("review.tracked.since")}</span>}
                <span className="review-meta">
                  {t("review.tracked.by", { name: change.editor.name })}{" "}
                  <time dateTime={new Date(change.revision.createdAt).toISOString()}>
                    {date.format(new Date(change.revision.createdAt))}
                  </time>
                </span>
              </div>
              <DiffView before={change.yours.text} after={change.revision.text} lang={change.cell.language} />
              {change.revision.note && <p className="review-note">{change.revision.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
