"use client";

import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import type { UserSummary } from "@/lib/auth/accounts";
import type { Act, AdminDocument } from "./AdminScreen";
import styles from "./admin.module.css";
import { setLanguageLimits } from "./api";
import { Field } from "./Field";

/**
 * Limits a person to some languages of a document: choose both, tick the
 * languages (the current limits come ticked), save. Nothing ticked lifts
 * the limit.
 */
export function LanguageLimitsForm({
  users,
  documents,
  busy,
  act,
  onChanged,
}: {
  users: UserSummary[];
  documents: AdminDocument[];
  busy: boolean;
  act: Act;
  onChanged: (user: UserSummary) => void;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [handle, setHandle] = useState(users[0]?.handle ?? "");
  const [slug, setSlug] = useState(documents[0]?.slug ?? "");
  const user = users.find((each) => each.handle === handle) ?? users[0];
  const document = documents.find((each) => each.slug === slug) ?? documents[0];

  if (!documents.length) return <p>{t("admin.limits.noDocuments")}</p>;
  if (!user || !document) return <p>{t("admin.limits.noPeople")}</p>;
  const current = user.languageLimits[document.slug] ?? [];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const languages = new FormData(event.currentTarget).getAll("language").map(String);
    void act(async () => {
      onChanged((await setLanguageLimits(user!.handle, { document: document!.slug, languages })).user);
      return t("admin.limits.saved", { handle: user!.handle, document: document!.title });
    });
  }

  return (
    <form className={styles.limits} onSubmit={onSubmit}>
      <Field label={t("admin.limits.person")}>
        {(id) => (
          <select id={id} value={user.handle} onChange={(event) => setHandle(event.target.value)}>
            {users.map((each) => (
              <option key={each.handle} value={each.handle}>
                {each.name} ({each.handle})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("admin.limits.document")}>
        {(id) => (
          <select id={id} value={document.slug} onChange={(event) => setSlug(event.target.value)}>
            {documents.map((each) => (
              <option key={each.slug} value={each.slug}>
                {each.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      {/* Keyed by person and document: the ticks start from that pair's current limits. */}
      <fieldset key={`${user.handle} ${document.slug}`}>
        <legend>{t("admin.limits.languages", { handle: user.handle, document: document.title })}</legend>
        {document.languages.map((language) => (
          <label key={language.code} className="toggle">
            <input type="checkbox" name="language" value={language.code} defaultChecked={current.includes(language.code)} />
            {language.label} <span className="badge">{language.code}</span>
          </label>
        ))}
        <p className="hint">
          {t("admin.limits.current", { languages: current.length ? current.join(", ") : t("admin.limits.unlimited") })}
        </p>
      </fieldset>
      <button type="submit" className="primary" disabled={busy || !hydrated}>
        {t("admin.limits.save")}
      </button>
    </form>
  );
}
