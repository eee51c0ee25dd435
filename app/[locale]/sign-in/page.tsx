import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import styles from "@/components/auth/auth.module.css";
import { safeNextPath } from "@/components/auth/paths";
import { SignInForm } from "@/components/auth/SignInForm";
import { getTranslator, isLocale } from "@/lib/i18n";
import { firstValue } from "../documents/[slug]/document-page";
import { currentActor } from "../session";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return { title: getTranslator(locale)("auth.signIn.title") };
}

/** Sign in, then go back to `?next=` (a path on this site; anything else goes home). */
export default async function SignInPage({
  params,
  searchParams,
}: {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ locale }, search] = await Promise.all([params, searchParams]);
  if (!isLocale(locale)) notFound();
  const next = safeNextPath(firstValue(search.next), `/${locale}`);
  if (await currentActor()) redirect(next);
  const t = getTranslator(locale);
  return (
    <section className={styles.page}>
      <h1>{t("auth.signIn.title")}</h1>
      <SignInForm next={next} />
      <p className="hint">{t("auth.signIn.noAccount")}</p>
    </section>
  );
}
