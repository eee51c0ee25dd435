"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { useViewer } from "@/components/auth/viewer";
import { useHydrated } from "@/components/use-hydrated";
import type { CellState } from "@/lib/cells/save-cell";
import { rowLocalChecks } from "@/lib/checks";
import type { LanguageVersion } from "@/lib/documents/queries";
import type { Comparison } from "@/lib/documents/compare";
import { COMPARE_FILTERS, ROW_FILTERS, SNAPSHOT_SINCE, type RowOrder } from "@/lib/documents/row-filters";
import type { EditorRow, RowsPage } from "@/lib/documents/rows";
import { SinceSnapshotSelect } from "../review/SinceSnapshotSelect";
import {
  ApiError,
  type CellPlace,
  fetchChanges,
  fetchDocument,
  fetchPresence,
  fetchRows,
  isUnreachable,
  type NextChange,
  runOperation,
} from "./api";
import { CellEditor, type Conflict, type EditorExit } from "./CellEditor";
import { DatabaseBanner } from "./DatabaseBanner";
import { useDatabaseUnreachable } from "./database-status";
import { CellHistory } from "./CellHistory";
import { ChangeLog } from "./ChangeLog";
import { describeChange, type Misplaced, misplacedMessage } from "./change-messages";
import { ConflictDialog } from "./ConflictDialog";
import { clearDraft, useDraftCellIds, writeDraft } from "./drafts";
import { CompareToolbar } from "./Comparison";
import { ColumnHeader, LanguagePicker } from "./LanguageColumns";
import { MisplacedDialog, type MisplacedText } from "./MisplacedDialog";
import type { EditRights } from "./rights";
import { useGlossary } from "@/components/glossary/GlossaryContext";
import { isCompared, RowView } from "./RowView";
import { isHistoryShortcut } from "./shortcuts";
import type { Dismissal, ShownCheck } from "@/lib/documents/checks";

export interface WorkbenchQuery {
  filter: (typeof ROW_FILTERS)[number];
  since?: string;
  q?: string;
  mode: "words" | "text";
  /** The reference column while comparing versions of a language (the rows API's diffAgainst); one of the shown columns. */
  diffAgainst?: string;
  /** For the differs filter: more than this many percent of words changed. */
  differsBy: number;
  order: RowOrder;
}

export interface WorkbenchProps {
  document: { id: number; slug: string; title: string };
  languages: LanguageVersion[];
  rowCount: number;
  shown: string[];
  query: WorkbenchQuery;
  initialPage: RowsPage;
  pageSize: number;
  /** 1-based row to scroll to on open (?row=N). */
  initialRow?: number;
  /** What the person looking may change; everything else is shown read-only. */
  rights: EditRights;
}

interface Position {
  index: number;
  code: string;
}

const PRESENCE_POLL_MS = 5_000;
/** A page showing checks behind loads again after 1 s, then 2, 4, 8, 8…, at most this many times. */
const CHECKS_BEHIND_RELOAD_MS = 1_000;
const CHECKS_BEHIND_RELOADS = 8;

/**
 * The main screen: a document's languages as columns, row by row,
 * virtualized so long documents stay fast, editable from the keyboard.
 * Filters, search and the column choice live in the URL; the server renders
 * the first page and the client fetches the others as they scroll into view.
 */
