import type { ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { createTestDatabase, type TestDatabase } from "./database";
import { environment, freePort, startScript, stop, waitForLine } from "./processes";

export interface RunningApp {
  /** http://localhost:PORT */
  base: string;
  /** The `wb dev` process, for tests that read its output. */
  process: ChildProcess;
  /** Stops the app (it must exit cleanly) and drops its database. */
  stop(): Promise<void>;
}

/**
 * The app as a newcomer starts it (`wb dev`) on a free port: against a new
 * database on the run's Postgres when DATABASE_URL is set, otherwise against
 * a fresh embedded data directory. E2E_DIST_DIR keeps its build output apart
 * from another dev server's.
 *
 * `warm` lists pages to request once before any browser opens: `next dev`
 * compiles a route on its first request, and a compile while other pages
 * are open can reload them under a test's feet.
 */
export async function startApp(options: { warm?: string[] } = {}): Promise<RunningApp> {
  const port = await freePort();
  const database: TestDatabase | undefined = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const env = environment({
    DATABASE_URL: database?.url,
    PARALLEL_DATA_DIR: await mkdtemp(path.join(tmpdir(), "parallel-e2e-")),
    NEXT_DIST_DIR: process.env.E2E_DIST_DIR ?? ".next-test",
  });
  const app = startScript("lib/cli/main.ts", ["dev", "--port", String(port)], env);
  await waitForLine(app, /Ready in/);
  const base = `http://localhost:${port}`;
  for (const page of options.warm ?? []) await fetch(base + page);
  return {
    base,
    process: app,
    async stop() {
      expect(await stop(app, "SIGINT")).toBe(0);
      await database?.drop();
    },
  };
}
