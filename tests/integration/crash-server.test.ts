// kill -9 of the running app in the middle of long writes sent over HTTP,
// as a user meets it: `wb start` on the production build, a request (a
// 20,000-paragraph import, a realignment, a shift on a long document, a bulk
// revert, a review's bulk approval), and once it is writing either the
// Next.js server (the process doing the work) or the `wb` parent is killed. On the embedded database the parent is the
// process that hosts PGlite, so that kill cuts PGlite short mid-write and the
// server, left without a parent, stops itself. Then `wb start` again on the
// same data must come up without manual cleanup, and the write must be there
// whole or not at all, the text invariant holding (the same checks as
// crash-recovery.test.ts, which kills the process doing the work directly).
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import { writeCellText } from "@/lib/cells/write-cell-text";
import type { Db } from "@/lib/db/client";
import { migrationState } from "@/lib/db/migrate";
import { inTransaction } from "@/lib/db/transaction";
import { seedSpeech } from "@/lib/documents/speech";
import { previewBulkRevert } from "@/lib/revisions/bulk-revert";
import { shiftCell } from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { allEnded, descendantsOf, makeTarget, stateOf, type State, type Target } from "../helpers/crash-target";
import { freePort, startScript, stop, waitForLine } from "../helpers/processes";
import { seedDocument } from "../helpers/seed-document";

const LONG_FILE = Array.from({ length: 20_000 }, (_, n) => `Paragraph ${n + 1} of a long file, with a few words.`).join("\n\n");

interface App {
  wb: ChildProcess;
  base: string;
  /** wb's descendants once it was ready, the Next.js server among them: known before any kill, so a kill waits for no lookup. */
  children: { pid: number; command: string }[];
  /** What wb and its server printed, for a failure's message. */
  output: () => string;
}

/** `wb start` on the target's data, the way a user starts it, once it says it is ready. */
async function startApp(target: Target, secrets: string): Promise<App> {
  const port = await freePort();
  const wb = startScript("lib/cli/main.ts", ["start", "--port", String(port)], {
    // The sign-in secret's file, in the data directory (embedded) or else a folder of the test's own.
    PARALLEL_DATA_DIR: secrets,
    ...target.env,
    NEXT_DIST_DIR: inject("appBuildDir"),
  });
  let said = "";
  wb.stdout!.on("data", (chunk: Buffer) => (said += chunk.toString()));
  wb.stderr!.on("data", (chunk: Buffer) => (said += chunk.toString()));
  try {
    await waitForLine(wb, /Ready in/);
    return { wb, base: `http://localhost:${port}`, children: await descendantsOf(wb.pid!), output: () => said };
  } catch (error) {
    await stop(wb, "SIGKILL");
    throw error;
  }
}

/** A request to the app, as the person whose headers are given; `stream`: it answers with a progress stream. */
interface HttpWork {
  send: (base: string, headers: Record<string, string>) => Promise<Response>;
  stream: boolean;
}

const json = (path: string, body: unknown): HttpWork => ({
  send: (base, headers) =>
    fetch(`${base}${path}`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }),
  stream: path.endsWith("/realign"),
});

async function* ndjson(body: ReadableStream<Uint8Array>): AsyncGenerator<{ type: string }> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n")) >= 0) {
      yield JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
    }
  }
}

/**
 * Sends the request and resolves once the server works on it: for a progress
 * stream once its first line came (the rest is read in the background, and
 * breaks off when the server dies); otherwise at once (the answer, if any
 * comes, is dropped).
 */
async function begin(app: App, headers: Record<string, string>, request: HttpWork): Promise<void> {
  const answer = request.send(app.base, headers);
  if (!request.stream) return void answer.catch(() => undefined);
  const response = await answer;
  expect(response.status, app.output()).toBe(200);
  const lines = ndjson(response.body!);
  const first = await lines.next();
  if (first.done || first.value.type !== "progress") throw new Error(`The work ended before it began: ${JSON.stringify(first.value)}`);
  void (async () => {
    for await (const _ of lines);
  })().catch(() => undefined);
}

