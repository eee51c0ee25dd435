"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import styles from "./auth.module.css";
import { signInHref } from "./paths";
import { onSignInRequired } from "./sign-in-required";

/**
 * Shown when the server refused something because nobody is signed in (or
 * the sign-in ended): a link to sign in that comes back to this page.
 * Unsaved cell text stays in this browser meanwhile.
 */
export function SignInNotice() {
  const { t, i18n } = useTranslation();
  const [here, setHere] = useState<string | null>(null);

  useEffect(() => onSignInRequired(() => setHere(`${window.location.pathname}${window.location.search}`)), []);

  if (here === null) return null;
  return (
    <div role="alert" className={styles.notice}>
      <span>{t("auth.notice.text")}</span>
      {/* A full load: the whole page then knows who is signed in. */}
      <a href={signInHref(i18n.language, here)}>{t("auth.notice.signIn")}</a>
      <button type="button" onClick={() => setHere(null)}>
        {t("auth.notice.dismiss")}
      </button>
    </div>
  );
}
