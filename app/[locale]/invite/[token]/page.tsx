import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/auth/auth.module.css";
import { InvitationForm } from "@/components/auth/InvitationForm";
import { findInvitation } from "@/lib/auth/accounts";
import { PASSWORD_LENGTH } from "@/lib/auth/password";
import { getAppDb } from "@/lib/db/app-db";
import { isAppError } from "@/lib/errors";
import { getTranslator, isLocale } from "@/lib/i18n";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  // The link is a password in all but name: no search engine or shared preview should keep it.
  return { title: getTranslator(locale)("auth.invitation.title"), robots: { index: false } };
}

/** A one-time sign-in link: whose it is, and their new password. */
export default async function InvitationPage({ params }: { params: Promise<{ locale: string; token: string }> }) {
  const { locale, token } = await params;
  if (!isLocale(locale)) notFound();
  const t = getTranslator(locale);
  const invitation = await findInvitation(getAppDb(), token).catch((error: unknown) => {
    if (isAppError(error) && error.status === 404) return null;
    throw error;
  });
  return (
    <section className={styles.page}>
      <h1>{t("auth.invitation.title")}</h1>
      {invitation ? (
        <>
          <p>{t("auth.invitation.for", { name: invitation.name, handle: invitation.handle })}</p>
          <InvitationForm token={token} locale={locale} passwordLength={PASSWORD_LENGTH} />
        </>
      ) : (
        <>
          <p role="alert">{t("auth.invitation.invalid")}</p>
          <p>
            <Link href={`/${locale}/sign-in`}>{t("auth.invitation.signIn")}</Link>
          </p>
        </>
      )}
    </section>
  );
}
