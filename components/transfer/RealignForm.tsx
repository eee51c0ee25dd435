"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ImportProgress } from "@/lib/documents/import-language";
import type { RealignLanguageResult } from "@/lib/documents/realign-language";
import { useHydrated } from "@/components/use-hydrated";
import { JobState } from "./JobState";
import { fetchWithProgress } from "./progress-stream";

/** Reruns the aligner for one translation on the rows after the confirmed ones. */
export function RealignForm({ locale, slug, languages }: { locale: string; slug: string; languages: { code: string; label: string }[] }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const [language, setLanguage] = useState(languages[0]?.code ?? "");
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<RealignLanguageResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setResult(null);
    setProgress({ stage: "aligning", done: 0, total: 1 });
    try {
      const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ language }) };
      setResult(await fetchWithProgress<RealignLanguageResult>(`/api/documents/${slug}/realign`, init, setProgress));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setProgress(null);
    }
  }

  if (!languages.length) return <p className="hint">{t("transfer.realign.noTranslations")}</p>;
  return (
    <form className="transfer-form" onSubmit={(event) => void submit(event)}>
      <p className="hint">{t("transfer.realign.explain")}</p>
      <label>
        {t("transfer.realign.language")}
        <select value={language} onChange={(event) => setLanguage(event.target.value)}>
          {languages.map((candidate) => (
            <option key={candidate.code} value={candidate.code}>
              {candidate.label} ({candidate.code})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={progress !== null || !hydrated}>
        {t("transfer.realign.submit")}
      </button>
      <JobState progress={progress} error={error} />
      {result && (
        <p role="status" className="transfer-result">
          {result.changeId === null
            ? t("transfer.realign.unchanged", { from: result.fromRow })
            : t("transfer.realign.done", { from: result.fromRow, count: result.rows, low: result.lowConfidence })}{" "}
          {result.learnedRows > 0 && <>{t("transfer.import.learned", { count: result.learnedRows })} </>}
          <Link href={`/${locale}/documents/${slug}?filter=low-confidence`}>{t("transfer.import.check")}</Link>
        </p>
      )}
    </form>
  );
}
