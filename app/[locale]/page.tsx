import { notFound } from "next/navigation";
import { DocumentList } from "@/components/DocumentList";
import { getAppDb } from "@/lib/db/app-db";
import { listDocuments } from "@/lib/documents/queries";
import { isLocale } from "@/lib/i18n";

export const dynamic = "force-dynamic";

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const documents = await listDocuments(getAppDb());
  return <DocumentList locale={locale} documents={documents} />;
}
