import { DocumentHeader } from "@/components/review/DocumentHeader";
import { ExportForm } from "@/components/transfer/ExportForm";
import { ImportForm } from "@/components/transfer/ImportForm";
import { RealignForm } from "@/components/transfer/RealignForm";
import { UpdateForm } from "@/components/transfer/UpdateForm";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator } from "@/lib/i18n";
import { listSnapshots } from "@/lib/revisions";
import { documentTitle, openDocumentPage } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("transfer.screen");

/** Import a language, realign one, export the document: everything that moves text in or out. */
export default async function TransferPage({ params }: { params: Promise<{ locale: string; slug: string }> }) {
  const { locale, slug, overview } = await openDocumentPage(params);
  const t = getTranslator(locale);
  const snapshots = await listSnapshots(getAppDb(), { documentId: overview.document.id });
  const languages = overview.languages.map(({ code, label, isOriginal }) => ({ code, label, isOriginal }));
  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("transfer.screen")} />
      <div className="transfer-page">
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">{t("transfer.import.headingLanguage")}</h2>
          <ImportForm locale={locale} slug={slug} />
        </section>
        <section aria-labelledby="update-heading">
          <h2 id="update-heading">{t("transfer.update.heading")}</h2>
          <UpdateForm key={languages.map((language) => language.code).join()} locale={locale} slug={slug} languages={languages} />
        </section>
        <section aria-labelledby="realign-heading">
          <h2 id="realign-heading">{t("transfer.realign.heading")}</h2>
          <RealignForm
            key={languages.map((language) => language.code).join()}
            locale={locale}
            slug={slug}
            languages={languages.filter((language) => !language.isOriginal)}
          />
        </section>
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">{t("transfer.export.heading")}</h2>
          <ExportForm
            key={languages.map((language) => language.code).join()}
            locale={locale}
            slug={slug}
            languages={languages}
            snapshots={snapshots.map(({ id, name }) => ({ id, name }))}
          />
        </section>
      </div>
    </>
  );
}