/** Sends the request and reads its answer to the end: it must succeed. */
async function runWhole(app: App, headers: Record<string, string>, request: HttpWork): Promise<void> {
  const response = await request.send(app.base, headers);
  expect(response.status, app.output()).toBe(200);
  if (!request.stream) return;
  const lines: { type: string }[] = [];
  for await (const line of ndjson(response.body!)) lines.push(line);
  expect(lines.at(-1), app.output()).toMatchObject({ type: "result" });
}

/** Stops the app as Ctrl+C does; it must exit cleanly. */
async function stopApp(app: App) {
  expect(await stop(app.wb, "SIGINT"), app.output()).toBe(0);
}

interface Data {
  target: Target;
  secrets: string;
  headers: Record<string, string>;
  /** The system user, who made the documents the requests act on. */
  systemId: number;
}

const it = test.extend("data", { scope: "file" }, async ({}, { onCleanup }): Promise<Data> => {
  const target = await makeTarget();
  const secrets = await mkdtemp(path.join(tmpdir(), "parallel-crash-secrets-"));
  onCleanup(async () => {
    await target.drop();
    await rm(secrets, { recursive: true, force: true });
  });
  // What `wb start` would do on a first start (the speech), and an admin who imports with a token.
  const opened = await target.open();
  try {
    await seedSpeech(opened.db);
    const admin = await addPerson(opened.db, "ada", "admin");
    const system = await ensureSystemUser(opened.db);
    return { target, secrets, headers: await tokenHeaders(opened.db, admin), systemId: system.id };
  } finally {
    await opened.close();
  }
});

/**
 * Prepares the data (`prepare`, on the open database, gives the request),
 * starts the app, sends the request and, once it is writing, kills what
 * `kill` kills; then starts the app again on the same data and compares the
 * data with how it was before, or else with a copy of it that the whole
 * request ran on.
 */
async function crashDuring(
  { target, secrets, headers, systemId }: Data,
  slug: string,
  prepare: (db: Db, systemId: number) => Promise<HttpWork>,
  kill: (app: App) => Promise<void>,
) {
  const opened = await target.open();
  let request: HttpWork;
  let before: State;
  try {
    request = await prepare(opened.db, systemId);
    before = await stateOf(opened.db, slug);
  } finally {
    await opened.close();
  }
  const pristine = await target.copy();
  try {
    const app = await startApp(target, secrets);
    try {
      await begin(app, headers, request);
      await target.writing(app.wb);
      await kill(app);
    } finally {
      if (app.wb.exitCode === null && app.wb.signalCode === null) await stop(app.wb, "SIGKILL");
    }

    // A restart on the same data, nothing cleaned up by hand: it starts and serves.
    const again = await startApp(target, secrets);
    try {
      const listed = await fetch(`${again.base}/api/documents`, { headers });
      expect(listed.status, again.output()).toBe(200);
    } finally {
      await stopApp(again);
    }
    const restarted = await target.open();
    let after: State;
    try {
      expect((await migrationState(restarted.url)).pending).toEqual([]);
      after = await stateOf(restarted.db, slug);
    } finally {
      await restarted.close();
    }
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    // Not as before: then exactly as the whole request leaves it.
    const whole = await startApp(pristine, secrets);
    try {
      await runWhole(whole, headers, request);
    } finally {
      await stopApp(whole);
    }
    const done = await pristine.open();
    try {
      expect(after).toEqual(await stateOf(done.db, slug));
    } finally {
      await done.close();
    }
  } finally {
    await pristine.drop();
  }
}

/** Kills the server under wb (server.ts, whose process is titled parallel-server); wb then closes the database and exits saying the server failed. */
async function killServer(app: App) {
  const server = app.children.find((child) => child.command.startsWith("parallel-server"));
  expect(server, "no parallel-server process under wb").toBeDefined();
  const wbExited = new Promise<number | null>((resolve) => app.wb.once("exit", resolve));
  process.kill(server!.pid, "SIGKILL");
  expect(await wbExited, app.output()).toBe(128 + 9);
}

/** Kills wb; its server must stop by itself (it notices within half a second and has 5 s to close). */
async function killWb(app: App) {
  const children = app.children.map((child) => child.pid);
  const wbExited = new Promise((resolve) => app.wb.once("exit", (_, signal) => resolve(signal)));
  app.wb.kill("SIGKILL");
  expect(await wbExited).toBe("SIGKILL");
  expect(await allEnded(children, 15_000)).toBe(true);
}

