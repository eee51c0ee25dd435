import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DocumentList } from "@/components/DocumentList";
import { getAppDb } from "@/lib/db/app-db";
import { listDocuments } from "@/lib/documents/queries";
import { getTranslator, isLocale } from "@/lib/i18n";
import { currentActor } from "./session";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getTranslator(locale);
  // The layout's title template names the app on the pages below it; this page shares the layout's segment.
  return { title: { absolute: `${t("documents.heading")} — ${t("app.name")}` } };
}

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const actor = await currentActor();
  // A reader without an account sees the documents open to everyone.
  const documents = await listDocuments(getAppDb(), { publicOnly: !actor });
  return <DocumentList locale={locale} documents={documents} actor={actor} />;
}
