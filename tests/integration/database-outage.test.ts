// The Postgres server stops while the app runs: every request answers 503
// database_unavailable with Retry-After, at once, and the app carries on by
// itself when the server is back, with every save it acknowledged. The
// server is a throwaway cluster this file makes, starts and stops (never the
// shared one), so the file runs the same whichever database the run targets.
import { execFile } from "node:child_process";
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { GET as rowsRoute } from "@/app/api/documents/[slug]/rows/route";
import { route } from "@/app/api/_lib/route";
import { createDb, type Db } from "@/lib/db/client";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/errors";
import { PrismaClient } from "@/lib/db/generated/client";
import { applyMigrations } from "@/lib/db/migrate";
import { getRows } from "@/lib/documents/rows";
import { seedSpeech, SPEECH_SLUG } from "@/lib/documents/speech";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { callRoute, type RouteHandler } from "../helpers/routes";

const run = promisify(execFile);

/** A Postgres cluster in a temporary folder, on a port of its own. */
interface Cluster {
  url: string;
  start(): Promise<void>;
  /** `fast` ends every session (57P01); `immediate` kills the server as a crash would; `smart` waits for sessions to end. */
  stop(mode: "fast" | "immediate" | "smart", options?: { wait?: boolean }): Promise<void>;
  running(): Promise<boolean>;
  remove(): Promise<void>;
}