/** The 20,000-paragraph file posted as a new document. */
const importRequest = (slug: string) => async (): Promise<HttpWork> => ({
  send: (base, headers) => {
    const form = new FormData();
    form.set("file", new Blob([LONG_FILE], { type: "text/plain" }), "long.txt");
    form.set("slug", slug);
    form.set("title", "Killed mid-import");
    form.set("language", "en");
    return fetch(`${base}/api/documents/import`, { method: "POST", headers, body: form });
  },
  stream: true,
});

const firstRow = (db: Db, documentId: number) =>
  db.segment.findFirstOrThrow({ where: { documentId, deletedAt: null }, orderBy: { position: "asc" } });

/** The long writes of the issue, each prepared on a document named `slug`, and the request that makes it. */
const OPERATIONS: { name: string; prepare: (slug: string) => (db: Db, systemId: number) => Promise<HttpWork> }[] = [
  { name: "an import of 20,000 paragraphs", prepare: importRequest },
  {
    name: "a realignment",
    prepare: (slug) => async (db, systemId) => {
      const { documentId } = await seedDocument(db, { slug, rows: 1000, authorId: systemId });
      // English one row off from the top: the realignment has every row to put back.
      await shiftCell(db, { segmentId: (await firstRow(db, documentId)).id, languageCode: "en", direction: "down", authorId: systemId });
      return json(`/api/documents/${slug}/realign`, { language: "en" });
    },
  },
  {
    name: "a shift on a long document",
    prepare: (slug) => async (db, systemId) => {
      const { documentId } = await seedDocument(db, { slug, rows: 1500, authorId: systemId });
      const row = await firstRow(db, documentId);
      return json(`/api/documents/${slug}/operations`, { op: "shift", segmentId: row.id, languageCode: "en", direction: "down" });
    },
  },
  {
    name: "a bulk revert",
    prepare: (slug) => async (db, systemId) => {
      const { documentId } = await seedDocument(db, { slug, rows: 250, authorId: systemId });
      const ana = await db.user.upsert({ where: { handle: "ana" }, update: {}, create: { handle: "ana", name: "Ana" } });
      const cells = await db.cell.findMany({
        where: { segment: { documentId }, language: { code: { in: ["en", "de"] } } },
        select: { id: true },
        orderBy: { id: "asc" },
      });
      await inTransaction(db, async (tx) => {
        for (const cell of cells)
          await writeCellText(tx, { cellId: cell.id, text: `Ana was here (${cell.id}).`, authorId: ana.id, kind: "edit" });
      });
      const { expectedHeads } = await previewBulkRevert(db, { documentId, authorId: ana.id });
      return json(`/api/documents/${slug}/bulk-revert`, { author: "ana", expectedHeads });
    },
  },
  {
    name: "a review's bulk approval",
    prepare: (slug) => async (db, systemId) => {
      const { documentId } = await seedDocument(db, { slug, rows: 400, authorId: systemId });
      const cells = await db.cell.findMany({
        where: { segment: { documentId, deletedAt: null }, headRevisionId: { not: null } },
        select: { id: true, headRevisionId: true },
        orderBy: { id: "asc" },
        take: 1000,
      });
      const decisions = cells.map((cell) => ({ cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve" }));
      return json(`/api/documents/${slug}/review`, { decisions });
    },
  },
];

const KILLS = [
  { name: "its Next.js server killed (wb exits)", slug: "server", kill: killServer },
  { name: "wb killed (its server stops too)", slug: "wb", kill: killWb },
];

// Each scenario starts the app three times or so and writes thousands of rows: a minute alone, more on a busy machine.
describe("the app killed with SIGKILL while a request writes", { timeout: 300_000 }, () => {
  OPERATIONS.forEach((operation, index) => {
    for (const { name, slug, kill } of KILLS) {
      it(`${operation.name}, ${name}: it happened whole or not at all`, async ({ data }) => {
        const documentSlug = `crash-http-${index}-${slug}`;
        await crashDuring(data, documentSlug, operation.prepare(documentSlug), kill);
      });
    }
  });
});
