"use client";

import Link from "next/link";
import { useTranslation } from "react-i18next";
import { DocumentNav } from "../DocumentNav";

/** The top of a document's review screens: back to the list, the document's title, the screen's name and the tabs. */
export function DocumentHeader({ locale, slug, title, screen }: { locale: string; slug: string; title: string; screen: string }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="parallel-toolbar">
        <Link href={`/${locale}`}>← {t("document.back")}</Link>
        <h1>
          {title} <span className="screen-name">· {screen}</span>
        </h1>
      </div>
      <DocumentNav locale={locale} slug={slug} />
    </>
  );
}
