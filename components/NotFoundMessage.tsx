"use client";

import Link from "next/link";
import { useTranslation } from "react-i18next";

/**
 * The not-found page's message, in the language of the layout around it: Next
 * gives not-found pages no params, and the layout's I18nProvider knows the
 * locale of the path.
 */
export function NotFoundMessage() {
  const { t, i18n } = useTranslation();
  return (
    <section className="documents">
      <h1>{t("app.notFound")}</h1>
      <p>
        <Link href={`/${i18n.language}`}>{t("document.back")}</Link>
      </p>
    </section>
  );
}
