import { useSyncExternalStore } from "react";

/** For useSyncExternalStore over a value that never announces changes (read again on each render). */
export const subscribeToNothing = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, then
 * true. Submit buttons of forms handled in JavaScript stay disabled until
 * then, so an early click cannot fall through to a plain form submission
 * (a GET that reloads the page and loses what was typed).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
