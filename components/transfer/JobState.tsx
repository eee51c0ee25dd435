"use client";

import { useTranslation } from "react-i18next";
import type { ImportProgress } from "@/lib/documents/import-language";

/** A long job's stage and how far it has got, announced politely to screen readers. */
function ProgressBar({ progress }: { progress: ImportProgress }) {
  const { t } = useTranslation();
  const percent = progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  const label = t(`transfer.stage.${progress.stage}`);
  return (
    <div className="transfer-progress" role="status" aria-live="polite">
      <progress max={100} value={percent} aria-label={label} />
      <span>
        {label} {t("transfer.percent", { percent })}
      </span>
    </div>
  );
}

/** A long job's progress while it runs, or what went wrong (announced at once). */
export function JobState({ progress, error }: { progress: ImportProgress | null; error: string | null }) {
  return (
    <>
      {progress && <ProgressBar progress={progress} />}
      {error && (
        <p role="alert" className="transfer-error">
          {error}
        </p>
      )}
    </>
  );
}
