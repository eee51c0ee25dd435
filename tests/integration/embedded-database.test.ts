import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDb } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/connection";
import { processStartOf, startEmbeddedDatabase } from "@/lib/db/embedded";
import { environment, finished, runCli, startScript, stop, waitForLine } from "../helpers/processes";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "parallel-data-"));
  // These tests are about the embedded default, whichever database the run targets.
  vi.stubEnv("DATABASE_URL", undefined);
  vi.stubEnv("PARALLEL_DATA_DIR", dataDir);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

const embeddedEnv = () => environment({ DATABASE_URL: undefined, PARALLEL_DATA_DIR: dataDir });

/**
 * Starts `count` processes that each try to own the data directory at the
 * same moment (a few seconds on, once all are loaded), and gives what each
 * said: `OWNER url` (it serves until stopped) or `REFUSED message`.
 */
async function race(count: number) {
  const at = Date.now() + 4000;
  const racers = Array.from({ length: count }, () =>
    startScript("tests/helpers/claim-embedded-database.ts", [dataDir, String(at)], embeddedEnv()),
  );
  const stderr = new Map(racers.map((racer) => [racer, ""]));
  for (const racer of racers) racer.stderr!.on("data", (chunk: Buffer) => stderr.set(racer, stderr.get(racer) + chunk.toString()));
  const said = await Promise.all(racers.map((racer) => waitForLine(racer, /^(OWNER|REFUSED) (.*)$/m)));
  const owners = racers.filter((_, index) => said[index]![1] === "OWNER");
  const refusals = said.filter((line) => line[1] === "REFUSED").map((line) => line[2]);
  return { owners, refusals, stderr };
}

/** Races `count` starts and checks exactly one won, the others were told who, and the winner leaves a clean directory. */
async function expectOneOwner(count: number) {
  const { owners, refusals, stderr } = await race(count);
  try {
    expect(owners).toHaveLength(1);
    const [owner] = owners;
    expect(refusals).toEqual(
      Array(count - 1).fill(expect.stringContaining(`The embedded database in ${dataDir} is already in use by process ${owner!.pid}`)),
    );
    expect(JSON.parse(await readFile(path.join(dataDir, "owner.json"), "utf8"))).toMatchObject({ pid: owner!.pid });
  } finally {
    for (const owner of owners) {
      const code = await stop(owner);
      expect(code, `the owner ended with ${owner.signalCode ?? code}: ${stderr.get(owner)}`).toBe(0);
    }
  }
  // Nothing left behind: no owner file, no temporary or takeover file.
  expect(await readdir(dataDir)).toEqual(["pglite"]);
}

async function deadPid(): Promise<number> {
  const gone = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => gone.once("exit", resolve));
  return gone.pid!;
}

async function startOwner() {
  const owner = startScript("tests/fixtures/own-embedded-database.ts", [], embeddedEnv());
  const [, url] = await waitForLine(owner, /READY (\S+)/);
  return { owner, url: url! };
}

