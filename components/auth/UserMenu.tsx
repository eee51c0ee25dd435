"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "@/lib/i18n";
import { signOut } from "./api";
import styles from "./auth.module.css";
import { loadAfresh, signInHref } from "./paths";
import { useViewer } from "./viewer";

/**
 * The header's corner (under Suspense: it reads the query string): "Sign in" for a reader without an account (coming
 * back to this page); for a signed-in person their name and role, their
 * account and "Sign out".
 */
export function UserMenu({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const viewer = useViewer();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [error, setError] = useState<string | null>(null);

  async function onSignOut() {
    try {
      await signOut();
      loadAfresh(`/${locale}`);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <nav aria-label={t("auth.menu.label")} className={styles.userMenu}>
      {viewer ? (
        <>
          <span>
            <span className={styles.userName}>{viewer.name}</span> · {t(`auth.roles.${viewer.role}`)}
          </span>
          {viewer.role === "admin" && <Link href={`/${locale}/admin`}>{t("admin.link")}</Link>}
          <Link href={`/${locale}/account`}>{t("auth.menu.account")}</Link>
          <button type="button" onClick={() => void onSignOut()}>
            {t("auth.menu.signOut")}
          </button>
          {error && <span role="alert">{error}</span>}
        </>
      ) : (
        !pathname.endsWith("/sign-in") && (
          <Link href={signInHref(locale, `${pathname}${search ? `?${search}` : ""}`)}>{t("auth.menu.signIn")}</Link>
        )
      )}
    </nav>
  );
}
