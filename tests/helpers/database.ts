import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { keepExchangesTogether } from "@/lib/db/socket-exchanges";
import { withDatabase } from "@/lib/db/url";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * What tests/helpers/database-template.ts prepares once per run, so that no
 * test database repeats initdb or the migrations: on a server (DATABASE_URL),
 * the name of a migrated database to copy; for the embedded database, files
 * holding PGlite data directories, one fresh and one migrated.
 */
export type DatabaseTemplate = { kind: "server"; migrated: string } | { kind: "embedded"; empty: string; migrated: string };

declare module "vitest" {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate | null;
  }
}

/** Runs one statement on the server's own database (CREATE / DROP DATABASE). */
export async function onServer(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function newDatabaseName(kind: "test" | "template"): string {
  return `parallel_${kind}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

// The same as the embedded default's (lib/db/embedded.ts), whose MAX_CONNECTIONS it mirrors.
const MAX_CONNECTIONS = 32;

/**
 * An in-memory PGlite served on a loopback port the way startEmbeddedDatabase
 * serves one, starting from `dataDir` (a PGlite dumpDataDir archive) when
 * given: loading a data directory takes a fraction of the time initdb does.
 */
export async function startMemoryDatabase(dataDir?: Blob): Promise<{ url: string; db: PGlite; close(): Promise<void> }> {
  const db = await PGlite.create(dataDir ? { loadDataDir: dataDir } : {});
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: MAX_CONNECTIONS });
  keepExchangesTogether(server);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [host, port] = server.getServerConn().split(":");
  let closed: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@${host}:${port}/postgres?sslmode=disable`,
    db,
    close: () =>
      (closed ??= (async () => {
        await server.stop();
        await db.close();
      })()),
  };
}

async function fromEmbeddedTemplate(file: string): Promise<TestDatabase> {
  const embedded = await startMemoryDatabase(new Blob([await readFile(file)]));
  return { url: embedded.url, drop: embedded.close };
}

async function onServerCopying(server: string, template?: string): Promise<TestDatabase> {
  const name = newDatabaseName("test");
  await onServer(server, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  return { url: withDatabase(server, name), drop: () => onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** The template the run prepared, when it matches the database this process targets. */
function template(): DatabaseTemplate | null {
  const prepared = inject("databaseTemplate");
  const wanted = process.env.DATABASE_URL ? "server" : "embedded";
  return prepared?.kind === wanted ? prepared : null;
}

/**
 * A fresh, empty database for tests: a new database on the server named by
 * DATABASE_URL when it is set, otherwise a new in-memory embedded one.
 * `drop()` removes it and everything in it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.DATABASE_URL;
  if (server) return onServerCopying(server);
  const prepared = template();
  if (prepared?.kind === "embedded") return fromEmbeddedTemplate(prepared.empty);
  const embedded = await startEmbeddedDatabase();
  return { url: embedded.url, drop: embedded.close };
}

/** A fresh database with every migration applied: a copy of the run's template, or made here without one. */
export async function createMigratedTestDatabase(): Promise<TestDatabase> {
  const prepared = template();
  const server = process.env.DATABASE_URL;
  if (server && prepared?.kind === "server") return onServerCopying(server, prepared.migrated);
  if (!server && prepared?.kind === "embedded") return fromEmbeddedTemplate(prepared.migrated);
  const database = await createTestDatabase();
  await applyMigrations(database.url);
  return database;
}
