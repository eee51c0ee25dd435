"use client";

import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { LanguageVersion } from "@/lib/documents/queries";
import { addLanguage, removeLanguage, updateLanguage } from "./api";

/**
 * Which languages are columns, in which order: a chip per language toggles
 * it, arrows move a shown one left or right. The choice lives in the URL
 * (?langs=ru,en) so a view can be shared.
 */
export function LanguagePicker({
  slug,
  languages,
  shown,
  mayAdd,
  onChange,
  onLanguagesChanged,
}: {
  slug: string;
  languages: LanguageVersion[];
  shown: string[];
  /** Whether "Add language" is offered. */
  mayAdd: boolean;
  onChange: (codes: string[]) => void;
  onLanguagesChanged: (added?: string) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = (code: string) => languages.find((language) => language.code === code)?.label ?? code;
  const hidden = languages.filter((language) => !shown.includes(language.code));
  const move = (index: number, by: -1 | 1) => {
    const next = [...shown];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    onChange(next);
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const copyFrom = String(form.get("copyFrom") ?? "");
    try {
      // The server gives the tag in its canonical case (en-Revised → en-revised), which the URL must name.
      const added = (await addLanguage(slug, {
        code: String(form.get("code")).trim(),
        label: String(form.get("label")).trim(),
        provenance: String(form.get("provenance")),
        ...(copyFrom ? { copyFrom } : {}),
      })) as { code: string };
      setAdding(false);
      setError(null);
      onLanguagesChanged(added.code);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <div className="language-picker" role="group" aria-label={t("document.languages")}>
      {shown.map((code, index) => (
        <span key={code} className="language-chip" data-shown="true">
          <button
            type="button"
            onClick={() => index > 0 && move(index, -1)}
            disabled={index === 0}
            aria-label={t("columns.moveLeft", { language: label(code) })}
          >
            ‹
          </button>
          <button
            type="button"
            aria-pressed="true"
            onClick={() => shown.length > 1 && onChange(shown.filter((other) => other !== code))}
            title={t("document.hideLanguage", { language: label(code) })}
          >
            {label(code)}
          </button>
          <button
            type="button"
            onClick={() => index < shown.length - 1 && move(index, 1)}
            disabled={index === shown.length - 1}
            aria-label={t("columns.moveRight", { language: label(code) })}
          >
            ›
          </button>
        </span>
      ))}
      {hidden.map((language) => (
        <button
          key={language.code}
          type="button"
          className="language-chip"
          aria-pressed="false"
          onClick={() => onChange([...shown, language.code])}
          title={t("document.showLanguage", { language: language.label })}
        >
          {language.label}
        </button>
      ))}
      {mayAdd && (
        <button type="button" className="link-button" onClick={() => setAdding(!adding)} aria-expanded={adding}>
          {t("columns.add")}
        </button>
      )}
      {adding && (
        <form className="inline-form" onSubmit={(event) => void submit(event)}>
          <label>
            {t("columns.code")} <input name="code" required maxLength={35} size={10} />
          </label>
          <label>
            {t("columns.label")} <input name="label" required maxLength={100} />
          </label>
          <label>
            {t("columns.provenance")} <input name="provenance" maxLength={5000} />
          </label>
          <label>
            {t("compare.startFrom")}{" "}
            <select name="copyFrom" defaultValue="">
              <option value="">{t("compare.empty")}</option>
              {languages.map((language) => (
                <option key={language.code} value={language.code}>
                  {t("compare.copyOf", { language: language.label })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t("columns.addSubmit")}
          </button>
          {error && (
            <span role="alert" className="editor-error">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}

/**
 * A sticky column header: language, original badge, progress, provenance.
 * Admins edit the name, provenance and tag here, and remove a translation
 * (after a confirmation saying what goes and that the change log undoes it).
 */
export function ColumnHeader({
  slug,
  language,
  total,
  mayEdit,
  onChanged,
  onRenamed,
  onRemoved,
}: {
  slug: string;
  language: LanguageVersion;
  total: number;
  /** Whether the name, provenance and tag can be edited, and the language removed, here. */
  mayEdit: boolean;
  onChanged: () => void;
  /** The tag changed (the server's canonical form of what was typed). */
  onRenamed: (previous: string, code: string) => void;
  onRemoved: (language: { code: string; label: string }) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const code = String(form.get("code")).trim();
    try {
      const changed = await updateLanguage(slug, language.code, {
        label: String(form.get("label")),
        provenance: String(form.get("provenance")),
        ...(code !== language.code ? { code } : {}),
      });
      setEditing(false);
      setError(null);
      if (changed.code !== language.code) onRenamed(language.code, changed.code);
      else onChanged();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  async function remove() {
    try {
      await removeLanguage(slug, language.code);
      setConfirmingRemoval(false);
      onRemoved({ code: language.code, label: language.label });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <div role="columnheader" className="column-head">
      <div className="column-title">
        <span lang={language.code}>{language.label}</span>
        {language.isOriginal && <span className="badge badge-original">{t("document.original")}</span>}
        <span className="progress">{t("document.progress", { filled: language.filledCount, total })}</span>
        {mayEdit && (
          <button type="button" className="link-button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            {t("columns.edit")}
          </button>
        )}
      </div>
      {editing ? (
        <form className="inline-form" onSubmit={(event) => void submit(event)}>
          <label>
            {t("columns.label")} <input name="label" defaultValue={language.label} required maxLength={100} />
          </label>
          <label>
            {t("columns.provenance")} <textarea name="provenance" defaultValue={language.provenance} maxLength={5000} rows={3} />
          </label>
          <label>
            {t("columns.tag")} <input name="code" defaultValue={language.code} required maxLength={35} size={10} />
          </label>
          <button type="submit" className="primary">
            {t("columns.save")}
          </button>
          {!language.isOriginal && (
            <button type="button" onClick={() => setConfirmingRemoval(true)} aria-expanded={confirmingRemoval}>
              {t("columns.remove")}
            </button>
          )}
          {confirmingRemoval && (
            <div role="group" aria-label={t("columns.remove")} className="confirm-removal">
              <p>{t("columns.removeConfirm", { language: language.label, code: language.code })}</p>
              <button type="button" className="danger" onClick={() => void remove()}>
                {t("columns.removeSubmit", { language: language.label })}
              </button>{" "}
              <button type="button" onClick={() => setConfirmingRemoval(false)}>
                {t("columns.cancel")}
              </button>
            </div>
          )}
          {error && (
            <span role="alert" className="editor-error">
              {error}
            </span>
          )}
        </form>
      ) : (
        <p className="provenance" title={language.provenance}>
          {language.provenance}
        </p>
      )}
    </div>
  );
}
