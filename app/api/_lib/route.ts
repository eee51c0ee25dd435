import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getAppDb } from "@/lib/db/app-db";
import { AppError, isAppError } from "@/lib/errors";
import { Id } from "@/lib/schemas";
import { ensureHumanUser, NAME_COOKIE, USER_COOKIE } from "@/lib/users";

/** The JSON shape of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (isAppError(error)) {
    return NextResponse.json({ error: { code: error.code, message: error.message, details: error.details } }, { status: error.status });
  }
  // Internal details stay in the server log, not in the answer.
  console.error(error);
  return NextResponse.json({ error: { code: "internal", message: "The server failed to handle this request" } }, { status: 500 });
}

type Handler<Params> = (request: NextRequest, params: Params) => Promise<unknown>;

/**
 * Wraps a route handler: its result becomes a JSON answer (200, or a
 * Response it builds itself), any error the JSON error body with its status.
 */
export function route<Params>(handler: Handler<Params>) {
  return async (request: NextRequest, context: { params: Promise<Params> }) => {
    try {
      const result = await handler(request, await context.params);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export async function readJson(request: NextRequest): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `The request body is not valid JSON: ${(error as Error).message}`, { status: 400 });
  }
}

const IdInUrl = z.coerce.number().pipe(Id);

/** A numeric id from the URL; anything else names nothing, so 404. */
export function parseId(value: string, what: string): number {
  const parsed = IdInUrl.safeParse(value);
  if (!parsed.success) throw new AppError(`${what}_not_found`, `There is no ${what} ${JSON.stringify(value)}`, { status: 404 });
  return parsed.data;
}

/**
 * The author of a write: the handle the browser carries (cookie, set by the
 * proxy on first visit) or, for API clients, the X-Parallel-User header.
 */
export async function currentUser(request: NextRequest) {
  const handle = request.cookies.get(USER_COOKIE)?.value ?? request.headers.get("x-parallel-user");
  if (!handle) {
    throw new AppError("user_unknown", "Say who you are: send the wb_user cookie or an X-Parallel-User header", { status: 401 });
  }
  const cookieName = request.cookies.get(NAME_COOKIE)?.value;
  const name = (cookieName ? decodeURIComponent(cookieName) : request.headers.get("x-parallel-user-name")) || handle;
  return ensureHumanUser(getAppDb(), { handle, name });
}

/**
 * A version of a document named in a query string: `now`, `snapshot:ID` or
 * an ISO time. Anything else is left as it is, for the domain's validation
 * to refuse with a message naming the field.
 */
export function pointFromQuery(value: string | null): unknown {
  if (value === null || value === "now") return value ?? undefined;
  const snapshot = /^snapshot:(\d+)$/.exec(value);
  return snapshot ? { snapshotId: Number(snapshot[1]) } : { time: value };
}
