// kill -9 in the middle of the long writes: each must have happened whole or
// not at all once the database is opened again, and opening it again needs no
// cleanup. The work runs in a child process the way `wb` runs it: the CLI
// itself (import, realign) or tests/helpers/crash-worker.ts (the others). On
// the embedded database that process owns the data directory, PGlite and
// all, so the kill also cuts PGlite short mid-write.
import { type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { writeCellText } from "@/lib/cells/write-cell-text";
import type { Db } from "@/lib/db/client";
import { migrationState } from "@/lib/db/migrate";
import { inTransaction } from "@/lib/db/transaction";
import { shiftCell } from "@/lib/segments";
import { ensureSystemUser } from "@/lib/users";
import {
  alive,
  allEnded,
  descendantsOf,
  killWhenWriting,
  makeTarget,
  portAnswers,
  stateOf,
  type State,
  type Target,
} from "../helpers/crash-target";
import type { CrashWork } from "../helpers/crash-worker";
import { freePort, startScript, waitForLine } from "../helpers/processes";
import { seedDocument } from "../helpers/seed-document";

type Work = { script: "cli"; args: string[] } | { script: "worker"; work: CrashWork };

function startWork(work: Work, env: NodeJS.ProcessEnv): { child: ChildProcess; begun: Promise<unknown> } {
  if (work.script === "worker") {
    const child = startScript("tests/helpers/crash-worker.ts", [JSON.stringify(work.work)], env);
    return { child, begun: waitForLine(child, /^STARTED$/m) };
  }
  const child = startScript("lib/cli/main.ts", work.args, env);
  // The CLI's progress on stderr: the writing stage, one transaction, begins.
  const begun = new Promise((resolve, reject) => {
    let said = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      said += chunk.toString();
      if (/^Writing 0%$/m.test(said)) resolve(said);
    });
    child.once("exit", (code) => reject(new Error(`wb ${work.args.join(" ")} exited with ${code} before writing:\n${said}`)));
  });
  return { child, begun };
}

