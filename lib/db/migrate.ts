import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { AppError } from "../errors";
import { migrationsDir as defaultMigrationsDir } from "../paths";
import { describeConnectionError } from "./url";

/**
 * Applies prisma/migrations the way `prisma migrate deploy` does, without the
 * native schema engine that cannot be downloaded here: same `_prisma_migrations`
 * table, same checksums (sha256 of migration.sql), same advisory lock, so a
 * connected machine running Prisma's own CLI sees exactly this state.
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

// The lock key the Prisma schema engine uses, so the two never run at once.
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export async function readMigrations(dir = defaultMigrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectionError(error, url);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function readApplied(client: pg.Client): Promise<AppliedRow[]> {
  const exists = await client.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return [];
  const result = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
  );
  return result.rows;
}

/** Compares the database with the files; refuses any history it cannot trust. */
function plan(migrations: Migration[], applied: AppliedRow[]): MigrationState {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of applied) {
    const local = byName.get(row.migration_name);
    if (!row.finished_at) {
      throw new AppError(
        "migration_failed_earlier",
        `Migration ${row.migration_name} was started but never finished on this database; resolve it (prisma migrate resolve) before going on`,
      );
    }
    if (!local) {
      throw new AppError(
        "migration_unknown",
        `The database has migration ${row.migration_name}, which prisma/migrations does not contain: this code is older than the database`,
      );
    }
    if (local.checksum !== row.checksum) {
      throw new AppError(
        "migration_checksum_mismatch",
        `Migration ${row.migration_name} was applied with checksum ${row.checksum}, but prisma/migrations/${row.migration_name}/migration.sql now has checksum ${local.checksum}: an applied migration must never be edited`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.migration_name));
  return {
    applied: migrations.filter((m) => done.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
  };
}

export async function migrationState(url: string, dir = defaultMigrationsDir): Promise<MigrationState> {
  const migrations = await readMigrations(dir);
  return withClient(url, async (client) => plan(migrations, await readApplied(client)));
}

/**
 * Brings the database up to date. Each migration runs in its own transaction
 * together with its `_prisma_migrations` row: it is applied whole or not at all.
 * Returns the names of the migrations it applied.
 */
export async function applyMigrations(url: string, dir = defaultMigrationsDir): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return withClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { pending } = plan(migrations, await readApplied(client));
      for (const name of pending) {
        const migration = migrations.find((m) => m.name === name)!;
        await applyOne(client, migration);
      }
      return pending;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
    }
  });
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, clock_timestamp())`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("migration_failed", `Migration ${migration.name} failed and was rolled back, nothing of it applied: ${reason}`, {
      cause: error,
    });
  }
}
