import Link from "next/link";
import type { DocumentSummary } from "@/lib/documents/queries";
import { getTranslator, type Locale } from "@/lib/i18n";

export function DocumentList({ locale, documents }: { locale: Locale; documents: DocumentSummary[] }) {
  const t = getTranslator(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" });
  return (
    <section className="documents">
      <h1>{t("documents.heading")}</h1>
      <p>
        <Link href={`/${locale}/import`}>{t("transfer.import.newDocument")}</Link>
      </p>
      {documents.length === 0 ? (
        <p>{t("documents.empty")}</p>
      ) : (
        <ul className="document-list">
          {documents.map((document) => (
            <li key={document.slug}>
              <Link href={`/${locale}/documents/${document.slug}`} className="document-title">
                {document.title}
              </Link>
              <div className="document-meta">
                <span>{t("documents.rows", { count: document.rowCount })}</span>
                <span>
                  {document.languages.map((language) => (
                    <span key={language.code} className="language-tag" lang={language.code}>
                      {language.label}
                      {language.isOriginal ? ` (${t("documents.original")})` : ""}
                    </span>
                  ))}
                </span>
                <span>{t("documents.updated", { date: date.format(document.updatedAt) })}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
