"use client";

import { type FormEvent, useId } from "react";
import { useTranslation } from "react-i18next";
import type { TermFields } from "./api";

/** One wording per line; blank lines are none. */
const lines = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A glossary term's fields: per language its agreed translations and its
 * forbidden variants (one per line), and a note. The server checks them and
 * says what is wrong.
 */
export function TermForm({
  languages,
  initial,
  title,
  busy,
  autoFocus,
  onSubmit,
  onCancel,
}: {
  languages: { code: string; label: string }[];
  initial?: Partial<TermFields>;
  title: string;
  busy: boolean;
  /** The language whose agreed field takes the focus (the one the user types in first). */
  autoFocus?: string;
  onSubmit: (term: TermFields) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const of = (kind: string) =>
      Object.fromEntries(
        languages.map((language) => [language.code, lines(form.get(`${kind}:${language.code}`))]).filter(([, texts]) => texts!.length),
      );
    onSubmit({ translations: of("agreed"), forbidden: of("forbidden"), note: String(form.get("note") ?? "").trim() });
  }
  return (
    <form className="glossary-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <div className="glossary-form-grid">
        {languages.map((language) => (
          <fieldset key={language.code} lang={language.code}>
            <legend>{language.label}</legend>
            <label>
              {t("glossary.wordingsIn", { language: language.code })} <small>({t("glossary.onePerLine")})</small>
              <textarea
                name={`agreed:${language.code}`}
                rows={2}
                defaultValue={(initial?.translations?.[language.code] ?? []).join("\n")}
                autoFocus={autoFocus === language.code}
              />
            </label>
            <label>
              {t("glossary.forbiddenIn", { language: language.code })} <small>({t("glossary.onePerLine")})</small>
              <textarea
                name={`forbidden:${language.code}`}
                rows={1}
                defaultValue={(initial?.forbidden?.[language.code] ?? []).join("\n")}
              />
            </label>
          </fieldset>
        ))}
      </div>
      <label className="glossary-note">
        {t("glossary.note")} <textarea name="note" rows={2} maxLength={2000} defaultValue={initial?.note ?? ""} />
      </label>
      <div className="editor-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t("glossary.save")}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t("glossary.cancel")}
        </button>
      </div>
    </form>
  );
}
