"use client";

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import type { Locale } from "@/lib/i18n";
import { signOut, signOutEverywhere } from "./api";
import styles from "./auth.module.css";
import { loadAfresh } from "./paths";

/** Sign out here, or everywhere (every browser and device signed in as this person). */
export function SignOutButtons({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);

  async function end(how: () => Promise<unknown>) {
    setError(null);
    try {
      await how();
      loadAfresh(`/${locale}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <>
      <div className={styles.actions}>
        <button type="button" disabled={!hydrated} onClick={() => void end(signOut)}>
          {t("account.signOut")}
        </button>
        <button type="button" className="danger" disabled={!hydrated} onClick={() => void end(signOutEverywhere)}>
          {t("account.signOutEverywhere")}
        </button>
      </div>
      <p className="hint">{t("account.signOutEverywhereHint")}</p>
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
    </>
  );
}
