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
  // A connection that breaks fails the query under way, which says so; the
  // event on top of it would otherwise end the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectionError(error, url);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How long applyMigrations waits for another migrator's lock by default. */
export const MIGRATION_LOCK_TIMEOUT_MS = 60_000;
const LOCK_POLL_MS = 250;

/**
 * Takes the migration lock, waiting while another migrator (this runner in
 * another process, or Prisma's CLI) holds it, at most `timeoutMs`. On the
 * embedded database every connection shares PGlite's one session, so the
 * lock is always granted there; each migration's transaction, which PGlite
 * serves alone, then keeps two runners apart (see applyOne).
 */
async function lockMigrations(client: pg.Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [PRISMA_ADVISORY_LOCK]);
    if (rows[0]!.locked) return;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_POLL_MS, Math.max(0, deadline - Date.now()))));
  }
  throw new AppError(
    "migration_lock_timeout",
    `Another migration has held the migration lock of database "${client.database}" for more than ${timeoutMs / 1000} s` +
      `${await describeLockHolder(client)}. Wait for it to finish and try again; if no migration is running, end that session.`,
  );
}

/** Who holds the migration lock, as far as the server tells (", held by …"), or "". */
async function describeLockHolder(client: pg.Client): Promise<string> {
  try {
    // A bigint advisory key is stored as its high and low 32 bits.
    const { rows } = await client.query<{ pid: number; application: string; address: string | null; since: Date; state: string }>(
      `SELECT a.pid, a.application_name AS application, host(a.client_addr) AS address, a.backend_start AS since, a.state
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1`,
      [PRISMA_ADVISORY_LOCK],
    );
    const holder = rows[0];
    if (!holder) return "";
    const who = [holder.application && `"${holder.application}"`, holder.address && `from ${holder.address}`].filter(Boolean).join(" ");
    return `, held by server process ${holder.pid}${who ? ` (${who})` : ""}, connected since ${holder.since.toISOString()}, now ${holder.state}`;
  } catch {
    return ""; // without the right to read pg_stat_activity the message goes without a name
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
export async function applyMigrations(
  url: string,
  dir = defaultMigrationsDir,
  options: { lockTimeoutMs?: number } = {},
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return withClient(url, async (client) => {
    await lockMigrations(client, options.lockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS);
    let failed = false;
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const { pending } = plan(migrations, await readApplied(client));
      const applied: string[] = [];
      for (const name of pending) {
        if (
          await applyOne(
            client,
            migrations.find((m) => m.name === name)!,
          )
        )
          applied.push(name);
      }
      return applied;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // After a failure the session may be gone, and the lock with it: that must not hide the failure.
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  });
}

/**
 * Applies one migration in one transaction with its `_prisma_migrations`
 * row; false when another runner applied it meanwhile (possible only on the
 * embedded database, where the advisory lock cannot keep runners apart).
 */
async function applyOne(client: pg.Client, migration: Migration): Promise<boolean> {
  await client.query("BEGIN");
  try {
    const done = await client.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`, [
      migration.name,
    ]);
    if (done.rowCount) {
      await client.query("COMMIT");
      return false;
    }
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, clock_timestamp())`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      // Usually the connection is gone, and the server then rolls the transaction back itself.
      throw new AppError(
        "migration_failed",
        `Migration ${migration.name} failed: ${messageOf(error)}. Rolling it back failed too: ${messageOf(rollbackError)}. ` +
          "A transaction the server could not finish is rolled back, so nothing of it is applied unless the failure came while committing; wb status shows which.",
        { cause: error },
      );
    }
    throw new AppError(
      "migration_failed",
      `Migration ${migration.name} failed and was rolled back, nothing of it applied: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
}
