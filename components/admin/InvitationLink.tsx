"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { dateTimeFormat } from "../review/text";
import styles from "./admin.module.css";
import type { Invitation } from "./api";

/**
 * A one-time sign-in link, shown this once: selected and focused when it
 * appears, with a copy button; "Done" hides it for good.
 */
export function InvitationLink({
  handle,
  invitation,
  created,
  onDone,
}: {
  handle: string;
  invitation: Invitation;
  /** The person was just added (else it is a new link for someone existing). */
  created: boolean;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const time = dateTimeFormat(i18n.language).format(new Date(invitation.expiresAt));

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [invitation.link]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(invitation.link);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className={styles.invitation} role="status" data-invitation={handle}>
      {created && <p className={styles.created}>{t("admin.invitation.created", { handle })}</p>}
      <p>{t("admin.invitation.explained", { handle, time })}</p>
      <input
        ref={field}
        readOnly
        value={invitation.link}
        aria-label={t("admin.invitation.label", { handle })}
        onFocus={(event) => event.target.select()}
      />
      <button type="button" onClick={() => void copy()}>
        {t("admin.invitation.copy")}
      </button>
      <button type="button" onClick={onDone}>
        {t("admin.invitation.dismiss")}
      </button>
      {copied && (
        <span role={copied === "failed" ? "alert" : undefined}>
          {t(copied === "yes" ? "admin.invitation.copied" : "admin.invitation.copyFailed")}
        </span>
      )}
    </div>
  );
}
