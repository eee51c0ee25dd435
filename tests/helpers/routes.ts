// Calling API route handlers as Next.js would, for integration tests (which
// also need the `servingRoutes` fixture, so the handlers reach the file's database).
import { readdirSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import type { RouteHandler as AppRouteHandler } from "@/app/api/_lib/route";
import type { Permission } from "@/lib/auth/access";
import { signIn } from "@/lib/auth/sign-in";
import type { Db } from "@/lib/db/client";
import { TEST_PASSWORD } from "./auth";

/** The site the requests are addressed to; a cookie-authenticated write sends it as its Origin. */
export const SITE = "http://localhost:3000";

/** A handler made by route(), with the permission it declares. */
export type RouteHandler = AppRouteHandler & { permission?: Permission };

export interface RouteRequest {
  method?: string;
  /** Path and query string; handlers read only the query string. */
  path?: string;
  /** The URL's dynamic segments, as Next passes them. */
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** Sent as JSON (with its Content-Type), or as multipart when it is a FormData. */
  body?: unknown;
}

export function callRoute(handler: RouteHandler, request: RouteRequest = {}): Promise<Response> {
  const { method = "GET", path: where = "/", params = {}, headers = {}, body } = request;
  const multipart = body instanceof FormData;
  const sent = new NextRequest(`${SITE}${where}`, {
    method,
    headers: body === undefined || multipart ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
  });
  return handler(sent, { params: Promise.resolve(params) as Promise<never> });
}

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } };
}

/** callRoute for a JSON answer: its status and body. */
export async function callJson(handler: RouteHandler, request: RouteRequest = {}): Promise<JsonAnswer> {
  const response = await callRoute(handler, request);
  return { status: response.status, body: (await response.json()) as JsonAnswer["body"] };
}

/** Headers of a signed-in browser: a fresh session cookie of the person, and this site's Origin (which its writes need). */
export async function sessionHeaders(db: Db, handle: string): Promise<{ cookie: string; origin: string }> {
  const answer = await signIn(db, { login: handle, password: TEST_PASSWORD }, { headers: new Headers(), address: "192.0.2.200" });
  const cookie = answer.headers.getSetCookie().find((set) => set.startsWith("parallel.session_token="));
  if (!cookie) throw new Error(`Signing in as ${handle} set no session cookie`);
  return { cookie: cookie.split(";")[0]!, origin: SITE };
}

export interface RouteFile {
  /** Relative to the repository, e.g. `app/api/cells/[id]/route.ts`. */
  file: string;
  /** The URL path it serves, e.g. `/api/cells/[id]`. */
  route: string;
}

/**
 * Every route file under app/api, found on disk so that a new one is
 * included without anyone listing it; private folders (`_lib`) route nothing
 * and route groups (`(name)`) are not part of the URL, as Next.js has it.
 */
export function routeFiles(): RouteFile[] {
  return readdirSync("app/api", { recursive: true, encoding: "utf8" })
    .map((name) => ["app", "api", ...name.split(path.sep)])
    .filter((parts) => parts.at(-1) === "route.ts" && !parts.some((part) => part.startsWith("_")))
    .map((parts) => ({
      file: parts.join("/"),
      route: `/${parts
        .slice(1, -1)
        .filter((part) => !/^\(.*\)$/.test(part))
        .join("/")}`,
    }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** The HTTP handlers a route file exports. */
export async function routeHandlers(file: string): Promise<[method: string, handler: RouteHandler][]> {
  const exported = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
  return HTTP_METHODS.filter((method) => typeof exported[method] === "function").map((method) => [
    method,
    exported[method] as RouteHandler,
  ]);
}

/** Every endpoint under app/api: each HTTP handler each route file exports. */
export async function apiEndpoints(): Promise<Array<RouteFile & { method: string; handler: RouteHandler }>> {
  const endpoints = [];
  for (const routeFile of routeFiles()) {
    for (const [method, handler] of await routeHandlers(routeFile.file)) endpoints.push({ ...routeFile, method, handler });
  }
  return endpoints;
}

/** The handler a route file exports for `method`, e.g. routeHandler("app/api/cells/[id]/route.ts", "PUT"). */
export async function routeHandler(file: string, method: string): Promise<RouteHandler> {
  const found = (await routeHandlers(file)).find(([exported]) => exported === method);
  if (!found) throw new Error(`${file} exports no ${method}`);
  return found[1];
}
