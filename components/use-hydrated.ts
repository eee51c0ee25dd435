import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, then
 * true. Submit buttons of forms handled in JavaScript stay disabled until
 * then, so an early click cannot fall through to a plain form submission
 * (a GET that reloads the page and loses what was typed).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
