import Link from "next/link";
import { PrintButton } from "@/components/transfer/PrintButton";
import { getAppDb } from "@/lib/db/app-db";
import { loadExportDocument } from "@/lib/documents/export-document";
import { getTranslator } from "@/lib/i18n";
import { pointFromQuery } from "@/app/api/_lib/route";
import { documentTitle, firstValue, openDocumentPage, readFromUrl } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("app.titles.print");

/**
 * The bilingual (or multilingual) print view: the chosen languages side by
 * side, row by row, at the chosen version; ?langs=ru,en&at=snapshot:ID&approved=1.
 */
export default async function PrintPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ locale, slug, overview }, search] = await Promise.all([openDocumentPage(params), searchParams]);
  const t = getTranslator(locale);
  const langs = firstValue(search.langs)?.split(",").filter(Boolean);
  const approvedOnly = firstValue(search.approved) === "1";
  const read = await readFromUrl(() =>
    loadExportDocument(getAppDb(), {
      slug,
      at: pointFromQuery(firstValue(search.at) ?? null) as never,
      approvedOnly,
      ...(langs?.length ? { languages: langs } : {}),
    }),
  );
  return (
    <article className="print-view">
      <p className="print-hidden">
        <Link href={`/${locale}/documents/${slug}/transfer`}>← {t("transfer.screen")}</Link> <PrintButton />
      </p>
      <h1>{overview.document.title}</h1>
      {read.problem !== null ? (
        <p role="alert" className="transfer-error">
          {read.problem}
        </p>
      ) : (
        <>
          <p className="print-meta">
            {firstValue(search.at) && firstValue(search.at) !== "now"
              ? t("transfer.print.version", { at: firstValue(search.at) })
              : t("transfer.print.current")}
            {approvedOnly ? ` · ${t("transfer.export.approvedOnly")}` : ""}
          </p>
          <table className="print-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                {read.value.languages.map((language) => (
                  <th key={language.code} scope="col" lang={language.code}>
                    {language.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {read.value.rows.map((row, index) => (
                <tr key={index}>
                  <td className="print-number">{index + 1}</td>
                  {read.value.languages.map((language) => (
                    <td key={language.code} lang={language.code}>
                      {row.cells[language.code]?.text}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
