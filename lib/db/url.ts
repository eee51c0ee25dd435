import { AppError } from "../errors";

export interface DatabaseAddress {
  host: string;
  port: number;
  database: string;
}

/** Reads host, port and database name out of a postgres:// URL, refusing anything else. */
export function parseDatabaseUrl(url: string): DatabaseAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError("database_url_invalid", `DATABASE_URL is not a valid URL: "${url}"`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new AppError("database_url_invalid", `DATABASE_URL must start with postgresql://, not ${parsed.protocol}//`);
  }
  return {
    host: decodeURIComponent(parsed.hostname) || "localhost",
    port: parsed.port ? Number(parsed.port) : 5432,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres",
  };
}

/** The same server, another database: how tests get a throwaway database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

const reasons: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ECONNRESET: "connection reset by the server",
  "28P01": "password authentication failed",
  "28000": "the server refused the login",
  "3D000": "the database does not exist",
};

/**
 * Turns a driver error met while connecting into one line that names the
 * server, so a wrong DATABASE_URL never surfaces as a stack trace.
 */
export function describeConnectionError(error: unknown, url: string): AppError {
  const { host, port, database } = parseDatabaseUrl(url);
  const code = (error as { code?: string } | null)?.code ?? "";
  const reason = reasons[code] ?? (error instanceof Error ? error.message : String(error));
  return new AppError("database_unreachable", `Cannot connect to PostgreSQL at ${host}:${port} (database "${database}"): ${reason}`, {
    status: 503,
    cause: error,
  });
}
