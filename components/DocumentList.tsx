import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import type { DocumentSummary } from "@/lib/documents/queries";
import { getTranslator, type Locale } from "@/lib/i18n";

/** The documents the reader may see; "Import" for those who may create documents, "Sign in" for readers without an account. */
export function DocumentList({ locale, documents, actor }: { locale: Locale; documents: DocumentSummary[]; actor: Actor | null }) {
  const t = getTranslator(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short" });
  return (
    <section className="documents">
      <h1>{t("documents.heading")}</h1>
      {actor && hasRole(actor.role, "admin") && (
        <p>
          <Link href={`/${locale}/import`}>{t("transfer.import.newDocument")}</Link>
        </p>
      )}
      {!actor && (
        <p>
          <Link href={`/${locale}/sign-in`}>{t("documents.signIn")}</Link>
        </p>
      )}
      {documents.length === 0 ? (
        <p>{actor ? t("documents.empty") : t("documents.emptyPublic")}</p>
      ) : (
        <ul className="document-list">
          {documents.map((document) => (
            <li key={document.slug}>
              <Link href={`/${locale}/documents/${document.slug}`} className="document-title">
                {document.title}
              </Link>
              {actor && document.publicRead && <span className="badge">{t("documents.public")}</span>}
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
