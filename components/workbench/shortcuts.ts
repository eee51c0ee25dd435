/** The history shortcut as aria-keyshortcuts spells it. */
export const HISTORY_SHORTCUT = "Alt+H";

/** Alt+H opens a cell's history, from the grid or from the editor. */
export function isHistoryShortcut(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
}): boolean {
  // The physical key, not the character: Alt+H types ˙ on a Mac, and H is Р on a Russian layout.
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === "KeyH";
}
