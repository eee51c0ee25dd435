"use client";

import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { UserSummary } from "@/lib/auth/accounts";
import styles from "./admin.module.css";
import type { Invitation } from "./api";
import { CreateUserForm } from "./CreateUserForm";
import { InvitationLink } from "./InvitationLink";
import { LanguageLimitsForm } from "./LanguageLimitsForm";
import { PublicReadList } from "./PublicReadList";
import { UsersTable } from "./UsersTable";

/** A document as the admin screen needs it: its languages for limits, whether it is public. */
export interface AdminDocument {
  slug: string;
  title: string;
  publicRead: boolean;
  languages: { code: string; label: string }[];
}

export type Message = { kind: "done" | "error"; text: string };

/** What every action on the screen does around its request: one at a time, its outcome said in one place. */
export type Act = (work: () => Promise<string | void>) => Promise<void>;

/**
 * The admin screen: people (add, role, disable, one-time links), their
 * language limits per document, and which documents are readable without
 * an account. Each change is saved at once and the answer shown.
 */
export function AdminScreen({ me, users: initialUsers, documents }: { me: string; users: UserSummary[]; documents: AdminDocument[] }) {
  const { t } = useTranslation();
  const [users, setUsers] = useState(initialUsers);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<{ handle: string; invitation: Invitation; created: boolean } | null>(null);

  const act: Act = async (work) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await work();
      if (done) setMessage({ kind: "done", text: done });
    } catch (caught) {
      setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) });
    } finally {
      setBusy(false);
    }
  };

  /** Puts the server's new state of a user in the list (adding them when new). */
  const replace = (user: UserSummary) =>
    setUsers((current) =>
      current.some((each) => each.handle === user.handle)
        ? current.map((each) => (each.handle === user.handle ? user : each))
        : [...current, user].sort((a, b) => a.handle.localeCompare(b.handle)),
    );

  return (
    <div className={styles.screen}>
      <h1>{t("admin.title")}</h1>
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : styles.done}>
          {message.text}
        </p>
      )}
      {shown && <InvitationLink key={shown.invitation.link} {...shown} onDone={() => setShown(null)} />}

      <section aria-labelledby="admin-users">
        <h2 id="admin-users">{t("admin.users.title")}</h2>
        <UsersTable
          me={me}
          users={users}
          busy={busy}
          act={act}
          onChanged={replace}
          onInvited={(handle, invitation) => setShown({ handle, invitation, created: false })}
        />
        <CreateUserForm
          busy={busy}
          act={act}
          onCreated={(user, invitation) => {
            replace(user);
            setShown({ handle: user.handle, invitation, created: true });
          }}
        />
      </section>

      <section aria-labelledby="admin-limits">
        <h2 id="admin-limits">{t("admin.limits.title")}</h2>
        <p className="hint">{t("admin.limits.explained")}</p>
        <LanguageLimitsForm
          users={users.filter((user) => user.role !== "admin")}
          documents={documents}
          busy={busy}
          act={act}
          onChanged={replace}
        />
      </section>

      <section aria-labelledby="admin-documents">
        <h2 id="admin-documents">{t("admin.documents.title")}</h2>
        <p className="hint">{t("admin.documents.explained")}</p>
        <PublicReadList documents={documents} busy={busy} act={act} />
      </section>
    </div>
  );
}
