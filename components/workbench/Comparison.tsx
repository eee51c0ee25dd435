"use client";

import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { DiffControls, useDiffPreferences } from "@/components/DiffControls";
import { DiffView } from "@/components/DiffView";
import { differenceScore } from "@/lib/documents/compare-score";
import type { Comparison } from "@/lib/documents/compare";
import type { LanguageVersion } from "@/lib/documents/queries";
import type { RowOrder } from "@/lib/documents/row-filters";

/** A share (0–1) as a percent with at most one decimal, in the reader's locale. */
export function usePercent(): (share: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.NumberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 });
    return (share: number) => format.format(share);
  }, [i18n.language]);
}

/** How much a version differs from the reference, as a badge: "differs by 7%". */
export function DifferenceBadge({ share }: { share: number }) {
  const { t } = useTranslation();
  const percent = usePercent();
  return (
    <span className={`badge badge-difference${share > 0 ? " badge-differs" : ""}`} data-difference={share}>
      {share > 0 ? t("compare.differsBy", { percent: percent(share) }) : t("compare.same")}
    </span>
  );
}

/**
 * A version's text as a diff against the reference cell of its row, the way
 * revision diffs are shown (inline or side by side, words or characters, as
 * the reader chose in DiffControls); the same text shows as plain text.
 */
export function ComparedText({
  reference,
  text,
  lang,
  referenceLabel,
  label,
}: {
  reference: string;
  text: string;
  lang: string;
  referenceLabel: string;
  label: string;
}) {
  const share = useMemo(() => differenceScore(reference, text), [reference, text]);
  return (
    <div className="compared-text">
      {reference === text ? (
        <p lang={lang} className="cell-text">
          {text}
        </p>
      ) : (
        <DiffView before={reference} after={text} lang={lang} beforeLabel={referenceLabel} afterLabel={label} />
      )}
      <DifferenceBadge share={share} />
    </div>
  );
}

/**
 * Turns the comparison on and off and sets it up: the reference column, how
 * diffs are shown, how much a row must differ to be listed, the order; then
 * the document's summary. Everything but the diff display lives in the URL.
 */
export function CompareToolbar({
  slug,
  languages,
  shown,
  reference,
  differsBy,
  filtering,
  order,
  comparison,
  onChange,
}: {
  languages: LanguageVersion[];
  shown: string[];
  reference?: string;
  differsBy: number;
  /** Whether the differs filter is on. */
  filtering: boolean;
  order: RowOrder;
  comparison?: Comparison;
  onChange: (changes: Record<string, string | undefined>) => void;
  slug: string;
}) {
  const { t, i18n } = useTranslation();
  const percent = usePercent();
  const [{ granularity }] = useDiffPreferences();
  // The exports show what the screen shows: these columns, these diffs, and with the filter on only the rows it lists.
  const exported = new URLSearchParams({
    diffAgainst: reference ?? "",
    granularity,
    ...(filtering ? { differsBy: String(differsBy) } : {}),
  });
  const label = (code: string) => languages.find((language) => language.code === code)?.label ?? code;
  return (
    <div className="toolbar-row compare-toolbar" role="group" aria-label={t("compare.title")}>
      <label>
        {t("compare.against")}{" "}
        <select
          value={reference ?? ""}
          onChange={(event) =>
            onChange(
              event.target.value
                ? { diffAgainst: event.target.value }
                : { diffAgainst: undefined, order: undefined, differsBy: undefined, ...(filtering ? { filter: undefined } : {}) },
            )
          }
        >
          <option value="">{t("compare.off")}</option>
          {shown.map((code) => (
            <option key={code} value={code}>
              {label(code)}
            </option>
          ))}
        </select>
      </label>
      {reference && (
        <>
          <DiffControls />
          {filtering && (
            <label>
              {t("compare.moreThan")}{" "}
              <input
                type="number"
                min={0}
                max={100}
                step={1}
                size={4}
                defaultValue={differsBy}
                onChange={(event) => {
                  const value = Number(event.target.value);
                  if (event.target.value !== "" && value >= 0 && value <= 100) onChange({ differsBy: value ? String(value) : undefined });
                }}
              />{" "}
              %
            </label>
          )}
          <label>
            {t("compare.order")}{" "}
            <select value={order} onChange={(event) => onChange({ order: event.target.value === "difference" ? "difference" : undefined })}>
              <option value="position">{t("compare.byPosition")}</option>
              <option value="difference">{t("compare.byDifference")}</option>
            </select>
          </label>
          <a href={`/api/documents/${slug}/export?${exported}&languages=${shown.join(",")}`} download>
            {t("compare.exportCsv")}
          </a>
          <a href={`/${i18n.language}/documents/${slug}/print-comparison?${exported}&langs=${shown.join(",")}`}>{t("compare.print")}</a>
          {comparison && (
            <p role="status" className="compare-summary">
              {comparison.compared.length
                ? t("compare.summary", {
                    count: comparison.rows,
                    differing: comparison.rowsDiffering,
                    rows: comparison.rows,
                    share: percent(comparison.difference),
                    reference: label(comparison.reference),
                    versions: comparison.compared.map(label).join(", "),
                  })
                : t("compare.nothingToCompare", { reference: label(comparison.reference) })}
            </p>
          )}
        </>
      )}
    </div>
  );
}
