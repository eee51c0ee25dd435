"use client";

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import type { Act, AdminDocument } from "./AdminScreen";
import styles from "./admin.module.css";
import { setPublicRead } from "./api";

/** Each document with a switch: readable without an account, or not. Saved as soon as it is switched. */
export function PublicReadList({ documents, busy, act }: { documents: AdminDocument[]; busy: boolean; act: Act }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [publicRead, setPublic] = useState(() => new Map(documents.map((document) => [document.slug, document.publicRead])));

  const show = (slug: string, value: boolean) => setPublic((current) => new Map(current).set(slug, value));
  // The switch moves at once, and back if the server refuses.
  const toggle = (document: AdminDocument, value: boolean) => {
    show(document.slug, value);
    return act(async () => {
      try {
        const saved = (await setPublicRead(document.slug, value)).document;
        show(saved.slug, saved.publicRead);
      } catch (error) {
        show(document.slug, !value);
        throw error;
      }
      return t("admin.documents.saved", { document: document.title });
    });
  };

  if (!documents.length) return <p>{t("admin.limits.noDocuments")}</p>;
  return (
    <ul className={styles.documents}>
      {documents.map((document) => (
        <li key={document.slug} data-document={document.slug}>
          <label className="toggle">
            <input
              type="checkbox"
              checked={publicRead.get(document.slug) ?? false}
              disabled={busy || !hydrated}
              onChange={(event) => void toggle(document, event.target.checked)}
            />
            {t("admin.documents.publicReadOf", { document: document.title })}
          </label>
        </li>
      ))}
    </ul>
  );
}
