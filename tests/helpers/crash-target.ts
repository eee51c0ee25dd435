// Data that tests kill processes on: a throwaway database on the run's
// server (DATABASE_URL), or a throwaway embedded data directory, which a
// child process owns while it works.
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { findEmbeddedOwner, startEmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { parseDatabaseUrl, withDatabase } from "@/lib/db/url";
import { createMigratedTestDatabase, newDatabaseName, onServer } from "./database";
import { environment } from "./processes";
import { liveGrid, readingOrder } from "./seed-document";

/**
 * Where the data lives: a database on the run's server (DATABASE_URL), or
 * an embedded data directory. `open` is what a restart does.
 */
export interface Target {
  /** Environment for a child process working on this data. */
  env: NodeJS.ProcessEnv;
  open(): Promise<{ db: Db; url: string; close(): Promise<void> }>;
  /** A copy of the data as it is now (nothing may have it open). */
  copy(): Promise<Target>;
  drop(): Promise<void>;
  /** Resolves once the child's work has written to the database and is not committed yet, as far as can be seen. */
  writing(child: ChildProcess): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function serverTarget(url: string, drop: () => Promise<void>): Target {
  const server = process.env.DATABASE_URL!;
  const { database } = parseDatabaseUrl(url);
  // Other sessions on this database: the child's, and after a kill its orphan until the server notices.
  const others = async (condition: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${condition}`,
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  };
  return {
    env: environment({ DATABASE_URL: url }),
    async open() {
      // A killed client's session ends once the server notices; until then it may hold locks.
      for (let waited = 0; (await others("true")) > 0; waited += 50) {
        if (waited > 20_000) throw new Error(`A session on ${database} outlived its killed client by 20 s`);
        await sleep(50);
      }
      const db = createDb(url);
      return { db, url, close: () => db.$disconnect() };
    },
    async copy() {
      const name = newDatabaseName("test");
      await onServer(server, `CREATE DATABASE "${name}" TEMPLATE "${database}"`);
      const copyUrl = withDatabase(server, name);
      return serverTarget(copyUrl, () => onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    drop,
    async writing(child) {
      // A transaction that has written holds a transaction id.
      while ((await others("backend_xid IS NOT NULL")) === 0) {
        if (child.exitCode !== null) return;
        await sleep(5);
      }
    },
  };
}

function embeddedTarget(dataDir: string): Target {
  return {
    env: environment({ DATABASE_URL: undefined, PARALLEL_DATA_DIR: dataDir }),
    async open() {
      const database = await startEmbeddedDatabase({ dataDir });
      const db = createDb(database.url);
      return {
        db,
        url: database.url,
        async close() {
          await db.$disconnect();
          await database.close();
        },
      };
    },
    async copy() {
      const copyDir = await mkdtemp(path.join(tmpdir(), "parallel-crash-copy-"));
      await cp(dataDir, copyDir, { recursive: true });
      return embeddedTarget(copyDir);
    },
    drop: () => rm(dataDir, { recursive: true, force: true }),
    async writing(child) {
      // PGlite is one session serving one exchange, or one transaction, at a
      // time: a probe from another connection that goes unanswered means the
      // child is in the middle of its work.
      let url: string | null | undefined;
      while (!(url = (await findEmbeddedOwner(dataDir))?.url)) {
        if (child.exitCode !== null) return;
        await sleep(10);
      }
      const probe = new pg.Client({ connectionString: url });
      probe.on("error", () => undefined);
      const answered = (work: Promise<unknown>) => Promise.race([work.then(() => true), sleep(100).then(() => false)]);
      try {
        if (!(await answered(probe.connect()))) return;
        while (child.exitCode === null && (await answered(probe.query("SELECT 1"))));
      } finally {
        void probe.end().catch(() => undefined);
      }
    },
  };
}

export async function makeTarget(): Promise<Target> {
  if (process.env.DATABASE_URL) {
    const database = await createMigratedTestDatabase();
    return serverTarget(database.url, database.drop);
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-crash-"));
  const database = await startEmbeddedDatabase({ dataDir });
  try {
    await applyMigrations(database.url);
  } finally {
    await database.close();
  }
  return embeddedTarget(dataDir);
}

/** Kills `child` with SIGKILL once it is writing; fails when it ended first (the work was too small to catch). */
export async function killWhenWriting(child: ChildProcess, target: Target): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  await target.writing(child);
  child.kill("SIGKILL");
  if ((await exited) !== "SIGKILL") throw new Error("The work ended before it could be killed: give it more to do");
}

/** The tables a write may touch, each as its row count and a digest of the columns that say what it holds. */
const TABLES = {
  Document: `concat_ws('|', id, slug, title)`,
  DocumentLanguage: `concat_ws('|', id, "documentId", code, position)`,
  Segment: `concat_ws('|', id, "documentId", position, "alignmentStatus", "deletedAt" IS NULL)`,
  Cell: `concat_ws('|', id, "segmentId", "languageId", text, status, stale, version, "headRevisionId", "approvedRevisionId")`,
  Revision: `concat_ws('|', id, "cellId", "parentId", kind, text)`,
  AlignmentChange: `concat_ws('|', id, "documentId", kind, "revertsId")`,
  ReviewDecision: `concat_ws('|', id, "cellId", "revisionId", verdict)`,
};

async function fingerprint(db: Db) {
  const tables: Record<string, { rows: number; digest: string | null }> = {};
  for (const [table, columns] of Object.entries(TABLES)) {
    const [row] = await db.$queryRawUnsafe<{ rows: number; digest: string | null }[]>(
      `SELECT count(*)::int AS rows, md5(string_agg(${columns}, ',' ORDER BY id)) AS digest FROM "${table}"`,
    );
    tables[table] = row!;
  }
  return tables;
}

export type State = Awaited<ReturnType<typeof stateOf>>;

/** The whole state, and how each language of the document reads from top to bottom (null: no such document). */
export async function stateOf(db: Db, slug: string) {
  const document = await db.document.findUnique({ where: { slug } });
  return { tables: await fingerprint(db), reading: document ? readingOrder(await liveGrid(db, document.id)) : null };
}

/** A process's descendants, read from /proc, each with its command line. */
export async function descendantsOf(pid: number): Promise<{ pid: number; command: string }[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while the list was read.
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  const command = async (child: number) => {
    try {
      return (await readFile(`/proc/${child}/cmdline`, "utf8")).replaceAll("\0", " ").trim();
    } catch {
      return "";
    }
  };
  return Promise.all(found.map(async (child) => ({ pid: child, command: await command(child) })));
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Waits until none of `pids` runs any more; false if some still do after `ms`. */
export async function allEnded(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await sleep(100);
  return !pids.some(alive);
}

export const portAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
