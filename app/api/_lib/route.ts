import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { authorize, cellScope, documentScope, type Permission, type Scope } from "@/lib/auth/access";
import { actorFrom, type Actor } from "@/lib/auth/actor";
import { isAllowedHost, MISDIRECTED_MESSAGE, publicOrigin } from "@/lib/auth/hosts";
import { getAppDb } from "@/lib/db/app-db";
import type { Db } from "@/lib/db/client";
import { databaseError } from "@/lib/db/errors";
import { AppError, isAppError } from "@/lib/errors";
import { lastForwardedAddress } from "@/lib/http/headers";
import { MAX_JSON_BODY_BYTES, readBodyWithin } from "@/lib/limits";
import { Id } from "@/lib/schemas";
import { parseInput } from "@/lib/validation";

/** The JSON shape of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Answers shorter than this are sent as they are: the threshold of Next.js's own compression. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer, compressed only when it is long. Next.js gzips every answer
 * whose length it does not know (its compression's 1 KB threshold reads
 * Content-Length, which it strips from a route's answer), and setting up gzip
 * for a save's few hundred bytes cost more than the save's own work; a short
 * answer says `no-transform`, which that compression honours. Pages of rows
 * and histories are still compressed.
 */
export function jsonResponse<Body>(body: Body, init?: ResponseInit): NextResponse<Body> {
  const text = JSON.stringify(body);
  const headers = new Headers(init?.headers);
  headers.set("content-type", "application/json");
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES) headers.append("cache-control", "no-transform");
  return new NextResponse(text, { ...init, headers }) as NextResponse<Body>;
}

export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  const known = isAppError(error) ? error : databaseError(error);
  if (known) {
    // Too many requests (429) and a database away (503) say when to try again.
    const headers = known.status === 429 || known.status === 503 ? retryAfter(known.details) : undefined;
    return jsonResponse<ErrorBody>(
      { error: { code: known.code, message: known.message, details: known.details } },
      { status: known.status, headers },
    );
  }
  // Internal details (stack, SQL, paths) stay in the server log, never in the answer.
  console.error(error);
  return jsonResponse<ErrorBody>({ error: { code: "internal", message: "The server failed to handle this request" } }, { status: 500 });
}

function retryAfter(details: unknown): Record<string, string> | undefined {
  const seconds = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  return seconds ? { "retry-after": String(seconds) } : undefined;
}

/** A handler made by route(), whatever its URL parameters (each route parses its own, with its zod schema). */
export type RouteHandler = (request: NextRequest, context: { params: Promise<never> }) => Promise<Response>;

/** What a handler is given: the request, its parsed input, who asks and in which document. */
export interface RouteContext<Params, Body, Query> {
  request: NextRequest;
  params: Params;
  body: Body;
  query: Query;
  /** The person asking; null for anonymous readers of public documents and for `anyone` routes. */
  actor: Actor | null;
  /** The document (and language) named in the URL, when the route declares a scope. */
  scope: Scope | undefined;
  db: Db;
}

/** The signed-in actor of a route whose permission requires one. */
export function signedIn(actor: Actor | null): Actor {
  if (!actor) throw new AppError("sign_in_required", "Sign in to do this", { status: 401 });
  return actor;
}

