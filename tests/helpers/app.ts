import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/generated/enums";
import { findEmbeddedOwner } from "@/lib/db/embedded";
import { createDocument } from "@/lib/documents/create-document";
import { readSpeech } from "@/lib/documents/speech";
import { ensureSystemUser } from "@/lib/users";
import { addPerson, type Person, tokenHeaders } from "./auth";
import { createTestDatabase, type TestDatabase } from "./database";
import { environment, freePort, startScript, stop, waitForLine } from "./processes";

export interface RunningApp {
  /** http://localhost:PORT */
  base: string;
  /** The `wb start` process, for tests that read its output. */
  process: ChildProcess;
  /** The database the app uses (the embedded one as the app serves it). */
  databaseUrl: string;
  /** A client on that database, for what a test sets up as an admin would (an invitation, language limits). */
  db: Db;
  /**
   * A copy of the speech as `wb start` seeds it (same languages, labels,
   * statuses and text) under a new slug, for a test that changes a document:
   * the seeded speech itself stays as it was, whatever ran before. Private
   * (signed-in readers only) unless `publicRead`.
   */
  copySpeech(options?: { publicRead?: boolean }): Promise<{ slug: string; title: string }>;
  /**
   * A person with an account (password TEST_PASSWORD) in the app's
   * database, made the first time a handle is asked for; a handle keeps
   * the role it was first made with (asking for another is a mistake).
   */
  person(handle: string, role: UserRole, name?: string): Promise<Person>;
  /** Headers for fetch() acting as that person through an API token of theirs (one per handle), sending JSON. */
  apiHeaders(handle: string, role: UserRole, name?: string): Promise<Record<string, string>>;
  /** Stops the app (it must exit cleanly) and drops its database. */
  stop(): Promise<void>;
}

/** The latest lines each running app wrote on stderr, timestamped (a failing browser test prints them: see recentAppErrors). */
const appErrors = new Map<ChildProcess, string[]>();
const KEPT_ERROR_LINES = 60;

/** What the apps of this test file wrote on stderr lately: in CI, the log is all there is to read of a failure. */
export function recentAppErrors(): string[] {
  return [...appErrors.values()].flat();
}

/**
 * The app as it runs in production (`wb start`, on the build that
 * tests/setup/app-build.ts made or found) on a free port: against a new
 * database on the run's Postgres when DATABASE_URL is set, otherwise against
 * a fresh embedded data directory. Every page is built already, so the app
 * answers as soon as it says it is ready. `env` adds to the app's environment.
 */
export async function startApp(options: { env?: Record<string, string> } = {}): Promise<RunningApp> {
  const port = await freePort();
  const database: TestDatabase | undefined = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-e2e-"));
  const env = environment({
    DATABASE_URL: database?.url,
    PARALLEL_DATA_DIR: dataDir,
    NEXT_DIST_DIR: inject("appBuildDir"),
    ...options.env,
  });
  const app = startScript("lib/cli/main.ts", ["start", "--port", String(port)], env);
  const errors: string[] = [];
  appErrors.set(app, errors);
  app.stderr?.on("data", (chunk: Buffer) => {
    const at = new Date().toISOString().slice(11, 23);
    for (const line of chunk.toString().split("\n")) if (line.trim()) errors.push(`${at} ${line}`);
    errors.splice(0, Math.max(0, errors.length - KEPT_ERROR_LINES));
  });
  app.once("exit", () => appErrors.delete(app));
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
  const db: Db = createDb(databaseUrl);
  const people = new Map<string, Promise<Person>>();
  const tokens = new Map<string, Promise<{ authorization: string }>>();
  const person = (handle: string, role: UserRole, name = handle[0]!.toUpperCase() + handle.slice(1)) => {
    const made = people.get(handle) ?? addPerson(db, handle, role, { name });
    people.set(handle, made);
    return made.then((found) => {
      if (found.role !== role) throw new Error(`${handle} was made a ${found.role}; a test asks for a ${role}`);
      return found;
    });
  };
  return {
    base: `http://localhost:${port}`,
    process: app,
    databaseUrl,
    db,
    async copySpeech(options = {}) {
      copies += 1;
      const speech = await readSpeech();
      const copy = { slug: `speech-copy-${copies}`, title: `${speech.title} (copy ${copies})` };
      const system = await ensureSystemUser(db);
      await createDocument(db, { ...speech, ...copy, publicRead: options.publicRead ?? false }, { authorId: system.id });
      return copy;
    },
    person,
    async apiHeaders(handle, role, name) {
      const found = await person(handle, role, name);
      const made = tokens.get(handle) ?? tokenHeaders(db, found);
      tokens.set(handle, made);
      return { ...(await made), "content-type": "application/json" };
    },
    async stop() {
      await db.$disconnect();
      expect(await stop(app, "SIGINT")).toBe(0);
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