// Most tests start processes that each make a database of their own (initdb in
// WASM) on a machine running two integration files at a time: a minute per test.
describe("the embedded database", { timeout: 60_000 }, () => {
  it("keeps the queries of concurrent connections apart, in and out of transactions", async () => {
    const database = await startEmbeddedDatabase({ dataDir });
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    const failures: string[] = [];
    try {
      await pool.query("CREATE TABLE note (id serial PRIMARY KEY, text text NOT NULL)");
      const writer = async (writerId: number) => {
        for (let n = 0; n < 30; n++) {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            await client.query("INSERT INTO note (text) VALUES ($1)", [`writer ${writerId}, note ${n}`]);
            await client.query("COMMIT");
          } catch (error) {
            failures.push(`writer ${writerId}: ${(error as Error).message}`);
            await client.query("ROLLBACK");
          } finally {
            client.release();
          }
        }
      };
      const reader = async (readerId: number) => {
        for (let n = 0; n < 150; n++) {
          const asked = readerId * 1000 + n;
          try {
            const { rows } = await pool.query("SELECT $1::int AS asked, $2::text AS label, (SELECT count(*) FROM note) AS notes", [
              asked,
              `reader ${readerId}`,
            ]);
            if (rows[0]?.asked !== asked || rows[0]?.label !== `reader ${readerId}`)
              failures.push(`reader ${readerId} got ${JSON.stringify(rows[0])} for ${asked}`);
          } catch (error) {
            failures.push(`reader ${readerId}: ${(error as Error).message}`);
          }
        }
      };
      await Promise.all([writer(1), writer(2), writer(3), reader(1), reader(2), reader(3), reader(4), reader(5)]);
      expect(failures).toEqual([]);
      expect((await pool.query("SELECT count(*)::int AS notes FROM note")).rows[0].notes).toBe(90);
    } finally {
      await pool.end();
      await database.close();
    }
  });

  it("persists in its data directory across owners", async () => {
    const first = await startEmbeddedDatabase({ dataDir });
    const db = createDb(first.url);
    await db.$executeRawUnsafe(`CREATE TABLE kept (word text)`);
    await db.$executeRawUnsafe(`INSERT INTO kept VALUES ('ёлка')`);
    await db.$disconnect();
    await first.close();
    expect(existsSync(path.join(dataDir, "owner.json"))).toBe(false);

    const second = await startEmbeddedDatabase({ dataDir });
    const again = createDb(second.url);
    try {
      expect(await again.$queryRawUnsafe(`SELECT word FROM kept`)).toEqual([{ word: "ёлка" }]);
    } finally {
      await again.$disconnect();
      await second.close();
    }
  });

  it("has one owner: a second process is refused with a clear message and the owner keeps working", async () => {
    const { owner, url } = await startOwner();
    try {
      const published = JSON.parse(await readFile(path.join(dataDir, "owner.json"), "utf8"));
      expect(published).toMatchObject({ pid: owner.pid, url });

      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(
        `The embedded database in ${dataDir} is already in use by process ${owner.pid}`,
      );
      await expect(openDatabase({ mustOwnEmbedded: true })).rejects.toThrow(/Is the app already running\? Stop it first/);

      const second = await runCli(["dev"], embeddedEnv());
      expect(second.code).toBe(1);
      expect(second.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(new RegExp(`^wb: The embedded database in .* is already in use by process ${owner.pid}`)),
      ]);

      const db = createDb(url);
      try {
        expect(await db.user.findUnique({ where: { handle: "owner" } })).toMatchObject({ name: "Owner" });
      } finally {
        await db.$disconnect();
      }
    } finally {
      expect(await stop(owner)).toBe(0);
    }
    expect(existsSync(path.join(dataDir, "owner.json"))).toBe(false);
  });

  it("is shared with the CLI while the app owns it", async () => {
    const { owner, url } = await startOwner();
    try {
      const connection = await openDatabase();
      expect(connection).toMatchObject({ kind: "shared", url });
      await connection.close();

      const status = await runCli(["status"], embeddedEnv());
      expect(status.stderr).toBe("");
      expect(status.stdout).toContain(`served by process ${owner.pid}`);
      expect(status.stdout).toContain("0 pending");
      expect(JSON.parse(await readFile(path.join(dataDir, "owner.json"), "utf8")).pid).toBe(owner.pid);
    } finally {
      await stop(owner);
    }
  });

  it("takes over from an owner that died without cleaning up", async () => {
    await writeFile(
      path.join(dataDir, "owner.json"),
      JSON.stringify({ pid: await deadPid(), url: "postgresql://postgres@127.0.0.1:9/postgres", startedAt: "2026-01-01T00:00:00Z" }),
    );
    const database = await startEmbeddedDatabase({ dataDir });
    try {
      expect(JSON.parse(await readFile(path.join(dataDir, "owner.json"), "utf8"))).toMatchObject({ pid: process.pid, url: database.url });
    } finally {
      await database.close();
    }
  });

  it("takes over from an owner that died starting up once another process has its pid, and not from a live one", async () => {
    // A live process standing for one that got the dead owner's pid.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      const started = await processStartOf(other.pid!);
      expect(started).toMatch(/^\d+$/);
      const ownerJson = path.join(dataDir, "owner.json");
      // The owner that process really is, still starting (no address yet): the directory is its.
      await writeFile(ownerJson, JSON.stringify({ pid: other.pid, processStart: started, url: null, startedAt: "2026-01-01T00:00:00Z" }));
      const busy = await startEmbeddedDatabase({ dataDir }).then(
        async (database) => database.close(),
        (error: unknown) => error,
      );
      expect(busy).toMatchObject({ code: "embedded_database_busy", message: expect.stringContaining(`process ${other.pid} `) });

      // An owner that started before that process: it died, and the pid was given again.
      await writeFile(
        ownerJson,
        JSON.stringify({ pid: other.pid, processStart: String(Number(started) - 1), url: null, startedAt: "2026-01-01T00:00:00Z" }),
      );
      const database = await startEmbeddedDatabase({ dataDir });
      try {
        expect(JSON.parse(await readFile(ownerJson, "utf8"))).toMatchObject({ pid: process.pid, url: database.url });
      } finally {
        await database.close();
      }
    } finally {
      other.kill("SIGKILL");
    }
  });

  it("has exactly one owner when several starts race for a free directory", async () => {
    await expectOneOwner(3);
  });

  it("has exactly one owner when several starts race to take over from a dead owner", async () => {
    const stale = { pid: await deadPid(), url: null, startedAt: "2026-01-01T00:00:00Z" };
    await writeFile(path.join(dataDir, "owner.json"), JSON.stringify(stale));
    await expectOneOwner(3);
  });

  it("has exactly one owner when several starts find an empty owner file", async () => {
    await writeFile(path.join(dataDir, "owner.json"), "");
    await expectOneOwner(3);
  });

  it("has exactly one owner when several starts find an owner file cut short", async () => {
    await writeFile(path.join(dataDir, "owner.json"), `{"pid": ${process.pid}, "url": "postgr`);
    await expectOneOwner(3);
  });

  it("closes the database and gives up the directory when stopped during start-up", async () => {
    const app = startScript("lib/cli/main.ts", ["start", "--port", "0"], embeddedEnv());
    const exited = finished(app);
    // Stopped as soon as it owns the directory: PGlite is then still being made.
    while (!existsSync(path.join(dataDir, "owner.json"))) {
      expect(app.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    app.kill("SIGTERM");
    const { code, stdout, stderr } = await exited;
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).not.toContain("Database:");
    expect(await readdir(dataDir)).toEqual(["pglite"]);

    // The next start finds a database closed cleanly and nothing to clean up.
    const again = await startEmbeddedDatabase({ dataDir });
    try {
      const db = createDb(again.url);
      expect(await db.$queryRawUnsafe(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      await db.$disconnect();
    } finally {
      await again.close();
    }
  });
});
