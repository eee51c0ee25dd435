import { NextResponse, type NextRequest } from "next/server";
import { isLocale, pickLocale } from "./lib/i18n";

/** Every page lives under /en or /ru; a path without one is sent to the reader's language. */
export function proxy(request: NextRequest) {
  const [, first] = request.nextUrl.pathname.split("/");
  if (isLocale(first)) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = `/${pickLocale(request.headers.get("accept-language"))}${request.nextUrl.pathname === "/" ? "" : request.nextUrl.pathname}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!api|_next|favicon.ico|.*\\..*).*)"],
};
