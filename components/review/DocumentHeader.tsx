"use client";

import Link from "next/link";
import { useTranslation } from "react-i18next";
import type { Severity } from "@/lib/checks";
import { DocumentNav } from "../DocumentNav";
import { CheckCounts } from "./CheckCounts";

/**
 * The top of a document's review screens: back to the list, the document's
 * title, the screen's name, the failing checks by severity (when the page
 * read them) and the tabs.
 */
export function DocumentHeader({
  locale,
  slug,
  title,
  screen,
  checkCounts,
}: {
  locale: string;
  slug: string;
  title: string;
  screen: string;
  checkCounts?: Record<Severity, number>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="parallel-toolbar">
        <Link href={`/${locale}`}>← {t("document.back")}</Link>
        <h1>
          {title} <span className="screen-name">· {screen}</span>
        </h1>
        {checkCounts && <CheckCounts counts={checkCounts} slug={slug} />}
      </div>
      <DocumentNav locale={locale} slug={slug} />
    </>
  );
}
