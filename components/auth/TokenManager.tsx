"use client";

import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useHydrated } from "@/components/use-hydrated";
import { hasRole, ROLES } from "@/lib/auth/roles";
import type { TokenSummary } from "@/lib/auth/tokens";
import type { UserRole } from "@/lib/db/generated/enums";
import { ShownOnce } from "../ShownOnce";
import { dateTimeFormat } from "../review/text";
import { createToken, revokeToken } from "./api";
import styles from "./auth.module.css";

type Message = { kind: "done" | "error"; text: string };

/**
 * The person's API tokens (for scripts: `Authorization: Bearer …`): each
 * with its role, when it was made and last used, and whether it is revoked.
 * A new token is shown once, with a copy button; only its hash is kept.
 */
export function TokenManager({ tokens: initial, role }: { tokens: TokenSummary[]; role: UserRole }) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const [tokens, setTokens] = useState(initial);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const date = dateTimeFormat(i18n.language);
  const roles = ROLES.filter((each) => hasRole(role, each));

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (caught) {
      setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) });
    } finally {
      setBusy(false);
    }
  }

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const chosen = String(data.get("role"));
    void act(async () => {
      const answer = await createToken({ name: String(data.get("name")).trim(), ...(chosen ? { role: chosen as UserRole } : {}) });
      setTokens((current) => [...current, answer.summary]);
      setCreated({ token: answer.token, name: answer.summary.name });
      form.reset();
    });
  }

  const onRevoke = (token: TokenSummary) =>
    act(async () => {
      const { token: revoked } = await revokeToken(token.id);
      setTokens((current) => current.map((each) => (each.id === revoked.id ? revoked : each)));
      setMessage({ kind: "done", text: t("account.tokens.revokedDone", { name: token.name }) });
    });

  return (
    <>
      {created && (
        <ShownOnce
          key={created.token}
          value={created.token}
          label={t("account.tokens.newToken")}
          texts={{
            copy: t("account.tokens.copy"),
            copied: t("account.tokens.copied"),
            copyFailed: t("account.tokens.copyFailed"),
            done: t("account.tokens.hide"),
          }}
          onDone={() => setCreated(null)}
        >
          <p>{t("account.tokens.shownOnce", { name: created.name })}</p>
        </ShownOnce>
      )}
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : undefined}>
          {message.text}
        </p>
      )}
      {tokens.length === 0 ? (
        <p>{t("account.tokens.none")}</p>
      ) : (
        <table className={styles.tokens}>
          <thead>
            <tr>
              <th scope="col">{t("account.tokens.name")}</th>
              <th scope="col">{t("account.tokens.role")}</th>
              <th scope="col">{t("account.tokens.created")}</th>
              <th scope="col">{t("account.tokens.lastUsed")}</th>
              <th scope="col">{t("account.tokens.state")}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-token={token.id} className={token.revokedAt ? styles.revoked : undefined}>
                <td>{token.name}</td>
                <td>{t(`auth.roles.${token.role}`)}</td>
                <td>
                  <time dateTime={token.createdAt}>{date.format(new Date(token.createdAt))}</time>
                </td>
                <td>
                  {token.lastUsedAt ? (
                    <time dateTime={token.lastUsedAt}>{date.format(new Date(token.lastUsedAt))}</time>
                  ) : (
                    t("account.tokens.never")
                  )}
                </td>
                <td>
                  {token.revokedAt ? (
                    t("account.tokens.revokedAt", { time: date.format(new Date(token.revokedAt)) })
                  ) : (
                    <button type="button" className="danger" disabled={busy || !hydrated} onClick={() => void onRevoke(token)}>
                      {t("account.tokens.revoke")} <span className="visually-hidden">{token.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className={styles.form} onSubmit={onCreate}>
        <label>
          {t("account.tokens.name")}
          <input name="name" required maxLength={80} defaultValue="" placeholder={t("account.tokens.namePlaceholder")} />
        </label>
        <label>
          {t("account.tokens.actsAs")}
          <select name="role" defaultValue="">
            <option value="">{t("account.tokens.sameRole", { role: t(`auth.roles.${role}`) })}</option>
            {roles.map((each) => (
              <option key={each} value={each}>
                {t(`auth.roles.${each}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || !hydrated}>
          {t("account.tokens.create")}
        </button>
      </form>
    </>
  );
}
