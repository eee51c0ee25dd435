"use client";

import Link from "next/link";
import { useTranslation } from "react-i18next";
import { useHasRole } from "../auth/viewer";

/** The header's way to the admin screen, shown to admins only (the screen itself refuses everyone else). */
export function AdminLink({ locale }: { locale: string }) {
  const { t } = useTranslation();
  const admin = useHasRole("admin");
  return admin ? <Link href={`/${locale}/admin`}>{t("admin.link")}</Link> : null;
}
