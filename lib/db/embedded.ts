import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
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
 * The owner closes PGlite before it removes the file; one killed leaves the
 * file behind, and the next start takes over (see claim()).
 */

export interface EmbeddedDatabase {
  url: string;
  /** Stops serving, flushes PGlite and gives up ownership. */
  close(): Promise<void>;
}

export interface EmbeddedOwner {
  pid: number;
  /** When that process started (processStartOf); absent from files older versions wrote. */
  processStart?: string | null;
  url: string | null;
  startedAt: string;
}

// PGlite runs one message at a time whatever the count; more than one
// connection lets a pg.Pool keep a transaction (and, see socket-exchanges.ts,
// each query) on its own connection while others wait. Room for the app's
// pool (20, lib/db/app-db.ts) and what runs beside it: wb commands, tests'
// clients, and pgbench's 16 in bench/concurrent-editing.ts (with 32 its
// eleventh connection was refused while the app held its pool).
const MAX_CONNECTIONS = 64;

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

/**
 * When a process started, as the kernel counts it (Linux: /proc/PID/stat's
 * starttime, in clock ticks since boot), or null where there is no /proc.
 * A pid the system reused belongs to a process that started later.
 */
export async function processStartOf(pid: number): Promise<string | null> {
  try {
    const line = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command's closing parenthesis, the third field first: starttime is the 22nd.
    return line.slice(line.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
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

/** owner.json as read, with the identity of the file it was read from (null when absent). */
interface OwnerFile {
  /** null when the file holds no complete owner: written by a crashed older version, or cut short by a power loss. */
  owner: EmbeddedOwner | null;
  /** Inode and change time: a file put in its place (or a recycled inode) never has both the same. */
  identity: string;
}

async function readOwnerFile(dataDir: string): Promise<OwnerFile | null> {
  let handle;
  try {
    handle = await open(ownerFile(dataDir), "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    // Read through one handle, so the identity is the identity of what was read.
    const { ino, ctimeNs } = await handle.stat({ bigint: true });
    const text = await handle.readFile("utf8");
    let owner: EmbeddedOwner | null = null;
    try {
      const parsed = JSON.parse(text) as Partial<EmbeddedOwner>;
      if (Number.isInteger(parsed.pid) && parsed.pid! > 0) owner = parsed as EmbeddedOwner;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    return { owner, identity: `${ino}-${ctimeNs}` };
  } finally {
    await handle.close();
  }
}

async function identityOf(file: string): Promise<string | null> {
  try {
    const { ino, ctimeNs } = await stat(file, { bigint: true });
    return `${ino}-${ctimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Whether the process named in owner.json still holds the directory. A
 * process that is gone does not, nor one with its pid that started later
 * (the owner died and the system reused its pid), nor one whose published
 * port no longer answers. An owner that publishes no address (starting, or
 * closing its database) counts while its process lives.
 */
async function holds(owner: EmbeddedOwner): Promise<boolean> {
  if (!isProcessAlive(owner.pid)) return false;
  if (owner.processStart && owner.processStart !== (await processStartOf(owner.pid))) return false;
  return !owner.url || (await portAnswers(owner.url));
}

/** The live owner of `dataDir` other than this process, or null. */
export async function findEmbeddedOwner(dataDir: string): Promise<EmbeddedOwner | null> {
  const owner = (await readOwnerFile(dataDir))?.owner;
  if (!owner || owner.pid === process.pid || !(await holds(owner))) return null;
  return owner;
}

export function describeOwner(owner: EmbeddedOwner, dataDir: string): string {
  const where = owner.url ? `, serving it at ${new URL(owner.url).host}` : ", starting or stopping";
  return `The embedded database in ${dataDir} is already in use by process ${owner.pid} (since ${owner.startedAt}${where})`;
}

/** A complete owner file under a name of its own, flushed to disk, ready to be linked or renamed into place. */
async function writeComplete(dataDir: string, owner: EmbeddedOwner): Promise<string> {
  const temporary = `${ownerFile(dataDir)}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const handle = await open(temporary, "wx");
  try {
    await handle.writeFile(JSON.stringify(owner));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temporary;
}

const CLAIM_ATTEMPTS = 20;

/**
 * Takes ownership of `dataDir` or throws `embedded_database_busy` naming the
 * owner. Every change to owner.json is atomic, so no one ever reads a file
 * half written and two processes cannot both win:
 * - a free directory is claimed by link()ing a complete file to owner.json,
 *   which fails when the name exists;
 * - a stale owner.json (its process gone, or no complete owner in it) is
 *   replaced only by the process that first creates
 *   `owner.json.takeover-<identity of that stale file>` (link() again), after
 *   checking owner.json is still that very file; the marker outlives the
 *   takeover, so a latecomer that judged the same file stale cannot create it.
 */
async function claim(dataDir: string): Promise<EmbeddedOwner> {
  await mkdir(dataDir, { recursive: true });
  const mine: EmbeddedOwner = {
    pid: process.pid,
    processStart: await processStartOf(process.pid),
    url: null,
    startedAt: new Date().toISOString(),
  };
  const temporary = await writeComplete(dataDir, mine);
  try {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      try {
        await link(temporary, ownerFile(dataDir));
        return mine;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const seen = await readOwnerFile(dataDir);
      if (!seen) continue; // its owner released it meanwhile
      if (seen.owner?.pid === process.pid) {
        throw new AppError("embedded_database_busy", describeOwner(seen.owner, dataDir) + " (this process)");
      }
      if (seen.owner && (await holds(seen.owner))) throw new AppError("embedded_database_busy", describeOwner(seen.owner, dataDir));
      if (await takeOver(dataDir, seen.identity, temporary)) return mine;
      // Another process is taking over, or took over, the same stale file: look again.
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  } finally {
    await rm(temporary, { force: true });
  }
  throw new AppError("embedded_database_busy", `Could not take ownership of ${dataDir}: another process keeps claiming it`);
}

async function takeOver(dataDir: string, staleIdentity: string, temporary: string): Promise<boolean> {
  const marker = `${ownerFile(dataDir)}.takeover-${staleIdentity}`;
  try {
    await link(temporary, marker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  // Only the holder of the marker may replace the stale file, and the stale
  // owner is gone: owner.json is still that file unless it was released.
  if ((await identityOf(ownerFile(dataDir))) !== staleIdentity) {
    await rm(marker, { force: true });
    return false;
  }
  await rename(temporary, ownerFile(dataDir));
  await removeTakeoverMarkers(dataDir, marker);
  return true;
}

/** Markers of earlier takeovers name files that no longer exist; this one stays while its owner lives. */
async function removeTakeoverMarkers(dataDir: string, keep: string): Promise<void> {
  const prefix = `${path.basename(ownerFile(dataDir))}.takeover-`;
  for (const name of await readdir(dataDir)) {
    const file = path.join(dataDir, name);
    if (name.startsWith(prefix) && file !== keep) await rm(file, { force: true });
  }
}

/** Replaces this process's owner.json with `owner` (atomically: readers see the old file or the new one). */
async function publish(dataDir: string, owner: EmbeddedOwner): Promise<void> {
  const temporary = await writeComplete(dataDir, owner);
  await rename(temporary, ownerFile(dataDir));
}

/** Gives up ownership; the database must be closed by now. */
async function release(dataDir: string): Promise<void> {
  const seen = await readOwnerFile(dataDir);
  if (seen?.owner?.pid === process.pid) await rm(ownerFile(dataDir), { force: true });
  await removeTakeoverMarkers(dataDir, "");
}

/**
 * Starts PGlite and serves it on 127.0.0.1. With `dataDir` the data persists
 * there and this process becomes its only owner; without, it lives in memory
 * (tests).
 */
export async function startEmbeddedDatabase(options: { dataDir?: string; port?: number } = {}): Promise<EmbeddedDatabase> {
  const { dataDir } = options;
  const owner = dataDir ? await claim(dataDir) : undefined;
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
  if (dataDir) await publish(dataDir, { ...owner!, url });
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (async () => {
        // Withdraw the address first: once the port stops answering, a
        // published one would make this (still live) owner look stale.
        if (dataDir) await publish(dataDir, owner!);
        await server!.stop();
        await db!.close();
        if (dataDir) await release(dataDir);
      })();
      return closed;
    },
  };
}