export interface RouteOptions<Params, Body, Query> {
  /** Who may call it (lib/auth/access.ts). Every route declares one; a test checks. */
  permission: Permission;
  /** The URL's dynamic segments, for routes without a scope to type them (e.g. `z.object({ id: z.string() })`). */
  params?: z.ZodType<Params>;
  /** The document the URL names (404 when there is none): public reading and language limits are decided on it. */
  scope?: (params: Params, db: Db) => Promise<Scope>;
  /** The JSON body's contract; a route with a body refuses any other Content-Type (415). */
  body?: z.ZodType<Body>;
  /** The query string's contract (each parameter once, as a string). */
  query?: z.ZodType<Query>;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Every route handler goes through here: it refuses another Host (421, as
 * proxy.ts does for pages), decides who asks (session cookie or API token), refuses cross-site
 * writes (a cookie-authenticated write needs this site's Origin), parses
 * the declared input, authorises, and maps errors to answers in one place:
 * AppError by its status, zod 400, Prisma P2002 409 and P2025 404, an
 * unreachable database 503, anything else 500 without internals.
 */
export function route<Params = Record<string, string>, Body = undefined, Query = undefined>(
  options: RouteOptions<Params, Body, Query>,
  handler: (context: RouteContext<Params, Body, Query>) => Promise<unknown>,
) {
  const wrapped = async (request: NextRequest, context: { params: Promise<Params> }) => {
    try {
      // proxy.ts checks the Host of pages; API requests skip it (see there), so here. (A request made in
      // a test may have no Host header; its URL's host is the one it names.)
      if (!isAllowedHost(request.headers.get("host") ?? request.nextUrl.host))
        throw new AppError("misdirected_request", MISDIRECTED_MESSAGE, { status: 421 });
      const db = getAppDb();
      const rawParams = await context.params;
      refuseUnstorableText(rawParams, "address");
      const params = options.params ? parseInput(options.params, rawParams, "address") : rawParams;
      if (UNSAFE.has(request.method)) refuseCrossSite(request);
      const actor = await actorFrom(db, request.headers).catch((error: unknown) => {
        // A browser whose session ended still reads what anyone may read and may sign in again; its writes learn it must sign in.
        const anonymousWillDo = !UNSAFE.has(request.method) || options.permission === "anyone";
        if (anonymousWillDo && isAppError(error) && error.code === "session_expired") return null;
        throw error;
      });
      if (UNSAFE.has(request.method) && actor?.via === "session" && !request.headers.get("origin")) {
        throw new AppError("origin_required", "A signed-in write must come from this site's pages (no Origin header was sent)", {
          status: 403,
        });
      }
      const scope = options.scope ? await options.scope(params, db) : undefined;
      await authorize(db, actor, options.permission, scope);
      if (options.query) refuseUnstorableText(queryObject(request), "query");
      const query = options.query ? parseInput(options.query, queryObject(request), "query") : (undefined as Query);
      const body = options.body ? parseInput(options.body, await readJson(request), "request body") : (undefined as Body);
      const result = await handler({ request, params, body, query, actor, scope, db });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
  // Read by the tests that check every route declares a permission and refuses bad bodies.
  return Object.assign(wrapped, { permission: options.permission, takesJson: options.body !== undefined });
}

/** The origins this app's own pages have: the public one and the one the request came to. */
function isOwnOrigin(origin: string, request: NextRequest): boolean {
  return origin === publicOrigin() || origin === new URL(request.url).origin || origin === `http://${request.headers.get("host")}`;
}

/** A write from another site's page (CSRF) is refused whatever it carries. */
function refuseCrossSite(request: NextRequest) {
  const origin = request.headers.get("origin");
  if (origin && !isOwnOrigin(origin, request)) {
    throw new AppError("cross_site_request", `Writes from another site (${origin}) are refused`, { status: 403 });
  }
}

function queryObject(request: NextRequest): Record<string, string> {
  return Object.fromEntries(request.nextUrl.searchParams);
}

export async function readJson(request: NextRequest): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("unsupported_media_type", `Send JSON with Content-Type: application/json (got ${type || "none"})`, { status: 415 });
  }
  const text = decodeUtf8(await readBodyWithin(request, MAX_JSON_BODY_BYTES, jsonTooLarge));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`, { status: 400 });
  }
  refuseUnstorableText(parsed, "request body");
  return parsed;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Refuses text Postgres cannot store (NUL) or would store changed (a lone
 * UTF-16 surrogate, which becomes U+FFFD), in any string or key of `value`,
 * naming where (`request body: decisions[2].note`). Iterative, as the JSON
 * may nest as deep as its size allows.
 */
export function refuseUnstorableText(value: unknown, where: string): void {
  const pending: [unknown, string][] = [[value, ""]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === "string") {
      const problem = item.includes("\u0000")
        ? "a NUL character (\\u0000), which cannot be stored"
        : LONE_SURROGATE.test(item)
          ? "a lone UTF-16 surrogate (broken Unicode), which cannot be stored as it is"
          : null;
      if (problem) throw new AppError("invalid_text", `${where}${path ? `: ${path}` : ""} holds ${problem}`, { status: 400 });
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => pending.push([element, `${path}[${index}]`]));
    } else if (item && typeof item === "object") {
      for (const [key, field] of Object.entries(item)) {
        const at = path ? `${path}.${key}` : key;
        pending.push([key, at], [field, at]);
      }
    }
  }
}

const jsonTooLarge = (atLeast: number) =>
  new AppError(
    "body_too_large",
    `The request body is larger than the ${MAX_JSON_BODY_BYTES} bytes (1 MB) a JSON body may have (at least ${atLeast} bytes) and was not read further`,
    { status: 413, details: { limit: "json_body_bytes", max: MAX_JSON_BODY_BYTES, found: atLeast } },
  );

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid UTF-8 text, which JSON must be", { status: 400 });
  }
}

const IdInUrl = z.coerce.number().pipe(Id);

/** A numeric id from the URL; anything else names nothing, so 404. */
export function parseId(value: string, what: string): number {
  const parsed = IdInUrl.safeParse(value);
  if (!parsed.success) throw new AppError(`${what}_not_found`, `There is no ${what} ${JSON.stringify(value)}`, { status: 404 });
  return parsed.data;
}

/** Scope of routes under /api/documents/:slug. */
export const documentInUrl = ({ slug }: { slug: string }, db: Db) => documentScope(db, slug);

/** Scope of routes under /api/cells/:id: the cell's document and language. */
export const cellInUrl = ({ id }: { id: string }, db: Db) => cellScope(db, parseId(id, "cell"));

/**
 * The address a request came from, for limits per address: the last entry
 * of X-Forwarded-For. `wb start` (server.ts) sets that header to the peer's
 * address, or the one a trusted proxy reports, whatever the client sent;
 * `next dev` leaves a client's own header as it is.
 */
export function clientAddress(request: NextRequest): string {
  return lastForwardedAddress(request.headers.get("x-forwarded-for")) ?? "unknown";
}

/**
 * A version of a document named in a query string: `now`, `snapshot:ID` or
 * an ISO time. Anything else is left as it is, for the domain's validation
 * to refuse with a message naming the field.
 */
export function pointFromQuery(value: string | null | undefined): unknown {
  if (value === null || value === undefined || value === "now") return value ?? undefined;
  const snapshot = /^snapshot:(\d+)$/.exec(value);
  return snapshot ? { snapshotId: Number(snapshot[1]) } : { time: value };
}
