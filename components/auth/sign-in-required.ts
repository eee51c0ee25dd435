const EVENT = "parallel:sign-in-required";

/**
 * Tells the page that the server answered 401 (nobody signed in, or the
 * sign-in ended): SignInNotice then offers to sign in, whichever screen
 * asked.
 */
export function announceSignInRequired() {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `listener` on each announcement; returns how to stop. */
export function onSignInRequired(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
