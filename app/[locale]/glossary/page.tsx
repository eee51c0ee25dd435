import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GlossaryEditor } from "@/components/glossary/GlossaryEditor";
import { getAppDb } from "@/lib/db/app-db";
import { glossaryLanguages, listGlossary } from "@/lib/glossary";
import { getTranslator, isLocale } from "@/lib/i18n";
import { requireSignIn } from "../session";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return { title: getTranslator(locale)("glossary.sharedTitle") };
}

/** The glossary every document shares: read by anyone signed in, changed by reviewers. */
export default async function SharedGlossaryPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  await requireSignIn(locale, `/${locale}/glossary`);
  const t = getTranslator(locale);
  const db = getAppDb();
  const terms = await listGlossary(db, {});
  const languages = await glossaryLanguages(db, {}, terms);
  return (
    <>
      <div className="parallel-toolbar">
        <Link href={`/${locale}`}>← {t("document.back")}</Link>
        <h1>{t("glossary.sharedTitle")}</h1>
      </div>
      <p className="hint">{t("glossary.sharedIntro")}</p>
      <GlossaryEditor terms={terms} languages={languages} editor="reviewer" />
    </>
  );
}
