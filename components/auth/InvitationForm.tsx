"use client";

import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import type { Locale } from "@/lib/i18n";
import { ApiError } from "../workbench/api";
import { acceptInvitation } from "./api";
import styles from "./auth.module.css";
import { loadAfresh } from "./paths";
import { NewPasswordFields, newPasswordOf } from "./NewPasswordFields";

/** Uses a one-time sign-in link: the person chooses a password and is signed in. */
export function InvitationForm({
  token,
  locale,
  passwordLength,
}: {
  token: string;
  locale: Locale;
  passwordLength: { min: number; max: number };
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = newPasswordOf(new FormData(event.currentTarget));
    if (password === null) {
      setError(t("auth.password.differ"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await acceptInvitation({ token, password });
      loadAfresh(`/${locale}`);
    } catch (caught) {
      setError(caught instanceof ApiError && caught.status === 404 ? t("auth.invitation.invalid") : (caught as Error).message);
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)}>
      <NewPasswordFields minLength={passwordLength.min} maxLength={passwordLength.max} />
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !hydrated}>
        {t("auth.invitation.submit")}
      </button>
    </form>
  );
}
