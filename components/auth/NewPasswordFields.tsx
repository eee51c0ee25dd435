"use client";

import { useId } from "react";
import { useTranslation } from "react-i18next";

/**
 * A new password typed twice. The form checks that both match
 * (newPasswordOf) before sending; the browser checks the length.
 */
export function NewPasswordFields({ minLength, maxLength }: { minLength: number; maxLength: number }) {
  const { t } = useTranslation();
  const rule = useId();
  const field = { type: "password", required: true, autoComplete: "new-password", minLength, maxLength, "aria-describedby": rule } as const;
  return (
    <>
      <label>
        {t("auth.password.new")}
        <input name="newPassword" {...field} />
      </label>
      <label>
        {t("auth.password.repeat")}
        <input name="repeatPassword" {...field} />
      </label>
      <p id={rule} className="hint">
        {t("auth.password.rule", { count: minLength })}
      </p>
    </>
  );
}

/** The new password of a form with NewPasswordFields, or null when its two copies differ. */
export function newPasswordOf(form: FormData): string | null {
  const password = String(form.get("newPassword"));
  return password === String(form.get("repeatPassword")) ? password : null;
}
