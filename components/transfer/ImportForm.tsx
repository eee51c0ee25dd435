"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ImportFileResult } from "@/lib/documents/import-file";
import type { ImportProgress } from "@/lib/documents/import-language";
import { documentNameFromFileName, IMPORT_ACCEPT } from "@/lib/formats/file-name";
import { useHydrated } from "@/components/use-hydrated";
import { JobState } from "./JobState";
import { fetchWithProgress } from "./progress-stream";

/**
 * Uploads a file as a new document, or (given `slug`) as a new language of
 * that document, aligned automatically; shows the server's progress while
 * it works and what came of it.
 */
export function ImportForm({ locale, slug }: { locale: string; slug?: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [newSlug, setNewSlug] = useState("");
  const [title, setTitle] = useState("");
  const [language, setLanguage] = useState("");
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<ImportFileResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  /** What the last file's name suggested, to tell a suggestion from what the person typed. */
  const suggestion = useRef({ title: "", slug: "", language: "" });

  const choose = useCallback(
    (chosen: File | null) => {
      setFile(chosen);
      setResult(null);
      setError(null);
      if (!chosen) return;
      const { title: suggestedTitle, slug: suggestedSlug, language: suggestedLanguage = "" } = documentNameFromFileName(chosen.name);
      const before = suggestion.current;
      // A field follows the file chosen until the person types in it: another file replaces the last file's suggestion.
      const follow = (previous: string, next: string) => (current: string) => (current === "" || current === previous ? next : current);
      if (!slug) {
        setNewSlug(follow(before.slug, suggestedSlug));
        setTitle(follow(before.title, suggestedTitle));
      }
      setLanguage(follow(before.language, suggestedLanguage));
      suggestion.current = { title: suggestedTitle, slug: suggestedSlug, language: suggestedLanguage };
    },
    [slug],
  );

  // A file chosen while the page was still loading fired no change React saw.
  useEffect(() => {
    const chosen = fileInput.current?.files?.[0];
    if (chosen) choose(chosen);
  }, [choose]);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData(event.currentTarget);
    setError(null);
    setResult(null);
    setProgress({ stage: "reading", done: 0, total: 1 });
    try {
      const url = slug ? `/api/documents/${slug}/import` : "/api/documents/import";
      setResult(await fetchWithProgress<ImportFileResult>(url, { method: "POST", body: form }, setProgress));
      // The page's other forms (realign, export) now have one more language to offer.
      if (slug) router.refresh();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setProgress(null);
    }
  }

  const documentUrl = result ? `/${locale}/documents/${result.slug}` : "";
  return (
    <form className="transfer-form" onSubmit={(event) => void submit(event)}>
      <label>
        {t("transfer.import.file")}
        <input
          ref={fileInput}
          type="file"
          name="file"
          accept={IMPORT_ACCEPT}
          required
          onChange={(event) => choose(event.currentTarget.files?.[0] ?? null)}
        />
      </label>
      <p className="hint">{t("transfer.import.formats")}</p>
      {!slug && (
        <>
          <label>
            {t("transfer.import.title")}
            <input name="title" required maxLength={500} value={title} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <label>
            {t("transfer.import.slug")}
            <input
              name="slug"
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              maxLength={120}
              value={newSlug}
              onChange={(event) => setNewSlug(event.target.value)}
            />
          </label>
        </>
      )}
      <label>
        {t("transfer.import.language")}
        <input
          name="language"
          pattern="[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"
          placeholder={t("transfer.import.languageDetected")}
          size={12}
          value={language}
          onChange={(event) => setLanguage(event.target.value)}
        />
      </label>
      <label>
        {t("transfer.import.label")}
        <input name="label" maxLength={100} placeholder={t("transfer.import.labelDefault")} />
      </label>
      <button type="submit" className="primary" disabled={!file || progress !== null || !hydrated}>
        {slug ? t("transfer.import.submitLanguage") : t("transfer.import.submitDocument")}
      </button>
      <JobState progress={progress} error={error} />
      {result && (
        <p role="status" className="transfer-result">
          {t("transfer.import.done", { languages: result.languages.join(", "), count: result.rows })}{" "}
          {result.lowConfidence > 0 && (
            <>
              {t("transfer.import.lowConfidence", { count: result.lowConfidence })}{" "}
              <Link href={`${documentUrl}?filter=low-confidence`}>{t("transfer.import.check")}</Link>{" "}
            </>
          )}
          {result.learnedRows > 0 && <>{t("transfer.import.learned", { count: result.learnedRows })} </>}
          <Link href={documentUrl}>{t("transfer.import.open")}</Link>
        </p>
      )}
    </form>
  );
}
