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
}

export function clearDraft(cellId: number): void {
  window.localStorage.removeItem(PREFIX + cellId);
}

/** Ids of the cells that have a draft in this browser. */
export function draftCellIds(): Set<number> {
  const ids = new Set<number>();
  for (let index = 0; index < window.localStorage.length; index++) {
    const key = window.localStorage.key(index);
    if (key?.startsWith(PREFIX)) ids.add(Number(key.slice(PREFIX.length)));
  }
  return ids;
}
