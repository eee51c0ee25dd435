import { cp, mkdtemp, readFile, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { createDb } from "@/lib/db/client";
import { applyMigrations, checksumOf, migrationState, readMigrations } from "@/lib/db/migrate";
import type { CrashWork } from "../helpers/crash-worker";
import { migrationsDir } from "@/lib/paths";
import { killWhenWriting, makeTarget } from "../helpers/crash-target";
import { createTestDatabase } from "../helpers/database";
import { startScript, waitForLine } from "../helpers/processes";
import { startCuttingProxy } from "../helpers/tcp-proxy";

// Each test gets a database of its own with no migration applied, since
// applying them is what is tested, and a client for it.
const it = test
  .extend("url", async ({}, { onCleanup }) => {
    const database = await createTestDatabase();
    onCleanup(() => database.drop());
    return database.url;
  })
  .extend("db", async ({ url }, { onCleanup }) => {
    const db = createDb(url);
    onCleanup(() => db.$disconnect());
    return db;
  });

async function query<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "parallel-migrations-"));
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

describe("the migration runner", () => {
  it("records each migration the way prisma migrate deploy does", async ({ url }) => {
    const migrations = await readMigrations();
    expect(await migrationState(url)).toEqual({ applied: [], pending: migrations.map((m) => m.name) });

    expect(await applyMigrations(url)).toEqual(migrations.map((m) => m.name));

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY started_at`);
    expect(rows).toHaveLength(migrations.length);
    for (const [index, row] of rows.entries()) {
      const file = await readFile(path.join(migrationsDir, row.migration_name, "migration.sql"), "utf8");
      expect(row.migration_name).toBe(migrations[index]!.name);
      expect(row.checksum).toBe(checksumOf(file));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
    }
    expect(await applyMigrations(url)).toEqual([]);
    expect((await migrationState(url)).pending).toEqual([]);
  });

  it("gives a database where every model round-trips through the Prisma Client", async ({ url, db }) => {
    await applyMigrations(url);

    const user = await db.user.create({ data: { handle: "ana", name: "Ана Иванова", kind: "human" } });
    const document = await db.document.create({ data: { slug: "round-trip", title: "Round trip" } });
    const language = await db.documentLanguage.create({
      data: { documentId: document.id, code: "ru", label: "Русский", isOriginal: true, provenance: "test", position: 0 },
    });
    const segment = await db.segment.create({
      data: { documentId: document.id, position: 0, alignmentStatus: "confirmed", alignmentScore: 0.42 },
    });
    const cell = await db.cell.create({
      data: { segmentId: segment.id, languageId: language.id, status: "translated", stale: true, version: 3 },
    });
    const first = await db.revision.create({ data: { cellId: cell.id, text: "Ёлка 🎄", authorId: user.id, kind: "import" } });
    const second = await db.revision.create({
      data: { cellId: cell.id, text: "Ёлки", parentId: first.id, authorId: user.id, kind: "edit", note: "plural" },
    });
    await db.cell.update({ where: { id: cell.id }, data: { headRevisionId: second.id, text: second.text } });
    const change = await db.alignmentChange.create({
      data: { documentId: document.id, kind: "split", authorId: user.id, details: { rows: [segment.id], at: 3 }, note: "n" },
    });
    const undo = await db.alignmentChange.create({
      data: { documentId: document.id, kind: "undo", authorId: user.id, details: {}, revertsId: change.id },
    });
    await db.cell.update({ where: { id: cell.id }, data: { approvedRevisionId: first.id } });
    const snapshot = await db.snapshot.create({
      data: {
        documentId: document.id,
        name: "reviewed 1",
        authorId: user.id,
        state: { rows: [{ segmentId: segment.id, cells: { ru: second.id } }] },
      },
    });
    const decision = await db.reviewDecision.create({
      data: { cellId: cell.id, revisionId: first.id, verdict: "approve", reviewerId: user.id, note: "ok" },
    });
    const expiresAt = new Date("2030-01-01T00:00:00.123Z");
    await db.cellPresence.create({ data: { cellId: cell.id, userId: user.id, expiresAt } });

    const read = await db.document.findUniqueOrThrow({
      where: { id: document.id },
      include: {
        languages: true,
        alignmentChanges: { include: { author: true }, orderBy: { id: "asc" } },
        segments: { include: { cells: { include: { headRevision: { include: { parent: true, author: true } }, revisions: true } } } },
      },
    });
    expect(read).toMatchObject({ slug: "round-trip", title: "Round trip" });
    expect(read.languages).toEqual([language]);
    expect(read.alignmentChanges).toEqual([
      { ...change, author: user },
      { ...undo, author: user },
    ]);
    expect(await db.alignmentChange.findUniqueOrThrow({ where: { id: change.id }, include: { revertedBy: true } })).toMatchObject({
      revertedBy: { id: undo.id, kind: "undo" },
    });
    expect(await db.cellPresence.findMany({ include: { user: true } })).toEqual([{ cellId: cell.id, userId: user.id, expiresAt, user }]);
    const [readSegment] = read.segments;
    expect(readSegment).toMatchObject({ position: 0, alignmentStatus: "confirmed", alignmentScore: 0.42, deletedAt: null });
    const [readCell] = readSegment!.cells;
    expect(readCell).toMatchObject({ text: "Ёлки", status: "translated", stale: true, version: 3 });
    expect(readCell!.headRevision).toMatchObject({ text: "Ёлки", kind: "edit", note: "plural", parent: first, author: user });
    expect(readCell!.revisions.map((revision) => revision.text)).toEqual(["Ёлка 🎄", "Ёлки"]);
    expect(await db.user.findUniqueOrThrow({ where: { handle: "ana" } })).toEqual(user);
    expect(await db.snapshot.findUniqueOrThrow({ where: { documentId_name: { documentId: document.id, name: "reviewed 1" } } })).toEqual(
      snapshot,
    );
    expect(
      await db.cell.findUniqueOrThrow({
        where: { id: cell.id },
        include: { approvedRevision: true, reviewDecisions: { include: { revision: true } } },
      }),
    ).toMatchObject({
      approvedRevision: first,
      reviewDecisions: [{ ...decision, revision: first }],
    });
    await expect(db.reviewDecision.delete({ where: { id: decision.id } })).rejects.toThrow(/append-only/);
    await expect(db.snapshot.update({ where: { id: snapshot.id }, data: { name: "renamed" } })).rejects.toThrow(/append-only/);
  });

  it("keeps revisions and the alignment log append-only", async ({ url, db }) => {
    await applyMigrations(url);
    const user = await db.user.create({ data: { handle: "u", name: "U" } });
    const document = await db.document.create({ data: { slug: "d", title: "D" } });
    const language = await db.documentLanguage.create({ data: { documentId: document.id, code: "en", label: "English", position: 0 } });
    const segment = await db.segment.create({ data: { documentId: document.id, position: 0 } });
    const cell = await db.cell.create({ data: { segmentId: segment.id, languageId: language.id } });
    const revision = await db.revision.create({ data: { cellId: cell.id, text: "kept", authorId: user.id, kind: "edit" } });
    const change = await db.alignmentChange.create({ data: { documentId: document.id, kind: "insert", authorId: user.id, details: {} } });

    await expect(db.revision.update({ where: { id: revision.id }, data: { text: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(db.revision.delete({ where: { id: revision.id } })).rejects.toThrow(/append-only/);
    await expect(db.alignmentChange.delete({ where: { id: change.id } })).rejects.toThrow(/append-only/);
    expect((await db.revision.findUniqueOrThrow({ where: { id: revision.id } })).text).toBe("kept");
  });

  it("allows at most one original language per document", async ({ url, db }) => {
    await applyMigrations(url);
    const document = await db.document.create({ data: { slug: "d", title: "D" } });
    await db.documentLanguage.create({ data: { documentId: document.id, code: "ru", label: "ru", isOriginal: true, position: 0 } });
    await expect(
      db.documentLanguage.create({ data: { documentId: document.id, code: "en", label: "en", isOriginal: true, position: 1 } }),
    ).rejects.toThrow();
    await db.documentLanguage.create({ data: { documentId: document.id, code: "en", label: "en", isOriginal: false, position: 1 } });
  });

  it("refuses to go on when an applied migration was edited", async ({ url }) => {
    const dir = await copyOfMigrations();
    await applyMigrations(url, dir);
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited afterwards\n`);

    await expect(applyMigrations(url, dir)).rejects.toThrow(
      new RegExp(`Migration ${first!.name} was applied with checksum ${first!.checksum}, but .* now has checksum [0-9a-f]{64}`),
    );
    await expect(migrationState(url, dir)).rejects.toThrow(/must never be edited/);
  });

  it("rolls a failing migration back whole and records nothing for it", async ({ url }) => {
    const dir = await copyOfMigrations();
    await applyMigrations(url, dir);
    const broken = "29991231000000_broken";
    await mkdir(path.join(dir, broken));
    await writeFile(path.join(dir, broken, "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n`);

    await expect(applyMigrations(url, dir)).rejects.toThrow(`Migration ${broken} failed and was rolled back`);
    const tables = await query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Half'`);
    expect(tables).toEqual([]);
    const recorded = await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken]);
    expect(recorded).toEqual([]);
    expect((await migrationState(url, dir)).pending).toEqual([broken]);
  });

  it("refuses a database that has migrations this code does not know", async ({ url }) => {
    await applyMigrations(url);
    await query(
      url,
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('x', 'y', '29990101000000_future', now(), 1)`,
    );
    await expect(applyMigrations(url)).rejects.toThrow(/29990101000000_future, which prisma\/migrations does not contain/);
  });

  it("applies each migration once when two runners start together", async ({ url }) => {
    const migrations = await readMigrations();
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...first, ...second].sort()).toEqual(migrations.map((m) => m.name).sort());
    const recorded = await query<{ migration_name: string }>(
      url,
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
  });

  it("waits for another migrator's lock, and gives up after the timeout naming who holds it", async ({ url }) => {
    const holder = new pg.Client({ connectionString: url, application_name: "another-migrator" });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707369)");
      if (!process.env.DATABASE_URL) {
        // PGlite is one session shared by every connection: a lock taken by one is
        // granted to all, so there is no one to wait for (two runners are kept
        // apart by their transactions instead, as the test above shows).
        expect(await applyMigrations(url, undefined, { lockTimeoutMs: 500 })).toHaveLength((await readMigrations()).length);
        return;
      }
      const [{ pid }] = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows as [{ pid: number }];
      const started = Date.now();
      await expect(applyMigrations(url, undefined, { lockTimeoutMs: 1000 })).rejects.toThrow(
        new RegExp(
          `Another migration has held the migration lock of database ".+" for more than 1 s, held by server process ${pid} \\("another-migrator" from 127\\.0\\.0\\.1\\)`,
        ),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(await query(url, `SELECT 1 FROM pg_tables WHERE tablename = '_prisma_migrations'`)).toEqual([]);

      // A runner that is still waiting when the lock is let go goes on.
      const waiting = applyMigrations(url, undefined, { lockTimeoutMs: 20_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await holder.query("SELECT pg_advisory_unlock(72707369)");
      expect(await waiting).toHaveLength((await readMigrations()).length);
    } finally {
      await holder.end();
    }
  });

  it("reports the migration's own error first when the rollback fails too", async ({ url }) => {
    const dir = await copyOfMigrations();
    await applyMigrations(url, dir);
    const broken = "29991231000000_broken";
    await mkdir(path.join(dir, broken));
    await writeFile(path.join(dir, broken, "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n`);
    // The connection breaks as the runner sends ROLLBACK.
    const proxy = await startCuttingProxy(url, "ROLLBACK");
    try {
      const failure = await applyMigrations(proxy.url, dir).then(
        () => expect.unreachable("the broken migration was applied"),
        (error: Error) => error.message,
      );
      expect(failure).toMatch(
        new RegExp(`^Migration ${broken} failed: function no_such_function\\(\\) does not exist\\. Rolling it back failed too: .+`),
      );
    } finally {
      await proxy.close();
    }
    // The server rolled the transaction back when the connection went.
    await expect.poll(() => query(url, `SELECT 1 FROM pg_tables WHERE tablename = 'Half'`)).toEqual([]);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken])).toEqual([]);
    expect((await migrationState(url, dir)).pending).toEqual([broken]);
  });
});

