import { NextResponse, type NextRequest } from "next/server";
import { isLocale, pickLocale } from "./lib/i18n";
import { USER_COOKIE } from "./lib/users";

/**
 * Every page lives under /en or /ru; a path without one is sent to the
 * reader's language. A first visit also gets a guest handle, which names
 * the author of what this browser saves (there are no accounts yet).
 */
export function proxy(request: NextRequest) {
  const [, first] = request.nextUrl.pathname.split("/");
  let response: NextResponse;
  if (isLocale(first)) {
    response = NextResponse.next();
  } else {
    const url = request.nextUrl.clone();
    url.pathname = `/${pickLocale(request.headers.get("accept-language"))}${request.nextUrl.pathname === "/" ? "" : request.nextUrl.pathname}`;
    response = NextResponse.redirect(url);
  }
  if (!request.cookies.has(USER_COOKIE)) {
    const handle = `guest-${crypto.randomUUID().slice(0, 8)}`;
    response.cookies.set(USER_COOKIE, handle, { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
  }
  return response;
}

export const config = {
  matcher: ["/((?!api|_next|favicon.ico|.*\\..*).*)"],
};
