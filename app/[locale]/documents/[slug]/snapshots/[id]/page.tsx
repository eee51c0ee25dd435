import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { DocumentHeader } from "@/components/review/DocumentHeader";
import { snapshotExportHref } from "@/components/review/links";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator } from "@/lib/i18n";
import { listSnapshots, readDocumentAt } from "@/lib/revisions";
import { firstValue, openDocumentPage } from "../../document-page";

export const dynamic = "force-dynamic";

/** Rows per page: a long document is read a page at a time, never built whole in the browser. */
const PAGE_SIZE = 500;

const Page = z.coerce.number().int().positive().catch(1).default(1);

/** The snapshot the address names, read once per request (for the title and for the page). */
const findSnapshot = cache(async (documentId: number, id: string) =>
  (await listSnapshots(getAppDb(), { documentId })).find((candidate) => String(candidate.id) === id),
);

export async function generateMetadata({ params }: { params: Promise<{ locale: string; slug: string; id: string }> }): Promise<Metadata> {
  const [{ id }, { locale, overview }] = await Promise.all([params, openDocumentPage(params)]);
  const t = getTranslator(locale);
  const snapshot = await findSnapshot(overview.document.id, id);
  const screen = snapshot ? t("app.titles.snapshot", { name: snapshot.name }) : t("review.snapshots.title");
  return { title: t("app.titles.screen", { screen, document: overview.document.title }) };
}

export default async function SnapshotPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const { locale, slug, overview } = await openDocumentPage(params);
  const t = getTranslator(locale);
  const db = getAppDb();
  const snapshot = await findSnapshot(overview.document.id, id);
  if (!snapshot) notFound();
  const version = await readDocumentAt(db, { documentId: overview.document.id, at: { snapshotId: snapshot.id } });
  const pages = Math.max(1, Math.ceil(version.rows.length / PAGE_SIZE));
  const page = Math.min(Page.parse(firstValue(search.page)), pages);
  const rows = version.rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const base = `/${locale}/documents/${slug}/snapshots/${snapshot.id}`;
  const pager = pages > 1 && (
    <nav className="toolbar-row review-pages" aria-label={t("review.queue.pages")}>
      {page > 1 && <Link href={`${base}?page=${page - 1}`}>{t("review.queue.previousPage")}</Link>}
      <span>{t("review.queue.pageOf", { page, pages })}</span>
      {page < pages && <Link href={`${base}?page=${page + 1}`}>{t("review.queue.nextPage")}</Link>}
    </nav>
  );

  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("review.snapshots.title")} />
      <div className="snapshot-heading">
        <h2>{snapshot.name}</h2>
        <p className="editor-hint">
          {t("review.snapshots.readOnly", {
            time: date.format(snapshot.createdAt),
            name: snapshot.author.name,
            count: version.rows.length,
          })}
        </p>
        <p className="toolbar-row">
          <Link href={`/${locale}/documents/${slug}/compare?from=snapshot:${snapshot.id}&to=now`}>{t("review.snapshots.compareNow")}</Link>
          <a href={snapshotExportHref(slug, snapshot.id)} download>
            {t("review.snapshots.export")}
          </a>
        </p>
      </div>
      {pager}
      <table className="snapshot-view" aria-label={t("review.snapshots.tableLabel", { name: snapshot.name })}>
        <thead>
          <tr>
            <th scope="col">{t("review.snapshots.row")}</th>
            {version.languages.map((language) => (
              <th key={language.code} scope="col">
                {language.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.segmentId} data-row={row.number}>
              <th scope="row">{row.number}</th>
              {version.languages.map((language) => (
                <td key={language.code} lang={language.code} data-lang={language.code}>
                  {row.cells[language.code]?.text || <span className="cell-empty">{t("review.snapshots.empty")}</span>}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {pager}
    </>
  );
}
