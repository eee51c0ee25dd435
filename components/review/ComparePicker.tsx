"use client";

import { usePathname, useRouter } from "next/navigation";
import { type FormEvent, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { LanguageInfo } from "@/lib/revisions";
import { subscribeToNothing, useHydrated } from "@/components/use-hydrated";
import { previousVisit } from "./last-visit";
import { dateTimeFormat, isoFromLocal, localFromIso } from "./text";

interface SnapshotChoice {
  id: number;
  name: string;
  createdAt: Date;
}

type Kind = "now" | "snapshot" | "time";

/** A point as the URL says it (`now`, `snapshot:ID`, an ISO time) taken apart for the form. */
function readPoint(value: string | undefined, fallback: Kind): { kind: Kind; snapshot: string; time: string } {
  if (!value) return { kind: fallback, snapshot: "", time: "" };
  if (value === "now") return { kind: "now", snapshot: "", time: "" };
  if (value.startsWith("snapshot:")) return { kind: "snapshot", snapshot: value.slice("snapshot:".length), time: "" };
  return { kind: "time", snapshot: "", time: localFromIso(value) };
}

function PointField({
  name,
  legend,
  snapshots,
  initial,
}: {
  name: string;
  legend: string;
  snapshots: SnapshotChoice[];
  initial: ReturnType<typeof readPoint>;
}) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Kind>(initial.kind);
  const date = dateTimeFormat(i18n.language);
  return (
    <fieldset className="point-field">
      <legend>{legend}</legend>
      <select
        name={`${name}Kind`}
        value={kind}
        onChange={(event) => setKind(event.target.value as Kind)}
        aria-label={t("review.compare.kind", { point: legend })}
      >
        <option value="snapshot">{t("review.compare.snapshot")}</option>
        <option value="time">{t("review.compare.time")}</option>
        <option value="now">{t("review.compare.now")}</option>
      </select>
      {kind === "snapshot" && (
        <select
          name={`${name}Snapshot`}
          defaultValue={initial.snapshot || String(snapshots[0]?.id ?? "")}
          required
          aria-label={t("review.compare.whichSnapshot", { point: legend })}
        >
          {snapshots.map((snapshot) => (
            <option key={snapshot.id} value={snapshot.id}>
              {snapshot.name} ({date.format(new Date(snapshot.createdAt))})
            </option>
          ))}
        </select>
      )}
      {kind === "time" && (
        <input
          name={`${name}Time`}
          type="datetime-local"
          step={1}
          defaultValue={initial.time}
          required
          aria-label={t("review.compare.whichTime", { point: legend })}
        />
      )}
    </fieldset>
  );
}

/** Choose the two versions to compare (a snapshot, a moment or now) and the language; or "since my last visit". */
export function ComparePicker(props: {
  slug: string;
  languages: LanguageInfo[];
  snapshots: SnapshotChoice[];
  from?: string;
  to?: string;
  lang?: string;
}) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const router = useRouter();
  const pathname = usePathname();
  // Kept in this browser's localStorage: unknown in the server's HTML.
  const lastVisit = useSyncExternalStore(
    subscribeToNothing,
    () => previousVisit(window.localStorage, props.slug),
    () => null,
  );
  const date = dateTimeFormat(i18n.language);

  function go(from: string, to: string, lang: string | undefined) {
    const params = new URLSearchParams({ from, to });
    if (lang) params.set("lang", lang);
    router.push(`${pathname}?${params}`);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const point = (name: string) => {
      const kind = String(form.get(`${name}Kind`));
      if (kind === "snapshot") return `snapshot:${String(form.get(`${name}Snapshot`))}`;
      if (kind === "time") return isoFromLocal(String(form.get(`${name}Time`))) ?? "now";
      return "now";
    };
    go(point("from"), point("to"), String(form.get("lang") ?? "") || undefined);
  }

  const defaultFrom = props.snapshots.length ? "snapshot" : "time";
  return (
    <section className="compare-picker">
      <form onSubmit={onSubmit} className="compare-form">
        <PointField
          name="from"
          legend={t("review.compare.from")}
          snapshots={props.snapshots}
          initial={readPoint(props.from, defaultFrom)}
        />
        <PointField name="to" legend={t("review.compare.to")} snapshots={props.snapshots} initial={readPoint(props.to, "now")} />
        <label>
          {t("review.queue.language")}{" "}
          <select name="lang" defaultValue={props.lang ?? ""}>
            <option value="">{t("review.queue.allLanguages")}</option>
            {props.languages.map((language) => (
              <option key={language.code} value={language.code}>
                {language.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!hydrated}>
          {t("review.compare.submit")}
        </button>
      </form>
      <p className="compare-last-visit">
        {lastVisit ? (
          <button type="button" className="link-button" onClick={() => go(lastVisit, "now", props.lang)}>
            {t("review.compare.sinceLastVisit", { time: date.format(new Date(lastVisit)) })}
          </button>
        ) : (
          <span className="editor-hint">{t("review.compare.noLastVisit")}</span>
        )}
      </p>
      {!props.from && <p className="editor-hint">{t("review.compare.choose")}</p>}
    </section>
  );
}
