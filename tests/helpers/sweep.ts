// What the sweeps of the API routes (bad-input-sweep, json-routes-random)
// share: a served speech with an admin's token, a valid value for every URL
// segment, and a way to send one request to a handler as Next.js would.
import { NextRequest } from "next/server";
import { expect } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { addPerson, tokenHeaders } from "./auth";
import { servingRoutes, speechTest } from "./fixtures";
import { callRoute, type RouteHandler, SITE } from "./routes";

/** A handler made by route(); `takesJson` when it reads a JSON body. */
export type SweptHandler = RouteHandler & { takesJson?: boolean };

export interface World {
  headers: Record<string, string>;
  /** A valid value for each dynamic segment of a URL. */
  params: Record<string, string>;
}

/** The speech, served to route handlers, with an admin ("sweeper") signed in by token and a viewer ("target") to act on. */
export const sweepTest = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("world", { scope: "file" }, async ({ db }) => {
    const admin = await addPerson(db, "sweeper", "admin");
    await addPerson(db, "target", "viewer");
    const headers = await tokenHeaders(db, admin);
    const cell = await db.cell.findFirstOrThrow({ where: { headRevisionId: { not: null } }, orderBy: { id: "asc" } });
    const token = await db.apiToken.findFirstOrThrow({ where: { userId: admin.id } });
    return {
      headers,
      params: { id: String(cell.id), slug: SPEECH_SLUG, code: "en", handle: "target", tokenId: String(token.id) },
    } satisfies World;
  });

/** The URL of a route file with its segments filled in. */
export function urlOf(route: string, params: Record<string, string>): string {
  // A lone surrogate cannot be percent-encoded; the handler reads the segment from `params` anyway.
  const inUrl = (value: string) => (/[\ud800-\udfff]/.test(value) ? "%ED%A0%80" : encodeURIComponent(value));
  return route.replace(/\[(\w+)\]/g, (_, name: string) => inUrl(params[name]!));
}

/** The segments a route's URL has, with valid values (a token's id for /api/me/tokens/[id]). */
export function paramsOf(route: string, world: World): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of route.matchAll(/\[(\w+)\]/g)) {
    params[name!] = route.startsWith("/api/me/tokens/") ? world.params.tokenId! : world.params[name!]!;
  }
  return params;
}

export interface Attempt {
  what: string;
  method: string;
  path: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

/** Sends one attempt to a handler: its status, and its body as JSON where it is JSON. */
export async function requestOf(handler: RouteHandler, attempt: Attempt): Promise<{ status: number; body: unknown }> {
  const request = new NextRequest(`${SITE}${attempt.path}`, {
    method: attempt.method,
    headers: attempt.headers,
    body: attempt.body,
  });
  const answer = await handler(request, { params: Promise.resolve(attempt.params) as Promise<never> });
  const text = await answer.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A CSV or plain-text answer (an export): judged by its status alone.
  }
  return { status: answer.status, body };
}

/** Names fields of the API's bodies go by: each bad body sets all of them to one wrong value. */
export const FIELDS = [
  "text",
  "baseRevisionId",
  "segmentId",
  "sourceRevisionId",
  "status",
  "kind",
  "toRevisionId",
  "title",
  "slug",
  "code",
  "label",
  "name",
  "handle",
  "role",
  "login",
  "password",
  "token",
  "languages",
  "decisions",
  "cellIds",
  "revisionIds",
  "operation",
  "type",
  "position",
  "offset",
  "direction",
  "public",
  "limits",
  "translations",
  "forbidden",
  "note",
];

/**
 * The longest a read may wait while bad or hostile input is being handled:
 * issue #12's bound for any input (2 s). Stalls it guards against were many
 * seconds (a 15,000-language CSV held every request 7.7 s); the margin is
 * for a shared 2-core machine, where a read that takes 0.3 s alone took
 * 1.1 s while CI ran two test files at once.
 */
export const READ_WAIT_LIMIT_MS = 2000;

/**
 * Runs `work` while reading GET /api/me over and over, one read at a time,
 * from the moment the work starts until it ends: the slowest read's time.
 */
export async function whileReading<T>(headers: Record<string, string>, work: () => Promise<T>): Promise<{ outcome: T; slowest: number }> {
  let done = false;
  const durations: number[] = [];
  const working = work().finally(() => (done = true));
  const reading = (async () => {
    do {
      const started = performance.now();
      const response = await callRoute(me, { headers });
      await response.text();
      durations.push(performance.now() - started);
      expect(response.status).toBe(200);
    } while (!done);
  })();
  const [outcome] = await Promise.all([working, reading]);
  return { outcome, slowest: Math.max(...durations) };
}
