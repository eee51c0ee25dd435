import { useSyncExternalStore } from "react";

/**
 * Unsaved text survives a reload: while someone types, the text is kept in
 * localStorage with the revision it was based on, until it is saved or
 * discarded.
 */
export interface Draft {
  text: string;
  baseRevisionId: number | null;
  /** The stored text the draft started from, for diffs and merges. */
  baseText: string;
}

const PREFIX = "parallel:draft:";

export function readDraft(cellId: number): Draft | null {
  try {
    const raw = window.localStorage.getItem(PREFIX + cellId);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function writeDraft(cellId: number, draft: Draft): void {
  try {
    window.localStorage.setItem(PREFIX + cellId, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the editor still works, only reload-survival is lost.
  }
  draftsMayHaveChanged();
}

export function clearDraft(cellId: number): void {
  window.localStorage.removeItem(PREFIX + cellId);
  draftsMayHaveChanged();
}

/** Ids of the cells that have a draft in this browser. */
function readDraftCellIds(): Set<number> {
  const ids = new Set<number>();
  for (let index = 0; index < window.localStorage.length; index++) {
    const key = window.localStorage.key(index);
    if (key?.startsWith(PREFIX)) ids.add(Number(key.slice(PREFIX.length)));
  }
  return ids;
}

// The set of cells with drafts, as an external store for useSyncExternalStore:
// one Set object until the ids change (a keystroke rewrites a draft, not the set).
let draftIds: Set<number> | null = null;
const listeners = new Set<() => void>();
const NO_DRAFTS = new Set<number>();

function draftsMayHaveChanged() {
  const next = readDraftCellIds();
  if (draftIds && next.size === draftIds.size && [...next].every((id) => draftIds!.has(id))) return;
  draftIds = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of this browser saved or discarded a draft (adding the same listener twice adds it once).
  window.addEventListener("storage", draftsMayHaveChanged);
  return () => {
    listeners.delete(listener);
    if (!listeners.size) window.removeEventListener("storage", draftsMayHaveChanged);
  };
}

/** The cells that have a draft in this browser (none in the server's HTML), kept current. */
export function useDraftCellIds(): Set<number> {
  return useSyncExternalStore(
    subscribe,
    () => (draftIds ??= readDraftCellIds()),
    () => NO_DRAFTS,
  );
}