async function runToTheEnd(work: Work, target: Target): Promise<void> {
  const { child } = startWork(work, target.env);
  let said = "";
  child.stdout!.on("data", (chunk: Buffer) => (said += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (said += chunk.toString()));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  expect(code, said).toBe(0);
}

const it = test.extend("target", { scope: "file" }, async ({}, { onCleanup }) => {
  const target = await makeTarget();
  onCleanup(() => target.drop());
  return target;
});

/**
 * Prepares the data (`prepare`, on the open database), then starts `work`
 * in a child process and kills it with SIGKILL once it is writing, then
 * opens the data again as a restart does: everything must be as before the
 * work or exactly as the work, run to its end on a copy of the data, leaves it.
 */
async function crashDuring(target: Target, slug: string, prepare: (db: Db) => Promise<Work>) {
  const opened = await target.open();
  let work: Work;
  let before: State;
  try {
    work = await prepare(opened.db);
    before = await stateOf(opened.db, slug);
  } finally {
    await opened.close();
  }
  const pristine = await target.copy();
  try {
    const { child, begun } = startWork(work, target.env);
    await begun;
    await killWhenWriting(child, target);

    const restarted = await target.open();
    let after: State;
    try {
      expect((await migrationState(restarted.url)).pending).toEqual([]);
      after = await stateOf(restarted.db, slug);
    } finally {
      await restarted.close();
    }
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    // Not as before: then exactly as the whole work leaves it.
    await runToTheEnd(work, pristine);
    const whole = await pristine.open();
    try {
      expect(after).toEqual(await stateOf(whole.db, slug));
    } finally {
      await whole.close();
    }
  } finally {
    await pristine.drop();
  }
}

async function people(db: Db) {
  const system = await ensureSystemUser(db);
  const ana = await db.user.upsert({ where: { handle: "ana" }, update: {}, create: { handle: "ana", name: "Ana" } });
  const rita = await db.user.upsert({ where: { handle: "rita" }, update: {}, create: { handle: "rita", name: "Rita", role: "reviewer" } });
  return { system: system.id, ana: ana.id, rita: rita.id };
}

const firstRow = (db: Db, documentId: number) =>
  db.segment.findFirstOrThrow({ where: { documentId, deletedAt: null }, orderBy: { position: "asc" } });

// Each scenario takes seconds alone, and several times that on a busy machine.
describe("killed with SIGKILL in the middle of its work", { timeout: 240_000 }, () => {
  it("a shift on a long document happened whole or not at all", async ({ target }) => {
    await crashDuring(target, "crash-shift", async (db) => {
      const { system } = await people(db);
      const { documentId } = await seedDocument(db, { slug: "crash-shift", rows: 1500, authorId: system });
      const row = await firstRow(db, documentId);
      return { script: "worker", work: { kind: "shift", segmentId: row.id, languageCode: "en", authorId: system } };
    });
  });

  it("an import of 20,000 paragraphs happened whole or not at all", async ({ target }) => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "parallel-crash-import-")), "long.txt");
    await writeFile(file, Array.from({ length: 20_000 }, (_, n) => `Paragraph ${n + 1} of a long file, with a few words.`).join("\n\n"));
    await crashDuring(target, "crash-import", async () => ({
      script: "cli",
      args: ["import", file, "--slug", "crash-import", "--title", "Crash import", "--language", "en"],
    }));
    await rm(path.dirname(file), { recursive: true });
  });

  it("a realignment happened whole or not at all", async ({ target }) => {
    await crashDuring(target, "crash-realign", async (db) => {
      const { system } = await people(db);
      const { documentId } = await seedDocument(db, { slug: "crash-realign", rows: 1000, authorId: system });
      // English one row off from the top: the realignment has every row to put back.
      await shiftCell(db, { segmentId: (await firstRow(db, documentId)).id, languageCode: "en", direction: "down", authorId: system });
      return { script: "cli", args: ["realign", "crash-realign", "--language", "en"] };
    });
  });

  it("a bulk revert happened whole or not at all", async ({ target }) => {
    await crashDuring(target, "crash-revert", async (db) => {
      const { system, ana } = await people(db);
      const { documentId } = await seedDocument(db, { slug: "crash-revert", rows: 250, authorId: system });
      const cells = await db.cell.findMany({
        where: { segment: { documentId }, language: { code: { in: ["en", "de"] } } },
        select: { id: true },
        orderBy: { id: "asc" },
      });
      await inTransaction(db, async (tx) => {
        for (const cell of cells)
          await writeCellText(tx, { cellId: cell.id, text: `Ana was here (${cell.id}).`, authorId: ana, kind: "edit" });
      });
      return { script: "worker", work: { kind: "bulk-revert", documentId, authorId: ana, userId: system } };
    });
  });

  it("a bulk approval happened whole or not at all", async ({ target }) => {
    await crashDuring(target, "crash-approve", async (db) => {
      const { system, rita } = await people(db);
      const { documentId } = await seedDocument(db, { slug: "crash-approve", rows: 400, authorId: system });
      return { script: "worker", work: { kind: "approve", documentId, reviewerId: rita } };
    });
  });
});

describe("wb killed with SIGKILL", () => {
  it("takes its Next.js server down with it", { timeout: 240_000 }, async ({ target }) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-crash-wb-"));
    const port = await freePort();
    // A development server (no build needed) in a folder of its own next to the one tests/e2e's uses.
    const env = { ...target.env, PARALLEL_DATA_DIR: dataDir, NEXT_DIST_DIR: ".next-test/dev" };
    const wb = startScript("lib/cli/main.ts", ["dev", "--port", String(port)], env);
    let next: number[] = [];
    try {
      await waitForLine(wb, /Ready in/, 180_000);
      next = (await descendantsOf(wb.pid!)).map((child) => child.pid);
      expect(next.length).toBeGreaterThan(0);
      expect(await portAnswers(port)).toBe(true);

      wb.kill("SIGKILL");
      await allEnded(next, 10_000);
      expect(next.filter(alive)).toEqual([]);
      expect(await portAnswers(port)).toBe(false);
    } finally {
      for (const pid of [wb.pid!, ...next].filter(alive)) process.kill(pid, "SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
