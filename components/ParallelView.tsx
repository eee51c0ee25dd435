import Link from "next/link";
import type { LanguageVersion, ParallelView as View } from "@/lib/documents/queries";
import { getTranslator, type Locale } from "@/lib/i18n";

/** The documents's languages as columns, aligned row by row (read-only for now). */
export function ParallelView({ locale, view }: { locale: Locale; view: View }) {
  const t = getTranslator(locale);
  const number = new Intl.NumberFormat(locale);
  const shown = view.shown.map((code) => view.languages.find((language) => language.code === code)!);
  const base = `/${locale}/documents/${view.document.slug}`;
  const hrefWith = (codes: string[]) => (codes.length ? `${base}?langs=${codes.join(",")}` : base);
  const toggle = (language: LanguageVersion) =>
    view.shown.includes(language.code)
      ? hrefWith(view.shown.filter((code) => code !== language.code))
      : hrefWith([...view.shown, language.code]);

  return (
    <section className="parallel">
      <div className="parallel-toolbar">
        <Link href={`/${locale}`}>← {t("document.back")}</Link>
        <h1>{view.document.title}</h1>
        <nav aria-label={t("document.languages")} className="language-picker">
          {view.languages.map((language) => {
            const isShown = view.shown.includes(language.code);
            // Hiding the last column would show everything again; keep it.
            const lastShown = isShown && view.shown.length === 1;
            return (
              <Link
                key={language.code}
                href={lastShown ? hrefWith(view.shown) : toggle(language)}
                aria-pressed={isShown}
                className="language-toggle"
                title={t(isShown ? "document.hideLanguage" : "document.showLanguage", { language: language.label })}
              >
                {language.label}
              </Link>
            );
          })}
        </nav>
        {view.unknown.length > 0 && (
          <p role="status" className="notice">
            {t("document.unknownLanguages", { codes: view.unknown.join(", ") })}
          </p>
        )}
      </div>

      <div
        role="table"
        className="parallel-grid"
        style={{ gridTemplateColumns: `3.5rem repeat(${shown.length}, minmax(0, 1fr))` }}
        aria-rowcount={view.rows.length + 1}
      >
        <div role="row" className="parallel-row parallel-head">
          <div role="columnheader" className="row-number">
            {t("document.rowNumber")}
          </div>
          {shown.map((language) => (
            <div role="columnheader" key={language.code} className="column-head" lang={locale}>
              <div className="column-title">
                <span lang={language.code}>{language.label}</span>
                {language.isOriginal && <span className="badge badge-original">{t("document.original")}</span>}
                <span className="progress">
                  {t("document.progress", {
                    filled: number.format(language.filledCount),
                    total: number.format(view.rows.length),
                  })}
                </span>
              </div>
              <p className="provenance">{language.provenance}</p>
            </div>
          ))}
        </div>
        {view.rows.map((row) => (
          <div role="row" key={row.id} className="parallel-row" data-row={row.number}>
            <div role="rowheader" className="row-number">
              {number.format(row.number)}
            </div>
            {shown.map((language) => {
              const cell = row.cells[language.code];
              return (
                <div role="cell" key={language.code} className="cell" data-lang={language.code}>
                  {cell && cell.text !== "" ? (
                    <p lang={language.code} className="cell-text">
                      {cell.text}
                    </p>
                  ) : (
                    <p className="cell-empty">{t("document.emptyCell")}</p>
                  )}
                  {cell && (
                    <span className={`badge badge-${cell.status}`}>
                      {t(`document.status.${cell.status}`)}
                      {cell.stale ? ` · ${t("document.stale")}` : ""}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
    </section>
  );
}
