"use client";

import { useTranslation } from "react-i18next";
import type { ReviewDecisionEntry } from "@/lib/revisions/review";
import { dateTimeFormat } from "./text";

/** Who decided what and when, newest first. */
export function ReviewDecisionLog({ decisions }: { decisions: ReviewDecisionEntry[] }) {
  const { t, i18n } = useTranslation();
  const date = dateTimeFormat(i18n.language);
  return (
    <section className="review-log" aria-labelledby="review-log-title">
      <h2 id="review-log-title">{t("review.log.title")}</h2>
      {decisions.length === 0 ? (
        <p className="review-empty">{t("review.log.none")}</p>
      ) : (
        <ol className="review-log-list">
          {decisions.map((decision) => (
            <li key={decision.id} data-verdict={decision.verdict}>
              <time dateTime={new Date(decision.createdAt).toISOString()}>{date.format(new Date(decision.createdAt))}</time>{" "}
              <strong>{decision.reviewer.name}</strong>{" "}
              <span className={decision.verdict === "approve" ? "verdict-approve" : "verdict-reject"}>
                {t(`review.log.${decision.verdict}`)}
              </span>{" "}
              {decision.cell.rowNumber === null
                ? t("review.log.deletedRow", { language: decision.cell.language })
                : t("review.queue.cellName", { row: decision.cell.rowNumber, language: decision.cell.language })}
              {decision.note && <q className="review-note">{decision.note}</q>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
