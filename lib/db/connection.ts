import pg from "pg";
import { AppError } from "../errors";
import { dataDir as defaultDataDir } from "../paths";
import { describeOwner, findEmbeddedOwner, startEmbeddedDatabase } from "./embedded";
import { describeConnectionError, parseDatabaseUrl } from "./url";

/**
 * Which Postgres this process talks to:
 * - `external`: the server named by DATABASE_URL;
 * - `embedded`: PGlite in the data directory, owned and served by this process;
 * - `shared`: PGlite served by another process of ours that owns the data
 *   directory (the running app), reached at the address it published.
 */
export interface DatabaseConnection {
  url: string;
  kind: "external" | "embedded" | "shared";
  /** Where the data lives, for messages: host:port/db or the data directory. */
  description: string;
  close(): Promise<void>;
}

/** Fails fast with one clear line when the server cannot be reached. */
export async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectionError(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(options: { mustOwnEmbedded?: boolean; port?: number } = {}): Promise<DatabaseConnection> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const { host, port, database } = parseDatabaseUrl(external);
    await checkReachable(external);
    return { url: external, kind: "external", description: `${host}:${port}/${database}`, close: async () => {} };
  }
  const dir = defaultDataDir();
  const owner = await findEmbeddedOwner(dir);
  if (owner) {
    if (options.mustOwnEmbedded) {
      throw new AppError(
        "embedded_database_busy",
        `${describeOwner(owner, dir)}. Is the app already running? Stop it first, or set DATABASE_URL to use another database.`,
      );
    }
    if (!owner.url) {
      throw new AppError("embedded_database_busy", `${describeOwner(owner, dir)}; try again in a moment`);
    }
    return { url: owner.url, kind: "shared", description: `${dir} (served by process ${owner.pid})`, close: async () => {} };
  }
  const embedded = await startEmbeddedDatabase({ dataDir: dir, port: options.port });
  return { url: embedded.url, kind: "embedded", description: dir, close: embedded.close };
}
