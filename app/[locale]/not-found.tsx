import type { Metadata } from "next";
import Link from "next/link";
import { defaultLocale, getTranslator } from "@/lib/i18n";

// Next gives not-found pages no params, so this one speaks the default locale.
export const metadata: Metadata = { title: getTranslator(defaultLocale)("app.titles.notFound") };

export default function NotFound() {
  const t = getTranslator(defaultLocale);
  return (
    <section className="documents">
      <h1>{t("app.notFound")}</h1>
      <p>
        <Link href={`/${defaultLocale}`}>{t("document.back")}</Link>
      </p>
    </section>
  );
}
