"use client";

import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import { ApiError } from "../workbench/api";
import { changePassword } from "./api";
import styles from "./auth.module.css";
import { NewPasswordFields, newPasswordOf } from "./NewPasswordFields";

type Message = { kind: "done" | "error"; text: string };

/** Changes the password (the current one first); every other browser signed in as this person is signed out. */
export function PasswordForm({ passwordLength }: { passwordLength: { min: number; max: number } }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = newPasswordOf(data);
    if (newPassword === null) {
      setMessage({ kind: "error", text: t("auth.password.differ") });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await changePassword({ currentPassword: String(data.get("currentPassword")), newPassword });
      form.reset();
      setMessage({ kind: "done", text: t("account.password.changed") });
    } catch (caught) {
      const wrong = caught instanceof ApiError && caught.code === "wrong_password";
      setMessage({ kind: "error", text: wrong ? t("account.password.wrong") : (caught as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)}>
      <label>
        {t("account.password.current")}
        <input name="currentPassword" type="password" required autoComplete="current-password" maxLength={passwordLength.max} />
      </label>
      <NewPasswordFields minLength={passwordLength.min} maxLength={passwordLength.max} />
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : undefined}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !hydrated}>
        {t("account.password.submit")}
      </button>
    </form>
  );
}
