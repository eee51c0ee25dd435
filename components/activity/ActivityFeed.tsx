"use client";

import Link from "next/link";
import { useTranslation } from "react-i18next";
import type { ActivityEntry, ActivityPage } from "@/lib/revisions";
import type { CellRef } from "@/lib/revisions/review-common";
import type { TextChange } from "@/lib/revisions/activity";
import { DiffControls } from "../DiffControls";
import { DiffView } from "../DiffView";
import { dateTimeFormat } from "../review/text";
import styles from "./activity.module.css";

/**
 * Who changed what in a document, newest first: each entry names its
 * author, when, what they did and where (a link to the row in the
 * workbench), and opens the diff of the texts it changed. Paged by links
 * (`?before=`), so every page has an address and works without scripts.
 */
export function ActivityFeed({ slug, page, paged }: { slug: string; page: ActivityPage; paged: boolean }) {
  const { t, i18n } = useTranslation();
  const date = dateTimeFormat(i18n.language);
  const base = `/${i18n.language}/documents/${slug}`;
  return (
    <section className={styles.feed}>
      <p className="editor-hint">{t("activity.explained")}</p>
      {page.entries.some((entry) => entry.source !== "snapshot") && <DiffControls />}
      {page.entries.length === 0 ? (
        <p className="review-empty">{t("activity.none")}</p>
      ) : (
        <ol className={styles.list} aria-label={t("activity.listLabel")}>
          {page.entries.map((entry) => (
            <li key={`${entry.source}-${entry.id}`} className={styles.entry} data-source={entry.source}>
              <p className={styles.head}>
                <time dateTime={new Date(entry.time).toISOString()}>{date.format(new Date(entry.time))}</time>{" "}
                <strong className={styles.author} title={entry.author.handle}>
                  {entry.author.name}
                </strong>{" "}
                <Action entry={entry} base={base} />
              </p>
              {"note" in entry && entry.note && <q className="review-note">{entry.note}</q>}
              <Changes entry={entry} />
            </li>
          ))}
        </ol>
      )}
      {(paged || page.next) && (
        <nav className="review-pages" aria-label={t("activity.pages")}>
          {paged && <Link href={`${base}/activity`}>{t("activity.newest")}</Link>}
          {page.next && <Link href={`${base}/activity?before=${encodeURIComponent(page.next)}`}>{t("activity.older")} →</Link>}
        </nav>
      )}
    </section>
  );
}

/** What the entry's author did, and where. */
function Action({ entry, base }: { entry: ActivityEntry; base: string }) {
  const { t } = useTranslation();
  switch (entry.source) {
    case "revision":
      return (
        <>
          {t(`activity.revision.${entry.kind}`)} <CellPlace cell={entry.cell} base={base} />
        </>
      );
    case "review":
      return (
        <>
          <span className={entry.verdict === "approve" ? "verdict-approve" : "verdict-reject"}>
            {t(`activity.review.${entry.verdict}`)}
          </span>{" "}
          <CellPlace cell={entry.cell} base={base} />
        </>
      );
    case "alignment": {
      const what =
        entry.kind === "undo" || entry.kind === "redo"
          ? t(`activity.alignment.${entry.kind}`, { what: t(`activity.alignment.operation.${entry.operation}`) })
          : entry.kind === "import" && entry.language === null
            ? t("activity.alignment.importDocument")
            : t(`changes.kind.${entry.kind}`);
      return (
        <>
          {what}
          {entry.rowNumber !== null && (
            <>
              {" "}
              <Link href={`${base}?row=${entry.rowNumber}`}>{t("activity.openRow", { number: entry.rowNumber })}</Link>
            </>
          )}
          {entry.language && (
            <>
              {" "}
              <span className="badge">{entry.language}</span>
            </>
          )}
        </>
      );
    }
    case "snapshot":
      return (
        <>
          {t("activity.snapshot")} <Link href={`${base}/snapshots/${entry.id}`}>{entry.name}</Link>{" "}
          <Link href={`${base}/compare?from=snapshot:${entry.id}&to=now`}>{t("activity.compareWithNow")}</Link>
        </>
      );
  }
}

/** A cell as people name it: its row (a link into the workbench) and language. */
function CellPlace({ cell, base }: { cell: CellRef; base: string }) {
  const { t } = useTranslation();
  if (cell.rowNumber === null) return <>{t("activity.deletedRow", { language: cell.language })}</>;
  return (
    <>
      <Link href={`${base}?row=${cell.rowNumber}`}>{t("activity.openRow", { number: cell.rowNumber })}</Link>{" "}
      <span className="badge">{cell.language}</span>
    </>
  );
}

/** The texts the entry changed, each as a diff, behind a disclosure (a feed of open diffs is hard to scan). */
function Changes({ entry }: { entry: ActivityEntry }) {
  const { t } = useTranslation();
  if (entry.source === "snapshot") return null;
  if (entry.source !== "alignment") {
    if (!entry.change) return null;
    return (
      <details className={styles.changes}>
        <summary>{t("activity.showChange")}</summary>
        <TextDiff change={entry.change} />
      </details>
    );
  }
  if (!entry.textChangeCount) return null;
  const more = entry.textChangeCount - entry.textChanges.length;
  return (
    <details className={styles.changes}>
      <summary>{t("activity.showChanges", { count: entry.textChangeCount })}</summary>
      {entry.textChanges.map((change) => (
        <TextDiff key={change.cellId} change={change} labelled />
      ))}
      {more > 0 && <p className="editor-hint">{t("activity.moreChanges", { count: more })}</p>}
    </details>
  );
}

function TextDiff({ change, labelled = false }: { change: TextChange; labelled?: boolean }) {
  const { t } = useTranslation();
  const revisions =
    change.fromRevisionId === null
      ? t("activity.firstRevision", { to: change.toRevisionId })
      : t("activity.revisions", { from: change.fromRevisionId, to: change.toRevisionId });
  return (
    <div className={styles.change} data-cell={change.cellId}>
      <p className={styles.revisions}>
        {labelled && <span className="badge">{change.language}</span>} {revisions}
      </p>
      <DiffView before={change.before} after={change.after} lang={change.language} />
    </div>
  );
}
