import { DocumentHeader } from "@/components/review/DocumentHeader";
import { GlossaryEditor } from "@/components/glossary/GlossaryEditor";
import { getAppDb } from "@/lib/db/app-db";
import { glossaryLanguages, listGlossary } from "@/lib/glossary";
import { getTranslator } from "@/lib/i18n";
import { documentTitle, openDocumentPage } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("glossary.title");

/** A document's glossary: its terms, changed by its translators; the shared glossary's terms apply too. */
export default async function GlossaryPage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug, overview } = await openDocumentPage(params);
  const t = getTranslator(locale);
  const db = getAppDb();
  const [terms, shared] = await Promise.all([listGlossary(db, { slug }), listGlossary(db, {})]);
  const languages = await glossaryLanguages(db, { slug }, terms);
  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("glossary.title")} />
      <p className="hint">
        {t("glossary.intro")} {shared.length > 0 && t("glossary.sharedCount", { count: shared.length })}
      </p>
      <GlossaryEditor slug={slug} terms={terms} languages={languages} editor="translator" />
    </>
  );
}
