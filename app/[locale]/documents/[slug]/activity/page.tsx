import { z } from "zod";
import { ActivityFeed } from "@/components/activity/ActivityFeed";
import { DocumentHeader } from "@/components/review/DocumentHeader";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator } from "@/lib/i18n";
import { listActivity } from "@/lib/revisions";
import { documentTitle, openDocumentPage, parseSearch, readFromUrl } from "../document-page";

export const dynamic = "force-dynamic";

export const generateMetadata = documentTitle("activity.title");

const PAGE_SIZE = 50;

const ViewParams = z.object({ before: z.string().optional() });

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ locale, slug, overview }, search] = await Promise.all([openDocumentPage(params), searchParams]);
  const t = getTranslator(locale);
  const view = parseSearch(ViewParams, search);
  const page = await readFromUrl(() =>
    listActivity(getAppDb(), { documentId: overview.document.id, limit: PAGE_SIZE, before: view.before }),
  );
  return (
    <>
      <DocumentHeader locale={locale} slug={slug} title={overview.document.title} screen={t("activity.title")} />
      {page.problem !== null && (
        <p role="alert" className="notice">
          {t("review.badUrl", { problem: page.problem })}
        </p>
      )}
      <ActivityFeed slug={slug} page={page.value ?? { entries: [], next: null }} paged={view.before !== undefined} />
    </>
  );
}
