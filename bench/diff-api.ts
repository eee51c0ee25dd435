// Measures the diff API over HTTP on a long document (10,000 rows × 3
// languages by default) with the embedded database, 5% of its cells edited
// between two snapshots (as bench/document-diff.ts sets it up): the document
// diff between the snapshots and from a snapshot to now, the revision diff
// of one cell, and the review queue since the first snapshot. Each is called
// N times after two warm-up calls; p50 and p95 of the wall time of the
// request as a client sees it.
//
//   npx next build && npx tsx bench/diff-api.ts [rows] [runs]
//   npx tsx bench/diff-api.ts [rows] [runs] --dev     (next dev: no build needed, slower)
//
// NEXT_DIST_DIR chooses the build directory, as for the app.
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { writeCellText } from "../lib/cells/write-cell-text";
import { createDb } from "../lib/db/client";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { projectRoot } from "../lib/paths";
import { createSnapshot } from "../lib/revisions";
import { environment, freePort, startScript, stop, waitForLine } from "../tests/helpers/processes";
import { buildLargeDocument } from "./large-document";

const [rowsArgument, runsArgument] = process.argv.slice(2).filter((argument) => !argument.startsWith("--"));
const rows = Number(rowsArgument ?? 10_000);
const runs = Number(runsArgument ?? 20);
const mode = process.argv.includes("--dev") ? "dev" : "start";
const slug = "benchmark-diff-api";
const EDITED_SHARE = 0.05;
const EDITS_PER_TRANSACTION = 500;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

const distDir = process.env.NEXT_DIST_DIR ?? ".next";
if (mode === "start" && !existsSync(path.join(projectRoot, distDir, "BUILD_ID"))) {
  console.error(`bench: no production build in ${distDir}; run \`npx next build\` first, or pass --dev`);
  process.exit(1);
}

const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-bench-diff-api-"));
let snapshots: { before: number; after: number };
let revisionPairs: { from: number; to: number }[];
{
  const database = await startEmbeddedDatabase({ dataDir });
  await applyMigrations(database.url);
  const db = createDb(database.url);
  const { id: documentId } = await buildLargeDocument(db, { slug, rows });
  const author = (await db.user.create({ data: { handle: "bench", name: "Benchmark" } })).id;
  const before = await createSnapshot(db, { documentId, name: "before", authorId: author });
  // Every 20th cell, spread over the document; each edit replaces one word.
  const cells = await db.cell.findMany({
    where: { segment: { documentId, deletedAt: null } },
    orderBy: { id: "asc" },
    select: { id: true, text: true },
  });
  const edited = cells.filter((_, index) => index % Math.round(1 / EDITED_SHARE) === 0);
  revisionPairs = [];
  for (let from = 0; from < edited.length; from += EDITS_PER_TRANSACTION) {
    await db.$transaction(
      async (tx) => {
        for (const cell of edited.slice(from, from + EDITS_PER_TRANSACTION)) {
          const words = cell.text.split(" ");
          words[cell.id % words.length] = "changed";
          const written = await writeCellText(tx, { cellId: cell.id, text: words.join(" "), authorId: author, kind: "edit" });
          if (written?.revision && written.revision.parentId !== null)
            revisionPairs.push({ from: written.revision.parentId, to: written.revision.id });
        }
      },
      { timeout: 600_000 },
    );
  }
  const after = await createSnapshot(db, { documentId, name: "after", authorId: author });
  snapshots = { before: before.id, after: after.id };
  console.log(`built ${rows} rows × 3 languages, edited ${edited.length} of ${cells.length} cells`);
  await db.$disconnect();
  await database.close();
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = startScript(
  "lib/cli/main.ts",
  [mode, "--port", String(port)],
  environment({ DATABASE_URL: undefined, PARALLEL_DATA_DIR: dataDir }),
);
await waitForLine(app, /Ready in|started server|Local:/);

/** Calls `url(run)` `runs` times after two warm-up calls (the first compiles the route in dev); every answer must be 200. */
async function measure(url: (run: number) => string) {
  const samples: number[] = [];
  let bytes = 0;
  for (let run = -2; run < runs; run++) {
    const started = performance.now();
    const response = await fetch(`${base}${url(run + 2)}`);
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url(run + 2)}: ${response.status} ${body.slice(0, 300)}`);
    if (run >= 0) samples.push(performance.now() - started);
    bytes = body.length;
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), kilobytes: bytes / 1024 };
}

try {
  const document = `/api/documents/${slug}`;
  const table: [string, Awaited<ReturnType<typeof measure>>][] = [
    [
      `GET ${document}/diff snapshot → snapshot`,
      await measure(() => `${document}/diff?from=snapshot:${snapshots.before}&to=snapshot:${snapshots.after}`),
    ],
    [`GET ${document}/diff snapshot → now`, await measure(() => `${document}/diff?from=snapshot:${snapshots.before}&to=now`)],
    [
      "GET /api/revisions/diff (one cell, parent → edit; a different cell each call)",
      await measure((run) => {
        const pair = revisionPairs[(run * 37) % revisionPairs.length]!;
        return `/api/revisions/diff?from=${pair.from}&to=${pair.to}`;
      }),
    ],
    [
      `GET ${document}/review since the first snapshot (first 100 of the queue)`,
      await measure(() => `${document}/review?since=snapshot:${snapshots.before}&limit=100`),
    ],
  ];
  console.log(
    `\n| request (${rows} rows × 3 languages, ${revisionPairs.length} cells changed, next ${mode}, ${runs} runs) | p50 | p95 | answer |`,
  );
  console.log("| --- | --- | --- | --- |");
  for (const [request, result] of table)
    console.log(`| ${request} | ${ms(result.p50)} | ${ms(result.p95)} | ${result.kilobytes.toFixed(0)} KB |`);
} finally {
  await stop(app, "SIGINT");
}
