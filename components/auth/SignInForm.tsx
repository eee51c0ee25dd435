"use client";

import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import { ApiError } from "../workbench/api";
import { signIn } from "./api";
import styles from "./auth.module.css";
import { loadAfresh } from "./paths";

/** What a refused sign-in tells the person: a wrong password, or how long to wait after too many. */
function refusal(t: ReturnType<typeof useTranslation>["t"], error: unknown): string {
  if (error instanceof ApiError && error.code === "sign_in_failed" && error.status === 401) return t("auth.signIn.wrong");
  if (error instanceof ApiError && error.status === 429) {
    const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
    return t("auth.signIn.tooMany", { count: Math.ceil(seconds / 60) });
  }
  return error instanceof Error ? error.message : String(error);
}

/** Handle or email and password; signed in, the person goes on to `next` (a path on this site). */
export function SignInForm({ next }: { next: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const password = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn({ login: String(form.get("login")), password: String(form.get("password")) });
      loadAfresh(next);
    } catch (caught) {
      setError(refusal(t, caught));
      setBusy(false);
      password.current!.value = "";
      password.current!.focus();
    }
  }

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)}>
      <label>
        {t("auth.signIn.login")}
        <input
          name="login"
          required
          autoFocus
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={200}
          aria-describedby={error ? "sign-in-error" : undefined}
        />
      </label>
      <label>
        {t("auth.signIn.password")}
        <input
          ref={password}
          name="password"
          type="password"
          required
          autoComplete="current-password"
          maxLength={200}
          aria-describedby={error ? "sign-in-error" : undefined}
        />
      </label>
      {error && (
        <p id="sign-in-error" role="alert" className="editor-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !hydrated}>
        {t("auth.signIn.submit")}
      </button>
    </form>
  );
}
