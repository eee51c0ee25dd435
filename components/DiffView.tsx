"use client";

import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { diffText, type DiffOp } from "@/lib/diff";
import { useDiffPreferences } from "./DiffControls";
import { splitSides, type DiffPreferences } from "./diff-preferences";

/** A diff's ops as text with <ins> and <del> marks (also for a server-rendered page: the print view of a comparison). */
export function DiffOps({ ops }: { ops: DiffOp[] }) {
  const { t } = useTranslation();
  return ops.map((op, index) =>
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
  );
}

/**
 * The change from `before` to `after`, inline or side by side (before with
 * its deletions | after with its insertions). Insertions and deletions are
 * <ins>/<del> (announced by screen readers and struck through or underlined,
 * not only coloured). Text is rendered by React, so it is always escaped.
 * Layout, granularity and hideTrivial follow the reader's choice in
 * DiffControls unless given here.
 */
export function DiffView({
  before,
  after,
  lang,
  granularity,
  layout,
  hideTrivial,
  beforeLabel,
  afterLabel,
}: {
  before: string;
  after: string;
  lang?: string;
  granularity?: DiffPreferences["granularity"];
  layout?: DiffPreferences["layout"];
  hideTrivial?: boolean;
  /** Column captions of the side-by-side layout; "Before" and "After" by default. */
  beforeLabel?: string;
  afterLabel?: string;
}) {
  const { t } = useTranslation();
  const [preferences] = useDiffPreferences();
  const shown = {
    granularity: granularity ?? preferences.granularity,
    layout: layout ?? preferences.layout,
    hideTrivial: hideTrivial ?? preferences.hideTrivial,
  };
  const ops = useMemo(
    () => diffText(before, after, { granularity: shown.granularity, hideTrivial: shown.hideTrivial }),
    [before, after, shown.granularity, shown.hideTrivial],
  );
  if (ops.every((op) => op.op === "equal")) {
    return <p className="diff diff-none">{before === after ? t("diff.noChanges") : t("diff.onlyTrivial")}</p>;
  }
  if (shown.layout === "inline") {
    return (
      <p className="diff" lang={lang}>
        <DiffOps ops={ops} />
      </p>
    );
  }
  const sides = splitSides(ops);
  return (
    <div className="diff-sides">
      <div className="diff-side">
        <span className="diff-side-label">{beforeLabel ?? t("diff.before")}</span>
        <p className="diff diff-before" lang={lang}>
          <DiffOps ops={sides.before} />
        </p>
      </div>
      <div className="diff-side">
        <span className="diff-side-label">{afterLabel ?? t("diff.after")}</span>
        <p className="diff diff-after" lang={lang}>
          <DiffOps ops={sides.after} />
        </p>
      </div>
    </div>
  );
}
