import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportForm } from "@/components/transfer/ImportForm";
import { getTranslator, isLocale } from "@/lib/i18n";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return { title: getTranslator(locale)("transfer.import.headingDocument") };
}

/** A new document from a file. */
export default async function ImportPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getTranslator(locale);
  return (
    <>
      <div className="parallel-toolbar">
        <Link href={`/${locale}`}>← {t("document.back")}</Link>
        <h1>{t("transfer.import.headingDocument")}</h1>
      </div>
      <div className="transfer-page">
        <section>
          <ImportForm locale={locale} />
        </section>
      </div>
    </>
  );
}
