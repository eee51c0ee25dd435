import type { Metadata } from "next";
import { notFound } from "next/navigation";
import styles from "@/components/auth/auth.module.css";
import { PasswordForm } from "@/components/auth/PasswordForm";
import { SignOutButtons } from "@/components/auth/SignOutButtons";
import { TokenManager } from "@/components/auth/TokenManager";
import { PASSWORD_LENGTH } from "@/lib/auth/password";
import { listTokens } from "@/lib/auth/tokens";
import { getAppDb } from "@/lib/db/app-db";
import { getTranslator, isLocale } from "@/lib/i18n";
import { requireSignIn } from "../session";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return { title: getTranslator(locale)("account.title") };
}

/** The signed-in person's own settings: who they are, their password, their sessions and their API tokens. */
export default async function AccountPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const actor = await requireSignIn(locale, `/${locale}/account`);
  const t = getTranslator(locale);
  const tokens = await listTokens(getAppDb(), actor.user.id);
  return (
    <section className={styles.page}>
      <h1>{t("account.title")}</h1>
      <dl className={styles.facts}>
        <dt>{t("account.name")}</dt>
        <dd>{actor.user.name}</dd>
        <dt>{t("account.handle")}</dt>
        <dd>{actor.user.handle}</dd>
        {actor.user.email && (
          <>
            <dt>{t("account.email")}</dt>
            <dd>{actor.user.email}</dd>
          </>
        )}
        <dt>{t("account.role")}</dt>
        <dd>
          {t(`auth.roles.${actor.role}`)} — {t(`auth.roleMeaning.${actor.role}`)}
        </dd>
      </dl>

      <h2>{t("account.password.title")}</h2>
      <PasswordForm passwordLength={PASSWORD_LENGTH} />

      <h2>{t("account.sessions")}</h2>
      <SignOutButtons locale={locale} />

      <h2>{t("account.tokens.title")}</h2>
      <p className="hint">{t("account.tokens.explain")}</p>
      <TokenManager tokens={tokens} role={actor.user.role} />
    </section>
  );
}
