import { useSyncExternalStore } from "react";

/**
 * Whether the last answer said the database (or the server) cannot be
 * reached, as an external store: the workbench shows a banner meanwhile, and
 * an editor whose save was refused for it saves again when an answer says
 * otherwise. Every API call reports here (requestJson), and the workbench's
 * presence poll keeps asking, so the store notices when the database returns.
 */
let unreachable = false;
const listeners = new Set<() => void>();

export function reportReachable(reachable: boolean): void {
  if (unreachable === !reachable) return;
  unreachable = !reachable;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function useDatabaseUnreachable(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => unreachable,
    () => false,
  );
}

/**
 * Calls `callback` once when an answer says the database is reachable (soon,
 * when the last one already did); gives the function that cancels it.
 */
export function whenReachable(callback: () => void): () => void {
  let done = false;
  const listener = () => {
    if (unreachable || done) return;
    done = true;
    listeners.delete(listener);
    callback();
  };
  listeners.add(listener);
  if (!unreachable) queueMicrotask(listener);
  return () => {
    done = true;
    listeners.delete(listener);
  };
}
