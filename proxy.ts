import { NextResponse, type NextRequest } from "next/server";
import { isAllowedHost, MISDIRECTED_MESSAGE } from "./lib/auth/hosts";
import { isLocale, pickLocale } from "./lib/i18n";

const development = process.env.NODE_ENV === "development";

/**
 * The Content-Security-Policy of a page: scripts only from this origin and
 * with this response's nonce (Next adds it to its own scripts; React's
 * development build also needs eval), no framing, no plugins, no foreign
 * form targets. Inline style attributes stay allowed (the virtualized grid
 * positions rows with them); they cannot run code.
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Every page request passes here first (API requests do not: the route
 * wrapper, app/api/_lib/route.ts, makes the same Host check, and
 * next.config.ts gives their answers a policy that allows nothing; a proxy
 * pass cost an API request about a third of its time):
 * - a Host that is not this app's (DNS rebinding, an unconfigured public
 *   name) gets 421 and nothing else;
 * - every page carries a CSP with a fresh nonce;
 * - a page path without /en or /ru is sent to the reader's language.
 */
export function proxy(request: NextRequest) {
  if (!isAllowedHost(request.headers.get("host"))) {
    return new NextResponse(`${MISDIRECTED_MESSAGE}\n`, { status: 421, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const { pathname } = request.nextUrl;
  const nonce = btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);

  const [, first] = pathname.split("/");
  let response: NextResponse;
  if (isLocale(first)) {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const url = request.nextUrl.clone();
    url.pathname = `/${pickLocale(request.headers.get("accept-language"))}${pathname === "/" ? "" : pathname}`;
    response = NextResponse.redirect(url);
  }
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Static build files and API answers get their headers from next.config.ts; pages come through here.
  // The icon (app/icon.svg) is the same for every language: no redirect to /en/icon.svg, which does not exist.
  matcher: ["/((?!_next/static|_next/image|api/|icon\\.svg).*)"],
};
