"use client";

import Link from "next/link";
import { useTranslation } from "react-i18next";
import type { Severity } from "@/lib/checks";

/** A document's failing checks by severity, linking to the workbench filtered to them. */
export function CheckCounts({ counts, slug }: { counts: Record<Severity, number>; slug: string }) {
  const { t, i18n } = useTranslation();
  const total = counts.error + counts.warning + counts.info;
  return (
    <p className="check-counts" data-check-counts={`${counts.error}/${counts.warning}/${counts.info}`}>
      {total === 0 ? (
        t("checks.ui.noneFailing")
      ) : (
        <Link href={`/${i18n.language}/documents/${slug}?filter=checks`}>
          {t("checks.ui.counts", {
            errors: t("checks.ui.errors", { count: counts.error }),
            warnings: t("checks.ui.warnings", { count: counts.warning }),
            infos: t("checks.ui.infos", { count: counts.info }),
          })}
        </Link>
      )}
    </p>
  );
}