export function Workbench(props: WorkbenchProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const pathname = usePathname();
  const { slug } = props.document;
  const { rights } = props;
  const me = useViewer()?.handle;
  const glossary = useGlossary();
  const mayEdit = (code: string) => rights.cells.includes(code);
  const pageSize = props.pageSize;
  const [languages, setLanguages] = useState(props.languages);
  const [rowCount, setRowCount] = useState(props.rowCount);
  const [pages, setPages] = useState(() => new Map<number, EditorRow[]>([[0, props.initialPage.rows]]));
  const [total, setTotal] = useState(props.initialPage.total);
  const [matches, setMatches] = useState(props.initialPage.matches ?? []);
  const [comparison, setComparison] = useState<Comparison | undefined>(props.initialPage.comparison);
  // Opening with ?row=N, or with a search, starts at that row or at the first match.
  const [start] = useState<{ position: Position; match: number } | null>(() => {
    const atRow = props.initialRow && props.query.filter === "all" && props.query.order === "position";
    const index = atRow ? props.initialRow! - 1 : props.query.q ? props.initialPage.matches?.[0]?.index : undefined;
    if (index === undefined) return null;
    const position = { index: Math.max(0, Math.min(index, props.initialPage.total - 1)), code: props.shown[0]! };
    return { position, match: atRow ? -1 : 0 };
  });
  const [currentMatch, setCurrentMatch] = useState(start?.match ?? -1);
  const [focus, setFocus] = useState<Position | null>(start?.position ?? null);
  const [editing, setEditing] = useState<Position | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [historyOf, setHistoryOf] = useState<Position | null>(null);
  const [presence, setPresence] = useState(new Map<number, string[]>());
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** Counts structural changes, so the change log knows to reload. */
  const [changeCount, setChangeCount] = useState(0);
  /** What undo and redo would act on now: their buttons name it and send its id. */
  const [targets, setTargets] = useState<{ undo: NextChange | null; redo: NextChange | null }>({ undo: null, redo: null });
  /** A save refused because its row went away or its cell moved: what happened, and the text kept as a draft. */
  const [misplaced, setMisplaced] = useState<MisplacedText | null>(null);
  // Server-rendered rows are visible before React takes over; this marks when they respond.
  const hydrated = useHydrated();
  const drafts = useDraftCellIds();
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const list = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);

  const shownLanguages = props.shown.map((code) => languages.find((language) => language.code === code)!).filter(Boolean);
  const columns = `4.5rem repeat(${shownLanguages.length}, minmax(0, 1fr))`;

  // On a reload the browser restores the scroll position before hydration. The first render must still be the
  // server's (rows from the top: rows rendered for the restored position did not match it, React error #418), and
  // the virtualizer scrolls the window to that first render's offset when it mounts; so the position is noted
  // before it mounts (layout effects run in the order they are declared) and put back after.
  const restoredScroll = useRef(0);
  useLayoutEffect(() => {
    restoredScroll.current = window.scrollY;
    setScrollMargin(list.current?.offsetTop ?? 0);
  }, []);
  // initialRect lets the server render the first screenful of rows.
  const virtualizer = useWindowVirtualizer({
    count: total,
    estimateSize: () => 110,
    overscan: 6,
    scrollMargin,
    initialRect: { width: 1280, height: 1000 },
    initialOffset: 0,
  });
  useLayoutEffect(() => {
    if (restoredScroll.current) window.scrollTo({ top: restoredScroll.current });
  }, []);
  const items = virtualizer.getVirtualItems();

  const rowAt = useCallback((index: number) => pages.get(Math.floor(index / pageSize))?.[index % pageSize], [pages, pageSize]);

  const request = useCallback(
    (page: number) =>
      fetchRows(slug, {
        languages: props.shown,
        offset: page * pageSize,
        limit: pageSize,
        filter: props.query.filter,
        since: props.query.since,
        q: props.query.q,
        mode: props.query.mode,
        diffAgainst: props.query.diffAgainst,
        differsBy: props.query.differsBy,
        order: props.query.order,
      }),
    [slug, props.shown, pageSize, props.query],
  );

  const loadPage = useCallback(
    (page: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      const started = generation.current;
      void request(page)
        .then((result) => {
          if (started !== generation.current) return;
          setPages((current) => new Map(current).set(page, result.rows));
          setTotal(result.total);
          if (result.matches) setMatches(result.matches);
          setComparison(result.comparison);
        })
        .catch((caught: unknown) => {
          // The banner says the database is away; the page loads when it returns.
          if (!isUnreachable(caught)) setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) });
        })
        .finally(() => loading.current.delete(page));
    },
    [request],
  );

  // Pages showing checks behind (a long document just shifted or imported: the server is bringing them up to date) load
  // again by themselves, after 1 s, 2, 4, 8, 8…, at most CHECKS_BEHIND_RELOADS times in a row.
  const behindReloads = useRef(0);
  useEffect(() => {
    const behind = [...pages]
      .filter(([, rows]) => rows.some((row) => Object.values(row.cells).some((cell) => cell?.checksBehind)))
      .map(([page]) => page);
    if (!behind.length) {
      behindReloads.current = 0;
      return;
    }
    if (behindReloads.current >= CHECKS_BEHIND_RELOADS) return;
    const timer = setTimeout(
      () => {
        behindReloads.current++;
        for (const page of behind) loadPage(page);
      },
      CHECKS_BEHIND_RELOAD_MS * 2 ** Math.min(behindReloads.current, 3),
    );
    return () => clearTimeout(timer);
  }, [pages, loadPage]);

  // Load the pages the visible rows fall in (as a string, so the effect runs when the set changes, not on every render).
  // Pages that failed while the database was away load when it returns.
  const wantedPages = [...new Set(items.map((item) => Math.floor(item.index / pageSize)))].filter((page) => !pages.has(page)).join(",");
  const databaseUnreachable = useDatabaseUnreachable();
  useEffect(() => {
    if (databaseUnreachable) return;
    for (const page of wantedPages.split(",").filter(Boolean)) loadPage(Number(page));
  }, [wantedPages, loadPage, databaseUnreachable]);

  /** After a structural change: fetch every loaded page again, and the columns' progress. */
  const refresh = useCallback(async () => {
    generation.current++;
    loading.current.clear();
    const started = generation.current;
    const loaded = [...pages.keys()];
    const [results, overview] = await Promise.all([Promise.all(loaded.map((page) => request(page))), fetchDocument(slug)]);
    if (started !== generation.current) return;
    setPages(new Map(results.map((result, index) => [loaded[index]!, result.rows])));
    setTotal(results[0]?.total ?? 0);
    setMatches(results[0]?.matches ?? []);
    if (results[0]) setComparison(results[0].comparison);
    setLanguages(overview.languages);
    setRowCount(overview.rowCount);
  }, [pages, request, slug]);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const { presence: marks } = await fetchPresence(slug);
        if (stopped) return;
        const byCell = new Map<number, string[]>();
        for (const mark of marks) {
          if (mark.user.handle === me) continue;
          byCell.set(mark.cellId, [...(byCell.get(mark.cellId) ?? []), mark.user.name]);
        }
        setPresence(byCell);
      } catch {
        // Presence is a courtesy; a missed poll is retried by the next one.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), PRESENCE_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [slug, me]);

  // Others change the rows too: what undo would act on is asked for again after every change here and now and then.
  const loadTargets = useCallback(() => {
    void fetchChanges(slug, 1).then(
      ({ undo, redo }) => setTargets({ undo, redo }),
      () => undefined, // A courtesy like presence: the next load tries again, and the server checks the id anyway.
    );
  }, [slug]);
  useEffect(() => {
    if (!rights.rows) return;
    loadTargets();
    const timer = setInterval(loadTargets, PRESENCE_POLL_MS);
    return () => clearInterval(timer);
  }, [rights.rows, loadTargets, changeCount]);

  useEffect(() => {
    if (start) virtualizer.scrollToIndex(start.position.index, { align: "center" });
  }, [start, virtualizer]);

  // Keep keyboard focus on the focused cell as it scrolls into view, but never
  // take it from where the person put it outside the grid (the search box, a
  // dialog) unless they asked to go to a row.
  const focusRequested = useRef(false);
  useEffect(() => {
    if (!focus || editing) return;
    const element = document.querySelector<HTMLElement>(`[data-cell="${focus.index}:${focus.code}"]`);
    if (!element || document.activeElement === element) return;
    const active = document.activeElement;
    const inGrid = !active || active === document.body || (list.current?.contains(active) ?? false);
    if (!inGrid && !focusRequested.current) return;
    focusRequested.current = false;
    element.focus({ preventScroll: true });
  }, [focus, editing, items]);

  function jumpTo(index: number, code = props.shown[0]!) {
    const target = Math.max(0, Math.min(index, total - 1));
    virtualizer.scrollToIndex(target, { align: "center" });
    focusRequested.current = true;
    setFocus({ index: target, code });
  }

  function updateUrl(changes: Record<string, string | undefined>) {
    const params = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") params.delete(key);
      else params.set(key, value);
    }
    params.delete("row");
    router.replace(`${pathname}?${params.toString().replace(/%2C/gi, ",")}`);
  }

  /**
   * After a language was removed or got another tag: the columns the URL
   * names, when it names them, else every language, as the page works them
   * out afresh (it is keyed by its columns, so the screen starts anew).
   */
  function columnsChanged(shown: string[]) {
    if (new URLSearchParams(window.location.search).has("langs")) updateUrl({ langs: shown.join(",") });
    else router.refresh();
  }

  /** A saved cell's checks from its row (lib/checks); those that need the whole document come with the next load. */
  function checksAfterSave(row: EditorRow, code: string, text: string) {
    const original = languages.find((language) => language.isOriginal)?.code ?? "";
    const texts = Object.fromEntries(
      Object.entries(row.cells).map(([language, cell]) => [language, language === code ? text : cell?.text]),
    );
    return rowLocalChecks(texts, original, code, glossary?.index);
  }

  function updateCell(index: number, code: string, state: CellState) {
    const page = Math.floor(index / pageSize);
    setPages((current) => {
      const rows = current.get(page);
      if (!rows) return current;
      const next = rows.map((row, at) =>
        at === index % pageSize
          ? {
              ...row,
              cells: {
                ...row.cells,
                // A new text brings back every check that still fails, dismissed or not; the same text keeps its checks.
                [code]:
                  state.text === row.cells[code]!.text
                    ? { ...row.cells[code]!, ...state }
                    : {
                        ...row.cells[code]!,
                        ...state,
                        highlights: undefined,
                        checks: checksAfterSave(row, code, state.text),
                        dismissedChecks: [],
                      },
              },
            }
          : row,
      );
      return new Map(current).set(page, next);
    });
  }

  /** A check someone dismissed: it moves to the cell's dismissed checks, with who and why. */
  function checkDismissed(index: number, code: string, kind: ShownCheck["kind"], dismissal: Dismissal) {
    const page = Math.floor(index / pageSize);
    setPages((current) => {
      const rows = current.get(page);
      if (!rows) return current;
      const next = rows.map((row, at) => {
        const cell = row.cells[code];
        if (at !== index % pageSize || !cell) return row;
        const dismissed = cell.checks.filter((check) => check.kind === kind).map((check) => ({ ...check, dismissal }));
        const checks = cell.checks.filter((check) => check.kind !== kind);
        return {
          ...row,
          cells: { ...row.cells, [code]: { ...cell, checks, dismissedChecks: [...(cell.dismissedChecks ?? []), ...dismissed] } },
        };
      });
      return new Map(current).set(page, next);
    });
  }

  async function operate(operation: Record<string, unknown>, after?: Position) {
    setBusy(true);
    setMessage(null);
    // What undo would act on changes with this operation: no button names a change until it is asked for again.
    setTargets({ undo: null, redo: null });
    try {
      const { result } = (await runOperation(slug, operation)) as { result: { operation?: string } };
      setChangeCount((count) => count + 1);
      // Undoing or redoing a language's removal or tag change changes the columns (the ones shown may be gone): the page
      // works them out afresh from the URL.
      if (result.operation?.startsWith("language_")) return router.refresh();
      await refresh();
      if (after) setFocus(after);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "undo_target_changed") {
        // Someone else changed the rows or undid first: show the rows as they are and what the button would do now.
        const next = (caught.details as { next: NextChange | null }).next;
        const op = operation.op === "redo" ? "redo" : "undo";
        setChangeCount((count) => count + 1);
        await refresh();
        setMessage({
          kind: "error",
          text: next
            ? t(op === "undo" ? "undo.undoChanged" : "undo.redoChanged", { change: describe(next) })
            : t(op === "undo" ? "undo.nothingToUndo" : "undo.nothingToRedo"),
        });
      } else setMessage({ kind: "error", text: caught instanceof Error ? caught.message : String(caught) });
    } finally {
      setBusy(false);
      loadTargets();
    }
  }

  const labelOf = (code: string) => languages.find((language) => language.code === code)?.label ?? code;

  const describe = (change: NextChange) =>
    describeChange(t, change, me, (code) => languages.find((language) => language.code === code)?.label ?? code);

  /** Undo or redo the change the button names (nothing when it names none). */
  function undoOrRedo(op: "undo" | "redo") {
    const target = targets[op];
    if (target) void operate({ op, changeId: target.id });
  }

  /** Where a cell is shown: its row, and for a translation the original's head in that row (when the original is shown). */
  function placeOf(row: EditorRow, code: string): CellPlace {
    const original = languages.find((language) => language.isOriginal);
    const source = original && original.code !== code ? row.cells[original.code] : undefined;
    return source === undefined ? { segmentId: row.id } : { segmentId: row.id, sourceRevisionId: source?.headRevisionId ?? null };
  }

  function onMisplaced(row: EditorRow, lang: string, cellId: number, found: Misplaced, text: string) {
    setEditing(null);
    setMisplaced({ cellId, lang, text, message: misplacedMessage(t, found, row.number), rowNumber: found.details.rowNumber });
    setChangeCount((count) => count + 1);
    void refresh();
  }

  function move(from: Position, exit: EditorExit): Position {
    const column = props.shown.indexOf(from.code);
    switch (exit) {
      case "next-language":
        return column < props.shown.length - 1
          ? { index: from.index, code: props.shown[column + 1]! }
          : { index: Math.min(from.index + 1, total - 1), code: props.shown[0]! };
      case "previous-language":
        return column > 0
          ? { index: from.index, code: props.shown[column - 1]! }
          : { index: Math.max(from.index - 1, 0), code: props.shown.at(-1)! };
      case "next-row":
        return { index: Math.min(from.index + 1, total - 1), code: from.code };
      case "previous-row":
        return { index: Math.max(from.index - 1, 0), code: from.code };
      case "stay":
        return from;
    }
  }

  function onGridKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (editing || conflict) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === "z" && rights.rows) {
      event.preventDefault();
      undoOrRedo(event.shiftKey ? "redo" : "undo");
      return;
    }
    if (!focus) return;
    if (isHistoryShortcut(event)) {
      event.preventDefault();
      if (rowAt(focus.index)?.cells[focus.code]) setHistoryOf(focus);
      return;
    }
    const exits: Record<string, EditorExit> = {
      ArrowDown: "next-row",
      ArrowUp: "previous-row",
      ArrowRight: "next-language",
      ArrowLeft: "previous-language",
      Tab: event.shiftKey ? "previous-language" : "next-language",
    };
    if (event.key === "Enter") {
      event.preventDefault();
      if (rowAt(focus.index)?.cells[focus.code] && mayEdit(focus.code)) setEditing(focus);
    } else if (exits[event.key]) {
      const next = move(focus, exits[event.key]!);
      if (event.key === "Tab" && next.index === focus.index && next.code === focus.code) return;
      event.preventDefault();
      virtualizer.scrollToIndex(next.index);
      setFocus(next);
    }
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    updateUrl({ q: String(form.get("q")).trim(), mode: String(form.get("mode")) === "text" ? "text" : undefined });
  }

  function goToMatch(step: 1 | -1) {
    if (!matches.length) return;
    const next = (currentMatch + step + matches.length) % matches.length;
    setCurrentMatch(next);
    jumpTo(matches[next]!.index);
  }

  function onJump(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = Number(new FormData(event.currentTarget).get("row"));
    if (Number.isInteger(target) && target >= 1) goToRow(target);
  }

  /** Row `target` (1-based) of the whole document: leaves a filter, which may not show it, and an order other than the document's. */
  function goToRow(target: number) {
    if (props.query.filter !== "all" || props.query.order !== "position") {
      const params = new URLSearchParams(window.location.search);
      params.delete("filter");
      params.delete("since");
      params.delete("order");
      params.set("row", String(target));
      router.replace(`${pathname}?${params.toString().replace(/%2C/gi, ",")}`);
    } else jumpTo(target - 1);
  }

  const editingRow = editing ? rowAt(editing.index) : undefined;
  const editingCell = editing ? editingRow?.cells[editing.code] : undefined;
  const historyCell = historyOf ? rowAt(historyOf.index)?.cells[historyOf.code] : undefined;

  return (
    <section className="workbench">
      <div className="workbench-toolbar">
        <LanguagePicker
          slug={slug}
          languages={languages}
          shown={props.shown}
          mayAdd={rights.languages}
          onChange={(codes) => updateUrl({ langs: codes.join(",") })}
          onLanguagesChanged={(added) => {
            void fetchDocument(slug).then((overview) => setLanguages(overview.languages));
            if (added) updateUrl({ langs: [...props.shown, added].join(",") });
            else router.refresh();
          }}
        />
        <div className="toolbar-row">
          <label>
            {t("toolbar.filter")}{" "}
            <select
              value={props.query.filter}
              onChange={(event) => updateUrl({ filter: event.target.value === "all" ? undefined : event.target.value })}
            >
              {ROW_FILTERS.filter((filter) => props.query.diffAgainst || !COMPARE_FILTERS.includes(filter)).map((filter) => (
                <option key={filter} value={filter}>
                  {t(`filters.${filter}`)}
                </option>
              ))}
            </select>
          </label>
          {props.query.filter === "changed" && !SNAPSHOT_SINCE.test(props.query.since ?? "") && (
            <label>
              {t("toolbar.since")}{" "}
              <input
                type="datetime-local"
                defaultValue={props.query.since?.slice(0, 16)}
                onChange={(event) => event.target.value && updateUrl({ since: new Date(event.target.value).toISOString() })}
              />
            </label>
          )}
          {props.query.filter === "changed" && (
            <SinceSnapshotSelect slug={slug} since={props.query.since} onChange={(since) => updateUrl({ since })} />
          )}
          <form role="search" className="search" onSubmit={onSearch}>
            <input
              type="search"
              name="q"
              defaultValue={props.query.q}
              placeholder={t("toolbar.searchPlaceholder")}
              aria-label={t("toolbar.search")}
            />
            <select name="mode" defaultValue={props.query.mode} aria-label={t("toolbar.searchMode")}>
              <option value="words">{t("toolbar.modeWords")}</option>
              <option value="text">{t("toolbar.modeText")}</option>
            </select>
            <button type="submit">{t("toolbar.search")}</button>
          </form>
          {props.query.q && (
            <span className="match-nav">
              <span role="status">
                {matches.length
                  ? t("toolbar.matchPosition", { current: currentMatch + 1 || "–", count: matches.length })
                  : t("toolbar.noMatches")}
              </span>
              <button type="button" onClick={() => goToMatch(-1)} disabled={!matches.length} aria-label={t("toolbar.previousMatch")}>
                ↑
              </button>
              <button type="button" onClick={() => goToMatch(1)} disabled={!matches.length} aria-label={t("toolbar.nextMatch")}>
                ↓
              </button>
            </span>
          )}
          <form className="jump" onSubmit={onJump}>
            <label>
              {t("toolbar.jump")} <input type="number" name="row" min={1} max={rowCount} size={5} />
            </label>
          </form>
          {rights.rows && (
            <>
              <span className="editor-spacer" />
              <button type="button" onClick={() => undoOrRedo("undo")} disabled={busy || !targets.undo}>
                {targets.undo ? t("undo.button", { change: describe(targets.undo) }) : t("toolbar.undo")}
              </button>
              <button type="button" onClick={() => undoOrRedo("redo")} disabled={busy || !targets.redo}>
                {targets.redo ? t("undo.redoButton", { change: describe(targets.redo) }) : t("toolbar.redo")}
              </button>
            </>
          )}
        </div>
        <CompareToolbar
          slug={slug}
          languages={languages}
          shown={props.shown}
          reference={props.query.diffAgainst}
          differsBy={props.query.differsBy}
          filtering={props.query.filter === "differs"}
          order={props.query.order}
          comparison={comparison}
          onChange={updateUrl}
        />
        <ChangeLog
          slug={slug}
          version={changeCount}
          onRestore={rights.rows ? (segmentId) => void operate({ op: "restore", segmentId }) : undefined}
          onUndo={rights.rows ? (changeId) => void operate({ op: "undo", changeId }) : undefined}
        />
        <p className="row-summary">
          {props.query.filter === "all" ? t("toolbar.rows", { count: rowCount }) : t("toolbar.filtered", { shown: total, total: rowCount })}
        </p>
        <DatabaseBanner probe={() => fetchPresence(slug)} />
        {message && (
          <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "editor-error" : "notice"}>
            {message.text}
          </p>
        )}
      </div>

      {/* One grid: the header row (sticky within it), then the rows. */}
      <div
        role="grid"
        data-ready={hydrated || undefined}
        aria-label={props.document.title}
        aria-rowcount={total + 1}
        aria-colcount={shownLanguages.length + 1}
      >
        <div className="parallel-head" style={{ gridTemplateColumns: columns }} role="row" aria-rowindex={1}>
          <div role="columnheader" className="row-number">
            {t("document.rowNumber")}
          </div>
          {shownLanguages.map((language) => (
            <ColumnHeader
              key={language.code}
              slug={slug}
              language={language}
              total={rowCount}
              mayEdit={rights.languages}
              onChanged={() => void refresh()}
              onRenamed={(previous, code) => columnsChanged(props.shown.map((shown) => (shown === previous ? code : shown)))}
              onRemoved={(removed) => columnsChanged(props.shown.filter((shown) => shown !== removed.code))}
            />
          ))}
        </div>

        <div ref={list} role="rowgroup" className="parallel-body" onKeyDown={onGridKeyDown} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={row ? `row-${row.id}` : `pending-${item.index}`}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="virtual-row"
                style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
              >
                {row ? (
                  <RowView
                    row={row}
                    index={item.index}
                    columns={columns}
                    languages={shownLanguages}
                    focus={focus}
                    editingCode={editing?.index === item.index ? editing.code : null}
                    presence={presence}
                    drafts={drafts}
                    editable={rights.cells}
                    rowActions={rights.rows}
                    busy={busy}
                    isLast={row.number === rowCount}
                    onFocusCell={(code) => setFocus({ index: item.index, code })}
                    onEditCell={(code) => {
                      setFocus({ index: item.index, code });
                      setEditing({ index: item.index, code });
                    }}
                    onOperation={(operation) => void operate({ ...operation, segmentId: row.id })}
                    onShowHistory={(code) => setHistoryOf({ index: item.index, code })}
                    onCheckDismissed={(code, kind, dismissal) => checkDismissed(item.index, code, kind, dismissal)}
                    reference={props.query.diffAgainst}
                    renderEditor={(code) =>
                      editing && editingCell && editingRow?.id === row.id ? (
                        <CellEditor
                          key={editingCell.id}
                          cell={editingCell}
                          lang={code}
                          place={placeOf(row, code)}
                          rowNumber={row.number}
                          onMisplaced={(found, text) => onMisplaced(row, code, editingCell.id, found, text)}
                          maySplitOthers={rights.rows}
                          onSaved={(result) => {
                            updateCell(editing.index, code, result.cell);
                            // Progress per column changes when a cell fills or empties.
                            if (result.revision) void fetchDocument(slug).then((overview) => setLanguages(overview.languages));
                            // A new original text marks the row's translations stale on the server: show it.
                            // So do the comparison's summary and scores when a compared or the reference column changes.
                            if (
                              result.revision &&
                              (languages.find((language) => language.code === code)?.isOriginal ||
                                code === props.query.diffAgainst ||
                                isCompared(code, props.query.diffAgainst))
                            )
                              void loadPage(Math.floor(editing.index / pageSize));
                          }}
                          onClose={(exit) => {
                            const next = move(editing, exit);
                            setEditing(null);
                            setFocus(next);
                            if (exit !== "stay") virtualizer.scrollToIndex(next.index);
                          }}
                          onConflict={(found) => {
                            setEditing(null);
                            setConflict(found);
                          }}
                          onSplit={(offset, splitOthers) => {
                            setEditing(null);
                            void operate(
                              { op: "split", segmentId: row.id, languageCode: code, offset, splitOthers },
                              { index: item.index + 1, code },
                            );
                          }}
                          onShowHistory={() => {
                            setEditing(null);
                            setHistoryOf(editing);
                          }}
                          onCellChanged={(state) => updateCell(editing.index, code, state)}
                          compareWith={
                            isCompared(code, props.query.diffAgainst)
                              ? {
                                  text: row.cells[props.query.diffAgainst]?.text ?? "",
                                  referenceLabel: labelOf(props.query.diffAgainst),
                                  label: labelOf(code),
                                }
                              : undefined
                          }
                          onShift={(direction) => {
                            setEditing(null);
                            void operate(
                              { op: "shift", segmentId: row.id, languageCode: code, direction },
                              { index: item.index + (direction === "down" ? 1 : -1), code },
                            );
                          }}
                        />
                      ) : null
                    }
                  />
                ) : (
                  <div role="row" className="row-loading" style={{ height: 110 }} aria-busy="true">
                    <div role="gridcell">{t("document.loading")}</div>
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>

      {historyOf && historyCell && (
        <CellHistory
          key={historyCell.id}
          cell={historyCell}
          lang={historyOf.code}
          place={placeOf(rowAt(historyOf.index)!, historyOf.code)}
          rowNumber={rowAt(historyOf.index)!.number}
          mayRevert={mayEdit(historyOf.code)}
          title={t("row.cellLabel", {
            number: rowAt(historyOf.index)!.number,
            language: languages.find((language) => language.code === historyOf.code)?.label ?? historyOf.code,
          })}
          onClose={() => {
            setHistoryOf(null);
            setFocus({ ...historyOf });
          }}
          onCellChanged={(state) => updateCell(historyOf.index, historyOf.code, state)}
        />
      )}

      {misplaced && (
        <MisplacedDialog
          misplaced={misplaced}
          onGoToRow={(rowNumber) => {
            setMisplaced(null);
            goToRow(rowNumber);
          }}
          onDiscard={() => {
            clearDraft(misplaced.cellId);
            setMisplaced(null);
          }}
          onClose={() => setMisplaced(null)}
        />
      )}

      {conflict && (
        <ConflictDialog
          conflict={conflict}
          onResolved={(result) => {
            const at = findRow(pages, pageSize, (row) => row.cells[conflict.lang]?.id === conflict.cellId);
            if (at !== undefined) updateCell(at, conflict.lang, result.cell);
            setConflict(null);
          }}
          onConflictAgain={setConflict}
          onEditAgain={(text, head) => {
            writeDraft(conflict.cellId, { text, baseRevisionId: head.headRevisionId, baseText: head.text });
            const at = findRow(pages, pageSize, (row) => row.cells[conflict.lang]?.id === conflict.cellId);
            setConflict(null);
            if (at !== undefined) {
              updateCell(at, conflict.lang, head);
              setEditing({ index: at, code: conflict.lang });
            }
          }}
        />
      )}
    </section>
  );
}

function findRow(pages: Map<number, EditorRow[]>, pageSize: number, test: (row: EditorRow) => boolean): number | undefined {
  for (const [page, rows] of pages) {
    const at = rows.findIndex(test);
    if (at !== -1) return page * pageSize + at;
  }
  return undefined;
}
