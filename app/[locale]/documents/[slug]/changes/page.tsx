import { DocumentHeader } from "@/components/review/DocumentHeader";
import { TrackedChanges } from "@/components/review/TrackedChanges";
import { getTranslator } from "@/lib/i18n";
import { documentTitle, openDocumentPage } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("review.tracked.title");

export default async function TrackedChangesPage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug, overview } = await openDocumentPage(params);
  const t = getTranslator(locale);
  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("review.tracked.title")} />
      <TrackedChanges slug={slug} />
    </>
  );
}
