"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslation } from "react-i18next";
import { locales, type Locale } from "@/lib/i18n";

// Each interface language is named in itself, as readers look for it.
const autonyms: Record<Locale, string> = { en: "English", ru: "Русский" };

export function LocaleSwitcher({ current }: { current: Locale }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  // Commas separate language codes in ?langs=; keep them readable in the URL.
  const search = useSearchParams().toString().replace(/%2C/gi, ",");
  const rest = pathname.replace(/^\/[^/]+/, "");
  return (
    <nav aria-label={t("app.interfaceLanguage")} className="locale-switcher">
      {locales.map((locale) => (
        <Link
          key={locale}
          href={`/${locale}${rest}${search ? `?${search}` : ""}`}
          hrefLang={locale}
          lang={locale}
          aria-current={locale === current ? "true" : undefined}
        >
          {autonyms[locale]}
        </Link>
      ))}
    </nav>
  );
}
