import { AppError } from "../errors";

/**
 * Codes that mean the server is down, restarting or out of reach, wherever
 * they turn up: on the error, as Prisma's code, or as the Postgres code
 * adapter-pg passes along (`originalCode`, `meta.driverAdapterError.cause`).
 */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "P1001", // Prisma: can't reach the database server
  "P1002", // Prisma: the server timed out
  "P1008", // Prisma: operations timed out
  "P1017", // Prisma: the server closed the connection
  "57P01", // Postgres: admin shutdown (a fast stop ends every session)
  "57P02", // Postgres: crash shutdown (another backend failed)
  "57P03", // Postgres: cannot connect now (starting up, shutting down, recovering)
  "53300", // Postgres: too many connections
  "08000", // Postgres: connection exceptions
  "08001",
  "08003",
  "08004",
  "08006",
]);

/** adapter-pg's names for a connection that failed (Prisma's `driverAdapterError.cause.kind`). */
const CONNECTION_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/**
 * What pg says, without a code, when the server went away under a
 * connection or never answered: Prisma passes these on as they are.
 */
const CONNECTION_MESSAGES =
  /Can't reach database|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect/i;

interface Found {
  codes: string[];
  messages: string[];
}

function collect(error: unknown, found: Found, depth = 0): Found {
  if (!error || typeof error !== "object" || depth > 5) return found;
  const { code, originalCode, kind, message, cause, meta } = error as Record<string, unknown>;
  for (const value of [code, originalCode, kind]) if (typeof value === "string") found.codes.push(value);
  if (typeof message === "string") found.messages.push(message);
  collect(cause, found, depth + 1);
  collect((meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError, found, depth + 1);
  return found;
}

/** How long a client should wait before trying again while the database is away (the Retry-After of a 503). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Whether `error` says the database cannot be reached (down, restarting, out of reach), however pg or Prisma put it. */
export function isDatabaseUnreachable(error: unknown): boolean {
  const { codes, messages } = collect(error, { codes: [], messages: [] });
  return (
    codes.some((code) => CONNECTION_CODES.has(code) || CONNECTION_KINDS.has(code)) ||
    messages.some((message) => CONNECTION_MESSAGES.test(message))
  );
}

/**
 * A database failure as an answer people can act on: a unique key taken is
 * 409, a record gone is 404, a database that cannot be reached is 503
 * (with the seconds to wait in `details.retryAfterSeconds`). Anything else
 * is not recognised (undefined) and stays a 500.
 */
export function databaseError(error: unknown): AppError | undefined {
  const { codes } = collect(error, { codes: [], messages: [] });
  if (codes.includes("P2002")) return new AppError("conflict", "This already exists (a unique name or key is taken)", { status: 409 });
  if (codes.includes("P2025")) return new AppError("not_found", "The record this needs does not exist (any more)", { status: 404 });
  if (isDatabaseUnreachable(error)) {
    return new AppError("database_unavailable", "The database cannot be reached right now; try again shortly", {
      status: 503,
      details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
    });
  }
  return undefined;
}
