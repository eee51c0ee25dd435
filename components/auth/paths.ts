import type { Locale } from "@/lib/i18n";

// A base that no real address has: a path resolved against it that leaves it named another site.
const SAME_SITE = "http://parallel.invalid";

/**
 * Where to go after signing in: `next` when it is a path on this site
 * (`/en/documents/x?row=3`), else `fallback`. An absolute URL, a
 * protocol-relative `//host` or a backslash trick (`/\host`) would send the
 * person to another site with a page that looks like ours (an open redirect).
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith("/") || next.includes("\\")) return fallback;
  const url = new URL(next, SAME_SITE);
  if (url.origin !== SAME_SITE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, coming back to `path` (this site's) afterwards. */
export const signInHref = (locale: Locale | string, path: string) => `/${locale}/sign-in?next=${encodeURIComponent(path)}`;

/**
 * Goes to `path` (this site's) with a full page load rather than Next's
 * client navigation: after signing in or out, nothing the client router
 * cached for the previous person (a private page, their name in the header)
 * may show again.
 */
export function loadAfresh(path: string) {
  window.location.assign(path);
}
