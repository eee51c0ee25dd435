"use client";

import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { SNAPSHOT_SINCE, snapshotSince } from "@/lib/documents/row-filters";
import { fetchSnapshots } from "./api";

/**
 * For the workbench's "changed since…" filter: pick a snapshot instead of a
 * date. The value is the filter's `since` (`snapshot:ID`), or undefined for
 * "a date" (the date field is shown then).
 */
export function SinceSnapshotSelect({
  slug,
  since,
  onChange,
}: {
  slug: string;
  since?: string;
  onChange: (since: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [snapshots, setSnapshots] = useState<{ id: number; name: string }[]>([]);
  useEffect(() => {
    let current = true;
    fetchSnapshots(slug).then(
      (result) => current && setSnapshots(result.snapshots),
      () => current && setSnapshots([]),
    );
    return () => {
      current = false;
    };
  }, [slug]);
  const value = since && SNAPSHOT_SINCE.test(since) ? since : "";
  return (
    <label>
      {t("review.filter.or")}{" "}
      <select value={value} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">{t("review.filter.aDate")}</option>
        {snapshots.map((snapshot) => (
          <option key={snapshot.id} value={snapshotSince(snapshot.id)}>
            {t("review.filter.snapshot", { name: snapshot.name })}
          </option>
        ))}
      </select>
    </label>
  );
}
