import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, inject } from "vitest";
import { createDb } from "@/lib/db/client";
import { findEmbeddedOwner } from "@/lib/db/embedded";
import { createDocument } from "@/lib/documents/create-document";
import { readSpeech } from "@/lib/documents/speech";
import { ensureSystemUser } from "@/lib/users";
import { createTestDatabase, type TestDatabase } from "./database";
import { environment, freePort, startScript, stop, waitForLine } from "./processes";

export interface RunningApp {
  /** http://localhost:PORT */
  base: string;
  /** The `wb start` process, for tests that read its output. */
  process: ChildProcess;
  /** The database the app uses (the embedded one as the app serves it). */
  databaseUrl: string;
  /**
   * A copy of the speech as `wb start` seeds it (same languages, labels,
   * statuses and text) under a new slug, for a test that changes a document:
   * the seeded speech itself stays as it was, whatever ran before.
   */
  copySpeech(): Promise<{ slug: string; title: string }>;
  /** Stops the app (it must exit cleanly) and drops its database. */
  stop(): Promise<void>;
}

/**
 * The app as it runs in production (`wb start`, on the build that
 * tests/setup/app-build.ts made or found) on a free port: against a new
 * database on the run's Postgres when DATABASE_URL is set, otherwise against
 * a fresh embedded data directory. Every page is built already, so the app
 * answers as soon as it says it is ready.
 */
export async function startApp(): Promise<RunningApp> {
  const port = await freePort();
  const database: TestDatabase | undefined = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-e2e-"));
  const env = environment({
    DATABASE_URL: database?.url,
    PARALLEL_DATA_DIR: dataDir,
    NEXT_DIST_DIR: inject("appBuildDir"),
  });
  const app = startScript("lib/cli/main.ts", ["start", "--port", String(port)], env);
  let databaseUrl: string;
  try {
    await waitForLine(app, /Ready in/);
    databaseUrl = database?.url ?? (await findEmbeddedOwner(dataDir))?.url ?? "";
    if (!databaseUrl) throw new Error(`The app owns no embedded database in ${dataDir}`);
  } catch (error) {
    await stop(app);
    await database?.drop();
    throw error;
  }
  let copies = 0;
  return {
    base: `http://localhost:${port}`,
    process: app,
    databaseUrl,
    async copySpeech() {
      copies += 1;
      const speech = await readSpeech();
      const copy = { slug: `speech-copy-${copies}`, title: `${speech.title} (copy ${copies})` };
      const db = createDb(databaseUrl);
      try {
        const system = await ensureSystemUser(db);
        await createDocument(db, { ...speech, ...copy }, { authorId: system.id });
      } finally {
        await db.$disconnect();
      }
      return copy;
    },
    async stop() {
      expect(await stop(app, "SIGINT")).toBe(0);
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
