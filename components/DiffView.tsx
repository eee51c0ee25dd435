"use client";

import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { diffText } from "@/lib/diff";

/**
 * The change from `before` to `after`, inline: insertions and deletions are
 * <ins>/<del> (announced by screen readers and struck through or underlined,
 * not only coloured). Text is rendered by React, so it is always escaped.
 */
export function DiffView({ before, after, lang, granularity = "word" }: { before: string; after: string; lang?: string; granularity?: "word" | "char" }) {
  const { t } = useTranslation();
  const ops = useMemo(() => diffText(before, after, { granularity }), [before, after, granularity]);
  if (ops.every((op) => op.op === "equal")) return <p className="diff diff-none">{t("diff.noChanges")}</p>;
  return (
    <p className="diff" lang={lang}>
      {ops.map((op, index) =>
        op.op === "equal" ? (
          <span key={index}>{op.text}</span>
        ) : op.op === "insert" ? (
          <ins key={index} className="diff-insert">
            <span className="visually-hidden">{t("diff.inserted")}</span>
            {op.text}
          </ins>
        ) : (
          <del key={index} className="diff-delete">
            <span className="visually-hidden">{t("diff.deleted")}</span>
            {op.text}
          </del>
        ),
      )}
    </p>
  );
}
