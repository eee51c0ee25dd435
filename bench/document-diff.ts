// Measures lib/revisions on a long document (10,000 rows × 3 languages by
// default) with the embedded database: snapshots, diffDocument between two
// snapshots 5% of whose cells differ, the same from a moment rebuilt from
// history, and the diff of the speech between two snapshots around a few
// edits and alignment changes. Database time is the sum of the round trips
// Prisma reports for the queries of a call; the rest is computing.
//
//   npx tsx bench/document-diff.ts [rows] [data-dir]
//
// With a data directory that already holds the benchmark document, it is
// reused (each run adds its own snapshots and edits).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { writeCellText } from "../lib/cells/write-cell-text";
import { PrismaClient } from "../lib/db/generated/client";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { seedSpeech, SPEECH_SLUG } from "../lib/documents/speech";
import { createSnapshot, diffDocument, type DiffDocumentInput, readDocumentAt } from "../lib/revisions";
import { mergeSegmentWithNext, splitSegment } from "../lib/segments";
import { ensureSystemUser } from "../lib/users";
import { buildLargeDocument } from "./large-document";

const rows = Number(process.argv[2] ?? 10_000);
const slug = "benchmark-diff";
const EDITED_SHARE = 0.05;
const EDITS_PER_TRANSACTION = 500;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

const dataDir = process.argv[3] ?? (await mkdtemp(path.join(tmpdir(), "parallel-bench-diff-")));
const database = await startEmbeddedDatabase({ dataDir });
await applyMigrations(database.url);
const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }), log: [{ emit: "event", level: "query" }] });
let queryMs = 0;
db.$on("query", (event) => {
  queryMs += event.duration;
});

/** Runs `work` `runs` times; each sample is its wall time and the part spent in queries. */
async function measure(runs: number, work: () => Promise<unknown>) {
  const samples: { total: number; database: number }[] = [];
  for (let run = 0; run < runs; run++) {
    queryMs = 0;
    const started = performance.now();
    await work();
    samples.push({ total: performance.now() - started, database: queryMs });
  }
  const total = samples.map((sample) => sample.total);
  const compute = samples.map((sample) => sample.total - sample.database);
  return {
    median: percentile(total, 50),
    p95: percentile(total, 95),
    computeMedian: percentile(compute, 50),
    computeP95: percentile(compute, 95),
  };
}

