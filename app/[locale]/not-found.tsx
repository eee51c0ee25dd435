import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { defaultLocale, getTranslator, isLocale, LOCALE_HEADER } from "@/lib/i18n";

// Next gives not-found pages no params: the locale comes from the header proxy.ts sets from the path.
async function requestLocale() {
  const asked = (await headers()).get(LOCALE_HEADER) ?? undefined;
  return isLocale(asked) ? asked : defaultLocale;
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: getTranslator(await requestLocale())("app.titles.notFound") };
}

export default async function NotFound() {
  const locale = await requestLocale();
  const t = getTranslator(locale);
  return (
    <section className="documents">
      <h1>{t("app.notFound")}</h1>
      <p>
        <Link href={`/${locale}`}>{t("document.back")}</Link>
      </p>
    </section>
  );
}
