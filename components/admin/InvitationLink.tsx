"use client";

import { useTranslation } from "react-i18next";
import { ShownOnce } from "../ShownOnce";
import { dateTimeFormat } from "../review/text";
import styles from "./admin.module.css";
import type { Invitation } from "./api";

/** A one-time sign-in link, shown this once, with a copy button; "Done" hides it for good. */
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
  const time = dateTimeFormat(i18n.language).format(new Date(invitation.expiresAt));
  return (
    <ShownOnce
      key={invitation.link}
      value={invitation.link}
      label={t("admin.invitation.label", { handle })}
      texts={{
        copy: t("admin.invitation.copy"),
        copied: t("admin.invitation.copied"),
        copyFailed: t("admin.invitation.copyFailed"),
        done: t("admin.invitation.dismiss"),
      }}
      onDone={onDone}
      data-invitation={handle}
    >
      {created && <p className={styles.created}>{t("admin.invitation.created", { handle })}</p>}
      <p>{t("admin.invitation.explained", { handle, time })}</p>
    </ShownOnce>
  );
}
