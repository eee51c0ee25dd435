import { notFound } from "next/navigation";
import { ParallelView } from "@/components/ParallelView";
import { getAppDb } from "@/lib/db/app-db";
import { getParallelView } from "@/lib/documents/queries";
import { isAppError } from "@/lib/errors";
import { isLocale } from "@/lib/i18n";

export const dynamic = "force-dynamic";

export default async function DocumentPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string; slug: string }>;
  searchParams: Promise<{ langs?: string | string[] }>;
}) {
  const [{ locale, slug }, { langs }] = await Promise.all([params, searchParams]);
  if (!isLocale(locale)) notFound();
  const requested = [langs ?? []].flat().flatMap((value) => value.split(",")).filter(Boolean);
  try {
    const view = await getParallelView(getAppDb(), slug, requested);
    return <ParallelView locale={locale} view={view} />;
  } catch (error) {
    if (isAppError(error) && error.code === "document_not_found") notFound();
    throw error;
  }
}
