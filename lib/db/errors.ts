import { AppError } from "../errors";

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "P1001", // Prisma: can't reach the database server
  "P1002", // Prisma: the server timed out
  "P1017", // Prisma: the server closed the connection
  "57P01", // Postgres: admin shutdown
  "57P03", // Postgres: cannot connect now
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

function codesOf(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== "object" || depth > 5) return [];
  const { code, cause, originalCode } = error as { code?: unknown; cause?: unknown; originalCode?: unknown };
  return [
    ...(typeof code === "string" ? [code] : []),
    ...(typeof originalCode === "string" ? [originalCode] : []),
    ...codesOf(cause, depth + 1),
  ];
}

/**
 * A database failure as an answer people can act on: a unique key taken is
 * 409, a record gone is 404, a database that cannot be reached is 503.
 * Anything else is not recognised (undefined) and stays a 500.
 */
export function databaseError(error: unknown): AppError | undefined {
  const codes = codesOf(error);
  const message = error instanceof Error ? error.message : "";
  if (codes.includes("P2002")) return new AppError("conflict", "This already exists (a unique name or key is taken)", { status: 409 });
  if (codes.includes("P2025")) return new AppError("not_found", "The record this needs does not exist (any more)", { status: 404 });
  if (
    codes.some((code) => CONNECTION_CODES.has(code)) ||
    /Can't reach database|Connection terminated|connect ECONNREFUSED/i.test(message)
  ) {
    return new AppError("database_unavailable", "The database cannot be reached right now; try again shortly", { status: 503 });
  }
  return undefined;
}
