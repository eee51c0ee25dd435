import { z } from "zod";
import { ComparePicker } from "@/components/review/ComparePicker";
import { DocumentDiffView } from "@/components/review/DocumentDiffView";
import { DocumentHeader } from "@/components/review/DocumentHeader";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator } from "@/lib/i18n";
import { diffDocument, listSnapshots, type Point } from "@/lib/revisions";
import { pointFromQuery } from "@/app/api/_lib/route";
import { documentTitle, openDocumentPage, parseSearch, readFromUrl } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("review.compare.title");

/** Changed cells shown per page: each is a diff to render. */
const PAGE_SIZE = 200;

const ViewParams = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  lang: z.string().optional(),
  page: z.coerce.number().int().positive().catch(1).default(1),
});

export default async function ComparePage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ locale, slug, overview }, search] = await Promise.all([openDocumentPage(params), searchParams]);
  const t = getTranslator(locale);
  const view = parseSearch(ViewParams, search);
  const db = getAppDb();
  const documentId = overview.document.id;
  const snapshots = await listSnapshots(db, { documentId });
  const diff = view.from
    ? await readFromUrl(() =>
        diffDocument(db, {
          documentId,
          from: pointFromQuery(view.from!) as Point,
          to: (pointFromQuery(view.to ?? null) ?? "now") as Point,
          ...(view.lang ? { languages: [view.lang] } : {}),
        }),
      )
    : null;
  const shown = diff?.value && {
    ...diff.value,
    changedCells: diff.value.changedCells.slice((view.page - 1) * PAGE_SIZE, view.page * PAGE_SIZE),
  };

  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("review.compare.title")} />
      <ComparePicker
        key={JSON.stringify([view.from, view.to, view.lang])}
        slug={slug}
        languages={overview.languages.map(({ code, label }) => ({ code, label }))}
        snapshots={snapshots.map(({ id, name, createdAt }) => ({ id, name, createdAt }))}
        from={view.from}
        to={view.to}
        lang={view.lang}
      />
      {diff?.problem && (
        <p role="alert" className="notice">
          {t("review.badUrl", { problem: diff.problem })}
        </p>
      )}
      {shown && <DocumentDiffView slug={slug} diff={shown} page={view.page} pageSize={PAGE_SIZE} />}
    </>
  );
}
