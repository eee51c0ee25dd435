import Link from "next/link";
import { z } from "zod";
import { DiffOps } from "@/components/DiffView";
import { splitSides } from "@/components/diff-preferences";
import { PrintButton } from "@/components/transfer/PrintButton";
import { getAppDb } from "@/lib/db/app-db";
import { readComparison } from "@/lib/documents/compare";
import { diffOpsOf } from "@/lib/documents/compare-score";
import { getTranslator } from "@/lib/i18n";
import { documentTitle, openDocumentPage, parseSearch, readFromUrl } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("compare.print");

// Strings as the URL has them; readComparison checks each and names what is wrong.
const ViewParams = z.object({
  diffAgainst: z.string().optional(),
  langs: z.string().optional(),
  granularity: z.string().optional(),
  differsBy: z.string().optional(),
});

/**
 * The comparison of versions ready to print or save as PDF: the reference and
 * each version side by side, row by row, deletions marked in the reference
 * and insertions in the version (with several versions, each shows its own
 * changes inline), and each row's difference;
 * ?diffAgainst=en&langs=en,en-revised&granularity=word&differsBy=N.
 */
export default async function PrintComparisonPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ locale, slug }, search] = await Promise.all([openDocumentPage(params), searchParams]);
  const t = getTranslator(locale);
  const view = parseSearch(ViewParams, search);
  const read = await readFromUrl(() =>
    readComparison(getAppDb(), slug, {
      diffAgainst: view.diffAgainst ?? "",
      granularity: view.granularity as never,
      differsBy: view.differsBy as never,
      ...(view.langs ? { languages: view.langs.split(",").filter(Boolean) } : {}),
    }),
  );
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const back = new URLSearchParams({
    ...(view.langs ? { langs: view.langs } : {}),
    ...(view.diffAgainst ? { diffAgainst: view.diffAgainst } : {}),
  });
  return (
    <article className="print-view print-comparison">
      <p className="print-hidden">
        <Link href={`/${locale}/documents/${slug}?${back.toString().replace(/%2C/gi, ",")}`}>← {t("review.nav.workbench")}</Link>{" "}
        <PrintButton />
      </p>
      {read.problem !== null ? (
        <p role="alert" className="transfer-error">
          {read.problem}
        </p>
      ) : (
        <>
          <h1>{read.value.title}</h1>
          <p className="print-meta">
            {t("compare.summary", {
              differing: read.value.comparison.rowsDiffering,
              rows: read.value.comparison.rows,
              share: percent.format(read.value.comparison.difference),
              reference: read.value.reference.label,
              versions: read.value.versions.map((version) => version.label).join(", "),
            })}
          </p>
          <table className="print-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col" lang={read.value.reference.code}>
                  {read.value.reference.label}
                </th>
                {read.value.versions.map((version) => (
                  <th key={version.code} scope="col" lang={version.code}>
                    {version.label}
                  </th>
                ))}
                <th scope="col" className="print-difference">
                  {t("compare.differenceColumn")}
                </th>
              </tr>
            </thead>
            <tbody>
              {read.value.rows.map((row) => {
                const only = read.value.versions.length === 1 ? row.versions[read.value.versions[0]!.code]! : undefined;
                return (
                  <tr key={row.number} data-row={row.number}>
                    <td className="print-number">{row.number}</td>
                    <td lang={read.value.reference.code}>
                      {only ? <DiffOps ops={splitSides(diffOpsOf(only.diff)).before} /> : row.reference}
                    </td>
                    {read.value.versions.map((version) => {
                      const ops = diffOpsOf(row.versions[version.code]!.diff);
                      return (
                        <td key={version.code} lang={version.code}>
                          <DiffOps ops={only ? splitSides(ops).after : ops} />
                        </td>
                      );
                    })}
                    <td className="print-difference">{percent.format(row.difference)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
