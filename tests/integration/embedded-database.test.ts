import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDb } from "@/lib/db/client";
import { openDatabase } from "@/lib/db/connection";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { environment, runCli, startScript, stop, waitForLine } from "../helpers/processes";

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
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    await writeFile(
      path.join(dataDir, "owner.json"),
      JSON.stringify({ pid: gone.pid, url: "postgresql://postgres@127.0.0.1:9/postgres", startedAt: "2026-01-01T00:00:00Z" }),
    );
    const database = await startEmbeddedDatabase({ dataDir });
    try {
      expect(JSON.parse(await readFile(path.join(dataDir, "owner.json"), "utf8"))).toMatchObject({ pid: process.pid, url: database.url });
    } finally {
      await database.close();
    }
  });
});
