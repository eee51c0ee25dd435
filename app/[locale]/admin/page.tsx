import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminScreen } from "@/components/admin/AdminScreen";
import { listUsers } from "@/lib/auth/accounts";
import { hasRole } from "@/lib/auth/roles";
import { getAppDb } from "@/lib/db/app-db";
import { listDocuments } from "@/lib/documents/queries";
import { getTranslator, isLocale } from "@/lib/i18n";
import { requireSignIn } from "../session";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ locale: string }> }): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  return { title: getTranslator(locale)("admin.title") };
}

/** Users, language limits and public documents: admins only; a reader who is not signed in is sent to sign in. */
export default async function AdminPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const actor = await requireSignIn(locale, `/${locale}/admin`);
  const t = getTranslator(locale);
  if (!hasRole(actor.role, "admin")) {
    return (
      <section className="documents" data-forbidden>
        <h1>{t("admin.forbidden.title")}</h1>
        <p>{t("admin.forbidden.explained", { handle: actor.user.handle, role: t(`auth.roles.${actor.role}`) })}</p>
      </section>
    );
  }
  const db = getAppDb();
  const [users, documents] = await Promise.all([listUsers(db), listDocuments(db)]);
  return (
    <AdminScreen
      me={actor.user.handle}
      users={users}
      documents={documents.map(({ slug, title, publicRead, languages }) => ({
        slug,
        title,
        publicRead,
        languages: languages.map(({ code, label }) => ({ code, label })),
      }))}
    />
  );
}
