import "@fontsource/pt-sans/400.css";
import "@fontsource/pt-sans/700.css";
import "@fontsource/pt-serif/400.css";
import "../globals.css";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { SignInNotice } from "@/components/auth/SignInNotice";
import { UserMenu } from "@/components/auth/UserMenu";
import { ViewerProvider } from "@/components/auth/viewer";
import { I18nProvider } from "@/components/I18nProvider";
import { LocaleSwitcher } from "@/components/LocaleSwitcher";
import { defaultLocale, getTranslator, isLocale, locales } from "@/lib/i18n";
import { currentActor } from "./session";

export function generateStaticParams() {
  return locales.map((locale) => ({ locale }));
}

/** Every page's title ends with the app's name; a page names itself (and its document) before it. */
export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  const name = getTranslator(isLocale(locale) ? locale : defaultLocale)("app.name");
  return { title: { template: `%s — ${name}`, default: name } };
}

export default async function LocaleLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getTranslator(locale);
  // Every page renders on request: it shows who is signed in, and Next puts the CSP nonce only on scripts it renders on request.
  await connection();
  const actor = await currentActor();
  const viewer = actor && { handle: actor.user.handle, name: actor.user.name, role: actor.role };
  return (
    <html lang={locale}>
      <body>
        <I18nProvider locale={locale}>
          <ViewerProvider viewer={viewer}>
            <header className="app-header">
              <Link href={`/${locale}`} className="app-name">
                {t("app.name")}
              </Link>
              <span className="app-tagline">{t("app.tagline")}</span>
              <Suspense>
                <LocaleSwitcher current={locale} />
                <UserMenu locale={locale} />
              </Suspense>
            </header>
            <main>{children}</main>
            <SignInNotice />
          </ViewerProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
