// The database a bench works in: a new database on the Postgres server named
// by DATABASE_URL, or, without it, a new embedded database in a temporary
// data directory. `drop` removes the server's database or closes the
// embedded one; the caller removes `dataDir` when done.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { withDatabase } from "../lib/db/url";
import { newDatabaseName, onServer } from "../tests/helpers/database";

export interface ThrowawayDatabase {
  url: string;
  dataDir: string;
  drop: () => Promise<void>;
}

export async function throwawayDatabase(server: string | undefined, dataDirPrefix: string): Promise<ThrowawayDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), dataDirPrefix));
  if (server) {
    const name = newDatabaseName("test");
    await onServer(server, `CREATE DATABASE "${name}"`);
    return { url: withDatabase(server, name), dataDir, drop: () => onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  const embedded = await startEmbeddedDatabase({ dataDir });
  return { url: embedded.url, dataDir, drop: embedded.close };
}
