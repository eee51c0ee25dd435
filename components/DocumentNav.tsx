"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslation } from "react-i18next";
import { VisitRecorder } from "./review/VisitRecorder";

/** The screens of one document, in order: path under /documents/:slug and the key of its name. */
const TABS = [
  { path: "", label: "review.nav.workbench" },
  { path: "/review", label: "review.nav.review" },
  { path: "/compare", label: "review.nav.compare" },
  { path: "/snapshots", label: "review.nav.snapshots" },
  { path: "/changes", label: "review.nav.changes" },
  { path: "/activity", label: "activity.title" },
  { path: "/glossary", label: "glossary.nav" },
  { path: "/transfer", label: "transfer.nav" },
] as const;

/** Tabs between a document's screens; the current one is marked for screen readers too. */
export function DocumentNav({ locale, slug }: { locale: string; slug: string }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  const base = `/${locale}/documents/${slug}`;
  const current = TABS.filter((tab) => pathname === base + tab.path || pathname.startsWith(`${base + tab.path}/`)).at(-1);
  return (
    <nav className="document-nav" aria-label={t("review.nav.label")}>
      <ul>
        {TABS.map((tab) => (
          <li key={tab.path}>
            <Link href={base + tab.path} aria-current={tab === current ? "page" : undefined}>
              {t(tab.label)}
            </Link>
          </li>
        ))}
      </ul>
      <VisitRecorder slug={slug} />
    </nav>
  );
}
