"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SnapshotSummary } from "@/lib/revisions";
import { useHasRole } from "@/components/auth/viewer";
import { useHydrated } from "@/components/use-hydrated";
import { createSnapshot } from "./api";
import { snapshotExportHref } from "./links";
import { dateTimeFormat } from "./text";

/** A document's snapshots: name the current version (reviewers), open one read-only, compare any two. */
export function SnapshotList({ slug, snapshots }: { slug: string; snapshots: SnapshotSummary[] }) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const router = useRouter();
  const reviewer = useHasRole("reviewer");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const date = dateTimeFormat(i18n.language);
  const base = `/${i18n.language}/documents/${slug}`;

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return;
    setBusy(true);
    setError(null);
    try {
      await createSnapshot(slug, name);
      form.reset();
      router.refresh();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  function onCompare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    router.push(`${base}/compare?${new URLSearchParams({ from: String(form.get("from")), to: String(form.get("to")) })}`);
  }

  return (
    <section className="snapshots">
      {reviewer && (
        <form className="inline-form snapshot-create" onSubmit={onCreate}>
          <label>
            {t("review.snapshots.name")} <input name="name" required maxLength={100} placeholder={t("review.snapshots.namePlaceholder")} />
          </label>
          <button type="submit" className="primary" disabled={busy || !hydrated}>
            {t("review.snapshots.create")}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="editor-error">
          {error}
        </p>
      )}
      {snapshots.length === 0 ? (
        <p className="review-empty">{t("review.snapshots.none")}</p>
      ) : (
        <>
          <table className="snapshot-table">
            <thead>
              <tr>
                <th scope="col">{t("review.snapshots.name")}</th>
                <th scope="col">{t("review.snapshots.created")}</th>
                <th scope="col">{t("review.snapshots.author")}</th>
                <th scope="col">{t("review.snapshots.rows")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("review.snapshots.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {snapshots.map((snapshot) => (
                <tr key={snapshot.id} data-snapshot={snapshot.id}>
                  <td>
                    <Link href={`${base}/snapshots/${snapshot.id}`}>{snapshot.name}</Link>
                  </td>
                  <td>
                    <time dateTime={new Date(snapshot.createdAt).toISOString()}>{date.format(new Date(snapshot.createdAt))}</time>
                  </td>
                  <td>{snapshot.author.name}</td>
                  <td>{snapshot.rowCount}</td>
                  <td className="snapshot-actions">
                    <Link href={`${base}/compare?from=snapshot:${snapshot.id}&to=now`}>{t("review.snapshots.compareNow")}</Link>
                    <a href={snapshotExportHref(slug, snapshot.id)} download>
                      {t("review.snapshots.export")}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {snapshots.length > 1 && (
            <form className="inline-form" onSubmit={onCompare}>
              <span>{t("review.snapshots.compareTwo")}</span>
              <select name="from" defaultValue={`snapshot:${snapshots[1]!.id}`} aria-label={t("review.compare.from")}>
                {snapshots.map((snapshot) => (
                  <option key={snapshot.id} value={`snapshot:${snapshot.id}`}>
                    {snapshot.name}
                  </option>
                ))}
              </select>
              <select name="to" defaultValue={`snapshot:${snapshots[0]!.id}`} aria-label={t("review.compare.to")}>
                {snapshots.map((snapshot) => (
                  <option key={snapshot.id} value={`snapshot:${snapshot.id}`}>
                    {snapshot.name}
                  </option>
                ))}
              </select>
              <button type="submit" disabled={!hydrated}>
                {t("review.compare.submit")}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
