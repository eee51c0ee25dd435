"use client";

import i18next from "i18next";
import { useState, type ReactNode } from "react";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nOptions, type Locale } from "@/lib/i18n";

/** Gives client components `useTranslation()` in the page's interface language. */
export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const [instance] = useState(() => {
    const created = i18next.createInstance();
    void created.use(initReactI18next).init(i18nOptions(locale));
    return created;
  });
  return <I18nextProvider i18n={instance}>{children}</I18nextProvider>;
}
