import i18next, { type TFunction } from "i18next";
import en from "./locales/en.json";
import enAdmin from "./locales/en.admin.json";
import enChecks from "./locales/en.checks.json";
import enGlossary from "./locales/en.glossary.json";
import enReview from "./locales/en.review.json";
import enTransfer from "./locales/en.transfer.json";
import ru from "./locales/ru.json";
import ruAdmin from "./locales/ru.admin.json";
import ruChecks from "./locales/ru.checks.json";
import ruGlossary from "./locales/ru.glossary.json";
import ruReview from "./locales/ru.review.json";
import ruTransfer from "./locales/ru.transfer.json";

export const locales = ["en", "ru"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

// One file per area of the interface (workbench, review, import/export), so
// that work on one area does not touch the others; their top-level keys differ.
export const resources = {
  en: { translation: { ...en, ...enReview, ...enTransfer, ...enAdmin, ...enChecks, ...enGlossary } },
  ru: { translation: { ...ru, ...ruReview, ...ruTransfer, ...ruAdmin, ...ruChecks, ...ruGlossary } },
} as const;

export function isLocale(value: string | undefined): value is Locale {
  return (locales as readonly string[]).includes(value ?? "");
}

/** The best interface language for an Accept-Language header, by q-value. */
export function pickLocale(acceptLanguage: string | null | undefined): Locale {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { base: tag.toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLocale) ?? defaultLocale;
}

export function i18nOptions(locale: Locale) {
  return {
    lng: locale,
    fallbackLng: false as const,
    resources,
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  };
}

const translators = new Map<Locale, TFunction>();

/** A translation function for server code; instances are made once per locale. */
export function getTranslator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init(i18nOptions(locale));
    t = instance.t;
    translators.set(locale, t);
  }
  return t;
}
