import { DocumentHeader } from "@/components/review/DocumentHeader";
import { SnapshotList } from "@/components/review/SnapshotList";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator } from "@/lib/i18n";
import { listSnapshots } from "@/lib/revisions";
import { documentTitle, openDocumentPage } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("review.snapshots.title");

export default async function SnapshotsPage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug, overview } = await openDocumentPage(params);
  const t = getTranslator(locale);
  const snapshots = await listSnapshots(getAppDb(), { documentId: overview.document.id });
  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("review.snapshots.title")} />
      <SnapshotList slug={slug} snapshots={snapshots} />
    </>
  );
}
