import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { defaultLocale, getTranslator, isLocale } from "@/lib/i18n";

// A path under /en or /ru that no page matches: the locale's own not-found page, inside its layout, rather than Next's bare default.
export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  return { title: getTranslator(isLocale(locale) ? locale : defaultLocale)("app.titles.notFound") };
}

export default function MissingPage() {
  notFound();
}
