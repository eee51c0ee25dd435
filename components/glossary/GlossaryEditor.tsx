"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { UserRole } from "@/lib/db/generated/enums";
import type { StoredGlossaryTerm } from "@/lib/glossary";
import { useHasRole } from "@/components/auth/viewer";
import { useHydrated } from "@/components/use-hydrated";
import { dateTimeFormat } from "../review/text";
import { addTerm, changeTerm, glossaryBase, importTerms, removeTerm, type TermFields } from "./api";
import { TermForm } from "./TermForm";

/**
 * A glossary's screen: its terms in a table (agreed translations and
 * forbidden variants per language, the note, who added it), and for those
 * who may change it adding, editing, removing and importing terms; anyone
 * may export it as CSV or TBX.
 */
export function GlossaryEditor({
  slug,
  terms,
  languages,
  editor,
}: {
  /** The document whose glossary it is; none for the shared glossary. */
  slug?: string;
  terms: StoredGlossaryTerm[];
  /** The columns: a document's languages, then any other language its terms have. */
  languages: { code: string; label: string }[];
  /** The role that may change it. */
  editor: UserRole;
}) {
  const { t, i18n } = useTranslation();
  const router = useRouter();
  const hydrated = useHydrated();
  const mayEdit = useHasRole(editor);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const date = dateTimeFormat(i18n.language);
  const base = glossaryBase(slug);

  async function run(work: () => Promise<string | null>) {
    setBusy(true);
    setMessage(null);
    try {
      const done = await work();
      if (done) setMessage({ text: done, error: false });
      setEditing(null);
      router.refresh();
    } catch (caught) {
      setMessage({ text: caught instanceof Error ? caught.message : String(caught), error: true });
    } finally {
      setBusy(false);
    }
  }

  const save = (fields: TermFields) =>
    void run(async () => {
      if (editing === "new") await addTerm(slug, fields);
      else if (editing !== null) await changeTerm(slug, editing, fields);
      return null;
    });

  const remove = (term: StoredGlossaryTerm) => {
    const name = Object.values(term.translations)[0]?.[0] ?? "";
    if (window.confirm(t("glossary.removeConfirm", { term: name }))) void run(async () => (await removeTerm(slug, term.id), null));
  };

  function onImport(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      const { result } = await importTerms(slug, data);
      form.reset();
      return t("glossary.imported", { ...result });
    });
  }

  const form = (initial: Partial<TermFields> | undefined, title: string) => (
    <TermForm languages={languages} initial={initial} title={title} busy={busy} onSubmit={save} onCancel={() => setEditing(null)} />
  );

  return (
    <section className="glossary">
      {message && (
        <p role={message.error ? "alert" : "status"} className={message.error ? "editor-error" : "notice"}>
          {message.text}
        </p>
      )}
      <div className="inline-form glossary-tools">
        {mayEdit && (
          <button type="button" className="primary" disabled={busy || !hydrated} onClick={() => setEditing("new")}>
            {t("glossary.add")}
          </button>
        )}
        <span>{t("glossary.export")}:</span>
        <a href={`${base}/export?format=csv`} download>
          {t("glossary.exportCsv")}
        </a>
        <a href={`${base}/export?format=tbx`} download>
          {t("glossary.exportTbx")}
        </a>
      </div>
      {!mayEdit && <p className="hint">{t("glossary.mayNotEdit", { role: t(`auth.roles.${editor}`) })}</p>}
      {editing === "new" && form(undefined, t("glossary.addTitle"))}
      {terms.length === 0 ? (
        <p className="review-empty">{t("glossary.none")}</p>
      ) : (
        <table className="glossary-table">
          <caption className="visually-hidden">{t("glossary.count", { count: terms.length })}</caption>
          <thead>
            <tr>
              {languages.map((language) => (
                <th scope="col" key={language.code}>
                  {language.label}
                </th>
              ))}
              <th scope="col">{t("glossary.note")}</th>
              <th scope="col">{t("glossary.added")}</th>
              {mayEdit && (
                <th scope="col">
                  <span className="visually-hidden">{t("glossary.actions")}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {terms.map((term) =>
              editing === term.id ? (
                <tr key={term.id}>
                  <td colSpan={languages.length + 3}>{form(term, t("glossary.editTitle"))}</td>
                </tr>
              ) : (
                <tr key={term.id} data-term={term.id}>
                  {languages.map((language) => (
                    <td key={language.code} lang={language.code}>
                      {(term.translations[language.code] ?? []).map((text) => (
                        <div key={text} className="glossary-agreed">
                          {text}
                        </div>
                      ))}
                      {(term.forbidden[language.code] ?? []).map((text) => (
                        <div key={text} className="glossary-forbidden">
                          <del>{text}</del> <span className="badge">{t("glossary.forbidden")}</span>
                        </div>
                      ))}
                    </td>
                  ))}
                  <td className="glossary-note-cell">{term.note}</td>
                  <td>{t("glossary.addedBy", { name: term.addedBy.name, date: date.format(new Date(term.addedAt)) })}</td>
                  {mayEdit && (
                    <td className="snapshot-actions">
                      <button type="button" className="link-button" disabled={busy || !hydrated} onClick={() => setEditing(term.id)}>
                        {t("glossary.edit")}
                      </button>
                      <button type="button" className="link-button danger" disabled={busy || !hydrated} onClick={() => remove(term)}>
                        {t("glossary.remove")}
                      </button>
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {mayEdit && (
        <form className="inline-form glossary-import" onSubmit={onImport}>
          <strong>{t("glossary.importTitle")}</strong>
          <label>
            {t("glossary.importFile")} <input type="file" name="file" accept=".csv,.tsv,.tbx,.xml,text/csv,application/x-tbx" required />
          </label>
          <label>
            {t("glossary.rename")} <input name="rename" maxLength={200} />
          </label>
          <button type="submit" disabled={busy || !hydrated}>
            {t("glossary.import")}
          </button>
        </form>
      )}
      {slug !== undefined && (
        <p>
          <Link href={`/${i18n.language}/glossary`}>{t("glossary.sharedLink")}</Link>
        </p>
      )}
    </section>
  );
}
