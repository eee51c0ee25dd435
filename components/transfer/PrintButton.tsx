"use client";

import { useTranslation } from "react-i18next";

export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="primary print-hidden" onClick={() => window.print()}>
      {t("transfer.print.print")}
    </button>
  );
}
