import { z } from "zod";
import { BulkRevertForm } from "@/components/review/BulkRevertForm";
import { DocumentHeader } from "@/components/review/DocumentHeader";
import { ReviewDecisionLog } from "@/components/review/ReviewDecisionLog";
import { ReviewQueue } from "@/components/review/ReviewQueue";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator } from "@/lib/i18n";
import { reviewQueueWithChecks } from "@/lib/documents/checks";
import { listReviewDecisions, listSnapshots, type PastPoint } from "@/lib/revisions";
import { pointFromQuery } from "@/app/api/_lib/route";
import { documentTitle, openDocumentPage, parseSearch, readFromUrl } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("review.queue.title");

const PAGE_SIZE = 100;

const ViewParams = z.object({
  lang: z.string().optional(),
  since: z.string().optional(),
  page: z.coerce.number().int().positive().catch(1).default(1),
});

export default async function ReviewPage({
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
  const since = pointFromQuery(view.since ?? null);
  const [queue, decisions, snapshots] = await Promise.all([
    readFromUrl(() =>
      reviewQueueWithChecks(db, {
        documentId,
        limit: PAGE_SIZE,
        offset: (view.page - 1) * PAGE_SIZE,
        ...(view.lang ? { languages: [view.lang] } : {}),
        ...(since ? { since: since as PastPoint } : {}),
      }),
    ),
    listReviewDecisions(db, { documentId, limit: 50 }),
    listSnapshots(db, { documentId }),
  ]);

  return (
    <>
      <DocumentHeader
        locale={locale}
        slug={slug}
        title={overview.document.title}
        screen={t("review.queue.title")}
        checkCounts={queue.value?.checkCounts}
      />
      {queue.problem !== null && (
        <p role="alert" className="notice">
          {t("review.badUrl", { problem: queue.problem })}
        </p>
      )}
      <div className="review-layout">
        <ReviewQueue
          key={JSON.stringify([view.lang, view.since, view.page])}
          slug={slug}
          languages={overview.languages.map(({ code, label }) => ({ code, label }))}
          snapshots={snapshots.map(({ id, name }) => ({ id, name }))}
          queue={
            queue.value ?? {
              items: [],
              total: 0,
              counts: { draft: 0, translated: 0, reviewed: 0, approved: 0 },
              checkCounts: { error: 0, warning: 0, info: 0 },
            }
          }
          lang={view.lang}
          since={view.since}
          page={view.page}
          pageSize={PAGE_SIZE}
        />
        <aside className="review-side">
          <ReviewDecisionLog decisions={decisions} />
          <BulkRevertForm slug={slug} />
        </aside>
      </div>
    </>
  );
}
