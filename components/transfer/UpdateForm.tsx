"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FileUpdateConflict, FileUpdatePlan, FileUpdateResult } from "@/lib/documents/update-language";
import { DiffOps, DiffView } from "@/components/DiffView";
import { useHydrated } from "@/components/use-hydrated";
import { IMPORT_ACCEPT } from "@/lib/formats/file-name";
import { JobState } from "./JobState";

/** POSTs the form to the update endpoint; the server's message when it refuses. */
async function send<Answer>(url: string, form: FormData): Promise<Answer> {
  const answer = await fetch(url, { method: "POST", body: form });
  const body = (await answer.json().catch(() => null)) as (Answer & { error?: { message: string } }) | null;
  if (!answer.ok || !body) throw new Error(body?.error?.message ?? `${answer.status} ${answer.statusText}`);
  return body;
}

/** What the person chose for a conflict; "leave" (the default) sends nothing and the cell stays as it is. */
type Choice = { choice: "leave" | "app" | "file" | "edit"; text: string };

/**
 * Updates a language from a revised file of it: a preview first (counts and
 * each changed cell's word diff, every change ticked, and the conflicts with
 * edits made in the app since the file was exported, each to resolve), then
 * applying the ticked ones and the resolutions in one step that the change
 * log can undo.
 */