const table: [string, string][] = [];
try {
  const system = await ensureSystemUser(db);
  const author = (await db.user.upsert({ where: { handle: "bench" }, update: {}, create: { handle: "bench", name: "Benchmark" } })).id;
  const run = Date.now();

  let document = await db.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) {
    const started = performance.now();
    document = await buildLargeDocument(db, { slug, rows });
    table.push([`build ${rows} rows × 3 languages`, seconds(performance.now() - started)]);
  }
  const documentId = document.id;

  let started = performance.now();
  const before = await createSnapshot(db, { documentId, name: `before ${run}`, authorId: author });
  table.push([`createSnapshot (${before.rowCount} rows)`, ms(performance.now() - started)]);
  const beforeMoment = new Date();

  // Every 20th cell of the live rows, spread evenly over the document; each
  // edit replaces one word somewhere in the paragraph, as a translator would.
  const cells = await db.cell.findMany({
    where: { segment: { documentId, deletedAt: null } },
    orderBy: { id: "asc" },
    select: { id: true, text: true },
  });
  const edited = cells.filter((_, index) => index % Math.round(1 / EDITED_SHARE) === 0);
  started = performance.now();
  for (let from = 0; from < edited.length; from += EDITS_PER_TRANSACTION) {
    await db.$transaction(
      async (tx) => {
        for (const cell of edited.slice(from, from + EDITS_PER_TRANSACTION)) {
          const words = cell.text.split(" ");
          words[cell.id % words.length] = `changed${run % 1000}`;
          await writeCellText(tx, { cellId: cell.id, text: words.join(" "), authorId: author, kind: "edit" });
        }
      },
      { timeout: 600_000 },
    );
  }
  table.push([
    `edit ${edited.length} of ${cells.length} cells through writeCellText, ${Math.ceil(edited.length / EDITS_PER_TRANSACTION)} transactions`,
    seconds(performance.now() - started),
  ]);
  const after = await createSnapshot(db, { documentId, name: `after ${run}`, authorId: author });

  const betweenSnapshots: DiffDocumentInput = { documentId, from: { snapshotId: before.id }, to: { snapshotId: after.id } };
  const { summary } = await diffDocument(db, betweenSnapshots);
  const five = await measure(5, () => diffDocument(db, betweenSnapshots));
  const twenty = await measure(20, () => diffDocument(db, betweenSnapshots));
  table.push([
    `diffDocument snapshot → snapshot (${summary.changedCells} changed cells), median of 5: total / computing`,
    `${ms(five.median)} / ${ms(five.computeMedian)}`,
  ]);
  table.push(["diffDocument snapshot → snapshot, p95 of 20: total / computing", `${ms(twenty.p95)} / ${ms(twenty.computeP95)}`]);
  const rebuilt = await measure(5, () => diffDocument(db, { documentId, from: { time: beforeMoment }, to: "now" }));
  table.push([
    "diffDocument moment (rebuilt from history) → now, median of 5: total / computing",
    `${ms(rebuilt.median)} / ${ms(rebuilt.computeMedian)}`,
  ]);
  const read = await measure(5, () => readDocumentAt(db, { documentId, at: { snapshotId: after.id } }));
  table.push(["readDocumentAt snapshot (all texts), median of 5: total / computing", `${ms(read.median)} / ${ms(read.computeMedian)}`]);
  const readAt = await measure(5, () => readDocumentAt(db, { documentId, at: { time: beforeMoment } }));
  table.push([
    "readDocumentAt moment (rebuilt from history), median of 5: total / computing",
    `${ms(readAt.median)} / ${ms(readAt.computeMedian)}`,
  ]);

  // The speech: a few edits, a split and a merge between two snapshots.
  await seedSpeech(db);
  const speech = await db.document.findUniqueOrThrow({ where: { slug: SPEECH_SLUG }, select: { id: true } });
  const speechBefore = await createSnapshot(db, { documentId: speech.id, name: `before ${run}`, authorId: system.id });
  const live = await db.segment.findMany({
    where: { documentId: speech.id, deletedAt: null },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, cells: { select: { id: true, text: true } } },
  });
  await db.$transaction(async (tx) => {
    for (const row of live.filter((_, index) => index % 10 === 4)) {
      for (const cell of row.cells)
        await writeCellText(tx, { cellId: cell.id, text: `${cell.text} (${run})`, authorId: author, kind: "edit" });
    }
  });
  const splitRow = live[20]!;
  const splitText = splitRow.cells[0]!.text;
  const language = await db.cell.findUniqueOrThrow({
    where: { id: splitRow.cells[0]!.id },
    select: { language: { select: { code: true } } },
  });
  await splitSegment(db, {
    segmentId: splitRow.id,
    languageCode: language.language.code,
    offset: splitText.indexOf(" ", splitText.length / 2),
    splitOthers: true,
    authorId: author,
  });
  await mergeSegmentWithNext(db, { segmentId: live[40]!.id, authorId: author });
  const speechAfter = await createSnapshot(db, { documentId: speech.id, name: `after ${run}`, authorId: author });
  const speechDiff: DiffDocumentInput = {
    documentId: speech.id,
    from: { snapshotId: speechBefore.id },
    to: { snapshotId: speechAfter.id },
  };
  const speechSummary = (await diffDocument(db, speechDiff)).summary;
  const speechTimes = await measure(5, () => diffDocument(db, speechDiff));
  table.push([
    `diffDocument of the speech between snapshots (${Object.entries(speechSummary)
      .map(([key, value]) => `${key} ${value}`)
      .join(", ")}), median of 5: total / computing`,
    `${ms(speechTimes.median)} / ${ms(speechTimes.computeMedian)}`,
  ]);

  console.log(`\n| measure (${rows} rows × 3 languages unless said, embedded database) | result |`);
  console.log("| --- | --- |");
  for (const [measureName, result] of table) console.log(`| ${measureName} | ${result} |`);
  console.log(`\ndata directory: ${dataDir}`);
} finally {
  await db.$disconnect();
  await database.close();
}