describe("a migration runner killed with SIGKILL", () => {
  test("leaves the database as it was before the migration", { timeout: 180_000 }, async () => {
    const target = await makeTarget();
    try {
      const dir = await copyOfMigrations();
      const slow = "29991231000000_slow";
      await mkdir(path.join(dir, slow));
      const sql = `CREATE TABLE "Half" (id int);\nINSERT INTO "Half" SELECT generate_series(1, 1000);\n`;
      await writeFile(path.join(dir, slow, "migration.sql"), `${sql}SELECT pg_sleep(3);\n`);
      const seen = async () => {
        const opened = await target.open();
        try {
          return {
            tables: await query(opened.url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`),
            recorded: await query(opened.url, `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`),
            pending: (await migrationState(opened.url, dir)).pending,
          };
        } finally {
          await opened.close();
        }
      };
      const before = await seen();
      expect(before.pending).toEqual([slow]);

      const work: CrashWork = { kind: "migrate", dir };
      const runner = startScript("tests/helpers/crash-worker.ts", [JSON.stringify(work)], target.env);
      await waitForLine(runner, /^STARTED$/m);
      await killWhenWriting(runner, target);
      expect(await seen()).toEqual(before);

      // Nothing to clean up: the next run applies it.
      await writeFile(path.join(dir, slow, "migration.sql"), sql);
      const opened = await target.open();
      try {
        expect(await applyMigrations(opened.url, dir)).toEqual([slow]);
        expect(await query(opened.url, `SELECT count(*)::int AS n FROM "Half"`)).toEqual([{ n: 1000 }]);
      } finally {
        await opened.close();
      }
    } finally {
      await target.drop();
    }
  });
});
