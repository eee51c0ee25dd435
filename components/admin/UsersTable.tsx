"use client";

import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import type { UserSummary } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/roles";
import type { UserRole } from "@/lib/db/generated/enums";
import type { Act } from "./AdminScreen";
import styles from "./admin.module.css";
import { type Invitation, inviteUser, updateUser } from "./api";

/**
 * Every account with its role (changed in place), state, password and
 * language limits; disable or enable, and a fresh one-time link. The admin's
 * own role and state cannot be changed here (the server refuses it too).
 */
export function UsersTable({
  me,
  users,
  busy,
  act,
  onChanged,
  onInvited,
}: {
  me: string;
  users: UserSummary[];
  busy: boolean;
  act: Act;
  onChanged: (user: UserSummary) => void;
  onInvited: (handle: string, invitation: Invitation) => void;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const locked = busy || !hydrated;

  const change = (handle: string, body: { role?: UserRole; disabled?: boolean }) =>
    act(async () => {
      onChanged((await updateUser(handle, body)).user);
      return t("admin.users.changed", { handle });
    });
  const invite = (handle: string) =>
    act(async () => {
      onInvited(handle, (await inviteUser(handle)).invitation);
    });

  if (!users.length) return <p>{t("admin.users.none")}</p>;
  return (
    <div className={styles.usersFrame}>
      <table className={styles.users}>
        <caption className="visually-hidden">{t("admin.users.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.users.handle")}</th>
            <th scope="col">{t("admin.users.name")}</th>
            <th scope="col">{t("admin.users.email")}</th>
            <th scope="col">{t("admin.users.role")}</th>
            <th scope="col">{t("admin.users.state")}</th>
            <th scope="col">{t("admin.users.password")}</th>
            <th scope="col">{t("admin.limits.title")}</th>
            <th scope="col">{t("admin.users.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const self = user.handle === me;
            const limits = Object.entries(user.languageLimits);
            return (
              <tr key={user.handle} data-user={user.handle} className={user.disabled ? styles.disabled : undefined}>
                <th scope="row">
                  {user.handle} {self && <span className="badge">{t("admin.users.you")}</span>}
                </th>
                <td>{user.name}</td>
                <td>{user.email ?? "—"}</td>
                <td>
                  <select
                    aria-label={t("admin.users.roleOf", { handle: user.handle })}
                    value={user.role}
                    disabled={locked || self}
                    onChange={(event) => void change(user.handle, { role: event.target.value as UserRole })}
                  >
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`auth.roles.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{user.disabled ? t("admin.users.disabled") : t("admin.users.active")}</td>
                <td>{user.hasPassword ? t("admin.users.passwordSet") : t("admin.users.passwordNotSet")}</td>
                <td>{limits.length ? limits.map(([slug, codes]) => `${slug}: ${codes.join(", ")}`).join("; ") : "—"}</td>
                <td className={styles.actions}>
                  {!self && (
                    <button type="button" disabled={locked} onClick={() => void change(user.handle, { disabled: !user.disabled })}>
                      {user.disabled ? t("admin.users.enable") : t("admin.users.disable")}{" "}
                      <span className="visually-hidden">{t("admin.users.of", { handle: user.handle })}</span>
                    </button>
                  )}
                  {!user.disabled && (
                    <button type="button" disabled={locked} onClick={() => void invite(user.handle)}>
                      {t("admin.users.newLink")} <span className="visually-hidden">{t("admin.users.of", { handle: user.handle })}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
