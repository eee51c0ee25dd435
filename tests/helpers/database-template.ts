// Global setup of the integration tests: one migrated database per run, which
// every test database then copies (tests/helpers/database.ts), instead of
// each test file repeating initdb and the migrations.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@/lib/db/migrate";
import { withDatabase } from "@/lib/db/url";
import { newDatabaseName, onServer, startMemoryDatabase } from "./database";

export default async function setup(project: TestProject) {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = newDatabaseName("template");
    await onServer(server, `CREATE DATABASE "${name}"`);
    try {
      await applyMigrations(withDatabase(server, name));
    } catch (error) {
      await onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw error;
    }
    project.provide("databaseTemplate", { kind: "server", migrated: name });
    return () => onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }

  const dir = await mkdtemp(path.join(tmpdir(), "parallel-template-"));
  const files = { empty: path.join(dir, "empty.tar"), migrated: path.join(dir, "migrated.tar") };
  const embedded = await startMemoryDatabase();
  try {
    const dump = async (file: string) => writeFile(file, new Uint8Array(await (await embedded.db.dumpDataDir("none")).arrayBuffer()));
    await dump(files.empty);
    await applyMigrations(embedded.url);
    await dump(files.migrated);
  } finally {
    await embedded.close();
  }
  project.provide("databaseTemplate", { kind: "embedded", ...files });
  return () => rm(dir, { recursive: true, force: true });
}