/** The newest installed PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/VERSION/bin). */
async function postgresBin(): Promise<string> {
  const versions = (await readdir("/usr/lib/postgresql")).sort((a, b) => Number(b) - Number(a));
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startCluster(): Promise<Cluster> {
  const bin = await postgresBin();
  const dir = await mkdtemp(path.join(tmpdir(), "parallel-outage-"));
  // Postgres refuses to run as root: as root, the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: group } = await run("id", ["-g", "postgres"]);
    await chown(dir, Number(stdout), Number(group));
  }
  const postgres = (program: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", `${bin}/${program}`, ...args]) : run(`${bin}/${program}`, args);
  const data = path.join(dir, "data");
  await postgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const cluster: Cluster = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: async () => void (await postgres("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", options, "start"])),
    stop: async (mode, { wait = true } = {}) => void (await postgres("pg_ctl", ["-D", data, wait ? "-w" : "-W", "-m", mode, "stop"])),
    running: () =>
      postgres("pg_ctl", ["-D", data, "status"]).then(
        () => true,
        () => false,
      ),
    remove: async () => {
      await postgres("pg_ctl", ["-D", data, "-w", "-m", "immediate", "stop"]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

let cluster: Cluster;
/** The client the route handlers use (getAppDb), made as the app makes it. */
let appDb: Db;
let headers: Record<string, string>;
let cellId: number;
const app = globalThis as { parallelDb?: Db };
const before = app.parallelDb;

beforeAll(async () => {
  cluster = await startCluster();
  await applyMigrations(cluster.url);
  appDb = createDb(cluster.url);
  app.parallelDb = appDb;
  await seedSpeech(appDb);
  headers = await tokenHeaders(appDb, await addPerson(appDb, "vera", "translator"));
  cellId = (await firstCell()).id;
});

afterAll(async () => {
  app.parallelDb = before;
  await appDb?.$disconnect();
  await cluster?.remove();
});

const firstCell = async () => (await getRows(appDb, SPEECH_SLUG, { offset: 0, limit: 1 })).rows[0]!.cells.en!;

/** A request as the browser sends it, with how long the answer took. */
async function timed(handler: RouteHandler, request: Parameters<typeof callRoute>[1]) {
  const started = performance.now();
  const answer = await callRoute(handler, { ...request, headers });
  const body = (await answer.json()) as { error?: { code: string; message: string }; cell?: { headRevisionId: number } };
  return { status: answer.status, retryAfter: answer.headers.get("retry-after"), body, ms: performance.now() - started };
}

const readRows = () => timed(rowsRoute, { path: `/api/documents/${SPEECH_SLUG}/rows?langs=en`, params: { slug: SPEECH_SLUG } });

async function save(text: string) {
  const { headRevisionId } = await firstCell();
  return saveAs(text, headRevisionId);
}

const saveAs = (text: string, baseRevisionId: number | null) =>
  timed(saveCellRoute, { method: "PUT", path: `/api/cells/${cellId}`, params: { id: String(cellId) }, body: { text, baseRevisionId } });

function expectUnavailable(answer: Awaited<ReturnType<typeof timed>>) {
  expect(answer).toMatchObject({
    status: 503,
    retryAfter: String(DATABASE_RETRY_AFTER_SECONDS),
    body: { error: { code: "database_unavailable", message: expect.stringMatching(/database cannot be reached/) } },
  });
  expect(answer.ms).toBeLessThan(3000);
}

describe("a Postgres server that stops while the app runs", () => {
  it("gets 503 database_unavailable with Retry-After, at once, for reads and saves; when it is back, saves work and the acknowledged one is there", async () => {
    const acknowledged = await save("Saved before the outage");
    expect(acknowledged.status).toBe(200);

    await cluster.stop("immediate");
    const { headRevisionId } = acknowledged.body.cell!;
    expectUnavailable(await readRows());
    expectUnavailable(await saveAs("Saved while the server is down", headRevisionId));
    expectUnavailable(await readRows());

    await cluster.start();
    const afterwards = await saveAs("Saved after the outage", headRevisionId);
    expect(afterwards.status).toBe(200);
    const history = await appDb.revision.findMany({ where: { cellId }, orderBy: { id: "asc" }, select: { text: true } });
    expect(history.map(({ text }) => text).slice(-2)).toEqual(["Saved before the outage", "Saved after the outage"]);
    expect((await readRows()).status).toBe(200);
  });

  it("cuts a save short inside its transaction with a 503 and leaves no client stuck: the next saves work", async () => {
    const start = await firstCell();
    // Another session holds the cell's row lock, so the save waits inside its transaction when the server stops.
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM "Cell" WHERE id = $1 FOR UPDATE`, [cellId]);
    const cutShort = saveAs("Cut short by the stop", start.headRevisionId);
    // The holder's transaction would see pg_stat_activity as at its first look, unless told to look again.
    const waiting = async () => {
      await holder.query("SELECT pg_stat_clear_snapshot()");
      return (await holder.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'`)).rowCount;
    };
    await expect.poll(waiting).toBe(1);
    holder.on("error", () => undefined);

    // Immediate, not fast: a fast shutdown ends the holder's session cleanly, releasing its lock, and the save could take
    // it and commit in the moment before its own session is ended (seen once in CI: 200 instead of 503).
    await cluster.stop("immediate");
    expectUnavailable(await cutShort);
    await holder.end().catch(() => undefined);

    await cluster.start();
    // More saves in a row than the pool holds connections: each needs a transaction of its own.
    for (let index = 0; index < 12; index += 1) expect((await save(`After the restart, save ${index}`)).status).toBe(200);
    const cell = await firstCell();
    expect(cell.text).toBe("After the restart, save 11");
    expect(await appDb.revision.count({ where: { cellId, text: "Cut short by the stop" } })).toBe(0);
  });

  it("gets 503 while the server is shutting down (57P03) and new connections are refused", async () => {
    const session = new pg.Client({ connectionString: cluster.url });
    await session.connect();
    // A smart shutdown waits for the open session and refuses new ones meanwhile; the app's pool starts empty.
    await appDb.$disconnect();
    await cluster.stop("smart", { wait: false });
    await expect.poll(async () => (await saveAs("Refused during shutdown", null)).status).toBe(503);
    expectUnavailable(await readRows());
    await session.end();
    await expect.poll(() => cluster.running()).toBe(false);
    expectUnavailable(await readRows());
    await cluster.start();
    expect((await save("After the shutdown")).status).toBe(200);
  });

  it("gets 503 when the server takes connections but never answers and the pool gives up waiting", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    const db = new PrismaClient({
      adapter: new PrismaPg({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 500 }),
    });
    try {
      const reading = route({ permission: "anyone" }, () => db.user.count());
      const writing = route({ permission: "anyone" }, () => db.$transaction((tx) => tx.user.count()));
      for (const handler of [reading, writing]) {
        const answer = await callRoute(handler as RouteHandler);
        expect(answer.status).toBe(503);
        expect(answer.headers.get("retry-after")).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
        expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("database_unavailable");
      }
    } finally {
      await db.$disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
