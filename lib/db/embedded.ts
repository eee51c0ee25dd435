import { mkdir, readFile, rename, rm, writeFile, open } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { AppError } from "../errors";
import { keepExchangesTogether } from "./socket-exchanges";

/**
 * The embedded default database: PGlite (Postgres compiled to WASM) served on
 * a loopback port, so the app, the CLI and the tests all reach it through the
 * same pg driver and Prisma adapter as a real server.
 *
 * One process owns a data directory at a time. The owner writes
 * `owner.json` (pid, then the address it serves) into the directory; other
 * processes read it and connect to that address instead of opening the files.
 */

export interface EmbeddedDatabase {
  url: string;
  /** Stops serving, flushes PGlite and gives up ownership. */
  close(): Promise<void>;
}

export interface EmbeddedOwner {
  pid: number;
  url: string | null;
  startedAt: string;
}

// PGlite runs one message at a time whatever the count; more than one
// connection lets a pg.Pool keep a transaction (and, see socket-exchanges.ts,
// each query) on its own connection while others wait.
const MAX_CONNECTIONS = 32;

function ownerFile(dataDir: string): string {
  return path.join(dataDir, "owner.json");
}

function urlFor(host: string, port: number): string {
  return `postgresql://postgres@${host}:${port}/postgres?sslmode=disable`;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether something accepts a TCP connection at the URL's host and port. */
export function portAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port), timeout: 2000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function readOwner(dataDir: string): Promise<EmbeddedOwner | null> {
  try {
    return JSON.parse(await readFile(ownerFile(dataDir), "utf8")) as EmbeddedOwner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    // A half-written file means its writer died mid-write: treat as no owner.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * The live owner of `dataDir`, or null. An owner whose process is gone, or
 * whose published port no longer answers (its pid reused by another
 * program), is stale and does not count.
 */
export async function findEmbeddedOwner(dataDir: string): Promise<EmbeddedOwner | null> {
  const owner = await readOwner(dataDir);
  if (!owner || owner.pid === process.pid || !isProcessAlive(owner.pid)) return null;
  if (owner.url && !(await portAnswers(owner.url))) return null;
  return owner;
}

export function describeOwner(owner: EmbeddedOwner, dataDir: string): string {
  const where = owner.url ? `, serving it at ${new URL(owner.url).host}` : ", still starting";
  return `The embedded database in ${dataDir} is already in use by process ${owner.pid} (since ${owner.startedAt}${where})`;
}

async function writeOwner(dataDir: string, owner: EmbeddedOwner): Promise<void> {
  const temporary = `${ownerFile(dataDir)}.${process.pid}`;
  await writeFile(temporary, JSON.stringify(owner));
  await rename(temporary, ownerFile(dataDir));
}

/** Takes ownership of `dataDir` or throws `embedded_database_busy` naming the owner. */
async function claim(dataDir: string): Promise<EmbeddedOwner> {
  await mkdir(dataDir, { recursive: true });
  const mine: EmbeddedOwner = { pid: process.pid, url: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(ownerFile(dataDir), "wx");
      await handle.writeFile(JSON.stringify(mine));
      await handle.close();
      return mine;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await readOwner(dataDir);
    if (owner && owner.pid === process.pid) {
      throw new AppError("embedded_database_busy", describeOwner(owner, dataDir) + " (this process)");
    }
    const live = await findEmbeddedOwner(dataDir);
    if (live) throw new AppError("embedded_database_busy", describeOwner(live, dataDir));
    await rm(ownerFile(dataDir), { force: true });
  }
  throw new AppError("embedded_database_busy", `Could not take ownership of ${dataDir}: another process keeps claiming it`);
}

async function release(dataDir: string): Promise<void> {
  const owner = await readOwner(dataDir);
  if (owner?.pid === process.pid) await rm(ownerFile(dataDir), { force: true });
}

/**
 * Starts PGlite and serves it on 127.0.0.1. With `dataDir` the data persists
 * there and this process becomes its only owner; without, it lives in memory
 * (tests).
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedDatabase> {
  const { dataDir } = options;
  if (dataDir) await claim(dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(dataDir ? path.join(dataDir, "pglite") : undefined);
    server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: MAX_CONNECTIONS });
    keepExchangesTogether(server);
    await server.start();
  } catch (error) {
    await server?.stop();
    await db?.close();
    if (dataDir) await release(dataDir);
    throw new AppError(
      "embedded_database_failed",
      `Could not start the embedded database${dataDir ? ` in ${dataDir}` : ""}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const [host, port] = server.getServerConn().split(":");
  const url = urlFor(host!, Number(port));
  if (dataDir) {
    const owner = await readOwner(dataDir);
    await writeOwner(dataDir, { ...owner!, url });
  }
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (async () => {
        await server!.stop();
        await db!.close();
        if (dataDir) await release(dataDir);
      })();
      return closed;
    },
  };
}
