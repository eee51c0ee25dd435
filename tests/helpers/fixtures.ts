import { test as base } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { queuedRechecksDone } from "@/lib/documents/checks";
import { seedSpeech, SPEECH_SLUG } from "@/lib/documents/speech";
import { createMigratedTestDatabase } from "./database";

/**
 * `test` for integration tests: each file gets its own migrated database,
 * made when its first test (or `test.beforeAll`) asks for it and dropped
 * after its last test.
 * - `url`: the database's address, for child processes and raw clients;
 * - `db`: a Prisma client on it, disconnected after the file (once the
 *   re-checks that saves queued have run).
 */
export const test = base
  .extend("url", { scope: "file" }, async ({}, { onCleanup }) => {
    const database = await createMigratedTestDatabase();
    onCleanup(() => database.drop());
    return database.url;
  })
  .extend("db", { scope: "file" }, async ({ url }, { onCleanup }) => {
    const db = createDb(url);
    onCleanup(async () => {
      await queuedRechecksDone();
      await db.$disconnect();
    });
    return db;
  });

/**
 * `test` whose file database holds the speech (data/speech), seeded before
 * the file's first test: `documentId` is its document.
 */
export const speechTest = test.extend("documentId", { scope: "file", auto: true }, async ({ db }) => {
  await seedSpeech(db);
  return (await db.document.findUniqueOrThrow({ where: { slug: SPEECH_SLUG } })).id;
});

/** Adds a user, for a file's fixtures of the people its tests act as; gives the id. */
export const addUser = async (db: Db, handle: string, name: string) => (await db.user.create({ data: { handle, name } })).id;

/**
 * A file fixture, `.extend("appDb", { scope: "file", auto: true }, servingRoutes)`,
 * for tests that call API route handlers: they reach the database through
 * getAppDb() (lib/db/app-db.ts), which keeps its client on globalThis.
 */
export function servingRoutes({ db }: { db: Db }, { onCleanup }: { onCleanup: (cleanup: () => void) => void }): Db {
  const app = globalThis as { parallelDb?: Db };
  app.parallelDb = db;
  onCleanup(() => void delete app.parallelDb);
  return db;
}
