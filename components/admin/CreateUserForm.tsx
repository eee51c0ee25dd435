"use client";

import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import type { UserSummary } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/roles";
import type { UserRole } from "@/lib/db/generated/enums";
import type { Act } from "./AdminScreen";
import styles from "./admin.module.css";
import { createUser, type Invitation } from "./api";
import { Field } from "./Field";

/** Adds a person; the answer's one-time link is shown by the screen. */
export function CreateUserForm({
  busy,
  act,
  onCreated,
}: {
  busy: boolean;
  act: Act;
  onCreated: (user: UserSummary, invitation: Invitation) => void;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    void act(async () => {
      const { user, invitation } = await createUser({
        handle: text("handle"),
        role: text("role") as UserRole,
        ...(text("name") ? { name: text("name") } : {}),
        ...(text("email") ? { email: text("email") } : {}),
      });
      form.reset();
      onCreated(user, invitation);
    });
  }

  return (
    <form className={styles.create} onSubmit={onSubmit} aria-labelledby="admin-create">
      <h3 id="admin-create">{t("admin.create.title")}</h3>
      <Field label={t("admin.create.handle")}>
        {(id) => (
          <input
            id={id}
            name="handle"
            required
            pattern="[a-z0-9][a-z0-9\-]{1,39}"
            autoComplete="off"
            aria-describedby="admin-handle-hint"
          />
        )}
      </Field>
      <Field label={t("admin.create.name")}>{(id) => <input id={id} name="name" maxLength={80} autoComplete="off" />}</Field>
      <Field label={t("admin.create.email")}>
        {(id) => <input id={id} name="email" type="email" maxLength={200} autoComplete="off" />}
      </Field>
      <Field label={t("admin.create.role")}>
        {(id) => (
          <select id={id} name="role" defaultValue="translator">
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`auth.roles.${role}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="primary" disabled={busy || !hydrated}>
        {busy ? t("admin.create.adding") : t("admin.create.submit")}
      </button>
      <p id="admin-handle-hint" className={styles.fieldHint}>
        {t("admin.create.handleHint")}
      </p>
    </form>
  );
}
