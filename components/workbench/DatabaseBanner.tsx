"use client";

import { useTranslation } from "react-i18next";
import { useDatabaseUnreachable } from "./database-status";

/**
 * Says so while the database cannot be reached. The workbench keeps asking
 * (its presence poll); "Try again now" asks at once with `probe`, any
 * request whose answer updates the status.
 */
export function DatabaseBanner({ probe }: { probe: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const unreachable = useDatabaseUnreachable();
  if (!unreachable) return null;
  return (
    <p role="alert" className="editor-error">
      {t("database.unreachable")}{" "}
      <button type="button" onClick={() => void probe().catch(() => undefined)}>
        {t("database.retry")}
      </button>
    </p>
  );
}