export function UpdateForm({ locale, slug, languages }: { locale: string; slug: string; languages: { code: string; label: string }[] }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const router = useRouter();
  const [language, setLanguage] = useState(languages[0]?.code ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [emptyMissing, setEmptyMissing] = useState(false);
  const [plan, setPlan] = useState<FileUpdatePlan | null>(null);
  const [leftOut, setLeftOut] = useState<Set<number>>(new Set());
  const [choices, setChoices] = useState<Map<number, Choice>>(new Map());
  const [result, setResult] = useState<FileUpdateResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const url = `/api/documents/${slug}/languages/${encodeURIComponent(language)}/update`;
  const formOf = (extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.set("file", file!);
    form.set("emptyMissing", String(emptyMissing));
    for (const [key, value] of Object.entries(extra)) form.set(key, value);
    return form;
  };
  const restart = () => {
    setPlan(null);
    setResult(null);
    setError(null);
  };

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const preview = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    void run(async () => {
      setResult(null);
      setLeftOut(new Set());
      setChoices(new Map());
      setPlan(await send<FileUpdatePlan>(`${url}?preview=1`, formOf()));
    });
  };

  const apply = () =>
    void run(async () => {
      const exclude = [...leftOut].join(",");
      const resolutions = plan!.conflicts.flatMap((conflict) => {
        const chosen = choices.get(conflict.cell);
        if (!chosen || chosen.choice === "leave") return [];
        const text = chosen.choice === "app" ? conflict.app : chosen.choice === "file" ? conflict.file : chosen.text;
        return [{ cell: conflict.cell, text }];
      });
      setResult(
        await send<FileUpdateResult>(
          url,
          formOf({
            expected: plan!.fingerprint,
            ...(exclude ? { exclude } : {}),
            ...(resolutions.length ? { resolutions: JSON.stringify(resolutions) } : {}),
          }),
        ),
      );
      setPlan(null);
      router.refresh();
    });

  const toggle = (cellId: number) =>
    setLeftOut((current) => {
      const next = new Set(current);
      if (!next.delete(cellId)) next.add(cellId);
      return next;
    });

  const choose = (conflict: FileUpdateConflict, change: Partial<Choice>) =>
    setChoices((current) => {
      const next = new Map(current);
      next.set(conflict.cell, { ...(current.get(conflict.cell) ?? { choice: "leave", text: conflict.app }), ...change });
      return next;
    });

  if (!languages.length) return null;
  return (
    <form className="transfer-form" onSubmit={preview}>
      <p className="hint">{t("transfer.update.explain")}</p>
      <label>
        {t("transfer.update.language")}
        {/* A choice made before React takes over would be reset to the first language by hydration. */}
        <select
          value={language}
          disabled={!hydrated}
          onChange={(event) => {
            setLanguage(event.target.value);
            restart();
          }}
        >
          {languages.map((candidate) => (
            <option key={candidate.code} value={candidate.code}>
              {candidate.label} ({candidate.code})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("transfer.import.file")}
        <input
          type="file"
          accept={IMPORT_ACCEPT}
          required
          onChange={(event) => {
            setFile(event.currentTarget.files?.[0] ?? null);
            restart();
          }}
        />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={emptyMissing}
          onChange={(event) => {
            setEmptyMissing(event.target.checked);
            restart();
          }}
        />
        {t("transfer.update.emptyMissing")}
      </label>
      <button type="submit" disabled={!file || busy || !hydrated}>
        {t("transfer.update.preview")}
      </button>
      <JobState progress={null} error={error} />
      {plan && (
        <section aria-label={t("transfer.update.previewHeading")} className="update-preview">
          <p role="status">
            {t("transfer.update.counts", {
              changed: plan.changed.length,
              unchanged: plan.unchanged,
              added: plan.added.length,
              removed: plan.removed.length,
            })}
            {plan.conflicts.length > 0 && ` ${t("transfer.update.conflictsCount", { count: plan.conflicts.length })}`}
          </p>
          {plan.changed.length > 0 && (
            <ol className="update-changes">
              {plan.changed.map((change) => (
                <li key={change.cellId}>
                  <label className="checkbox">
                    <input type="checkbox" checked={!leftOut.has(change.cellId)} onChange={() => toggle(change.cellId)} />
                    {t("transfer.update.row", { row: change.row })}
                    {change.how !== "edited" && ` (${t(`transfer.update.how.${change.how}`)})`}
                  </label>
                  {change.editedSinceLastUpdate && <p className="hint">{t("transfer.update.editedSince")}</p>}
                  {change.mergedWithAppEdits && <p className="hint">{t("transfer.update.mergedWithApp")}</p>}
                  <p className="diff">
                    <DiffOps ops={change.ops} />
                  </p>
                </li>
              ))}
            </ol>
          )}
          {plan.conflicts.length > 0 && (
            <>
              <h3>{t("transfer.update.conflictsHeading")}</h3>
              <p className="hint">{t("transfer.update.conflictsExplain")}</p>
              <ol className="update-conflicts">
                {plan.conflicts.map((conflict) => {
                  const chosen = choices.get(conflict.cell) ?? { choice: "leave", text: conflict.app };
                  return (
                    <li key={conflict.cell}>
                      <fieldset>
                        <legend>{t("transfer.update.row", { row: conflict.row })}</legend>
                        <h4>{t("transfer.update.inApp")}</h4>
                        <DiffView before={conflict.base} after={conflict.app} lang={language} />
                        <h4>{t("transfer.update.inFile")}</h4>
                        <DiffView before={conflict.base} after={conflict.file} lang={language} />
                        {(["leave", "app", "file", "edit"] as const).map((choice) => (
                          <label key={choice} className="checkbox">
                            <input
                              type="radio"
                              name={`conflict-${conflict.cell}`}
                              checked={chosen.choice === choice}
                              onChange={() => choose(conflict, { choice })}
                            />
                            {t(`transfer.update.resolve.${choice}`)}
                          </label>
                        ))}
                        {chosen.choice === "edit" && (
                          <label>
                            {t("transfer.update.resolvedText", { row: conflict.row })}
                            <textarea
                              lang={language}
                              value={chosen.text}
                              onChange={(event) => choose(conflict, { text: event.target.value })}
                            />
                          </label>
                        )}
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
            </>
          )}
          {plan.added.length > 0 && (
            <>
              <h3>{t("transfer.update.addedHeading")}</h3>
              <ul>
                {plan.added.map((paragraph, index) => (
                  <li key={index}>
                    {t("transfer.update.afterRow", { row: paragraph.afterRow })} {paragraph.text}
                  </li>
                ))}
              </ul>
            </>
          )}
          {plan.removed.length > 0 && (
            <>
              <h3>{emptyMissing ? t("transfer.update.emptiedHeading") : t("transfer.update.removedHeading")}</h3>
              <ul>
                {plan.removed.map((cell) => (
                  <li key={cell.cellId}>
                    {t("transfer.update.row", { row: cell.row })}: {cell.text}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" className="primary" disabled={busy} onClick={apply}>
            {t("transfer.update.apply")}
          </button>
        </section>
      )}
      {result && (
        <p role="status" className="transfer-result">
          {t("transfer.update.done", { changed: result.changed, added: result.added, removed: result.removed })}{" "}
          {result.resolved + result.conflicts.length > 0 &&
            `${t("transfer.update.doneConflicts", { resolved: result.resolved, left: result.conflicts.length })} `}
          <Link href={`/${locale}/documents/${slug}/review`}>{t("transfer.update.review")}</Link>
        </p>
      )}
    </form>
  );
}
