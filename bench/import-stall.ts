// Measures what other users see while a long import runs: four clients
// keep reading pages of rows and saving cells of a 10,000-row document while
// its English version (9,800 paragraphs, as in bench/import.ts) is imported
// into it and aligned. Through the lib functions the routes call, not over
// HTTP. The embedded database runs in a child process, as under `wb start`
// (where the CLI owns it and Next is another process), so its work does not
// share the clients' event loop; DATABASE_URL points at a Postgres server
// instead (a fresh database is made on it and dropped).
//
//   npx tsx bench/import-stall.ts [rows]
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/import-stall.ts [rows]
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { splitParagraphs } from "../lib/align/paragraphs";
import { saveCell } from "../lib/cells/save-cell";
import { createDb } from "../lib/db/client";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { createDocument } from "../lib/documents/create-document";
import { importFile } from "../lib/documents/import-file";
import type { ImportProgress } from "../lib/documents/import-language";
import { getRows } from "../lib/documents/rows";
import { ensureSystemUser } from "../lib/users";

if (process.argv[2] === "serve-embedded") {
  // The child: serves an embedded database until its parent goes.
  const database = await startEmbeddedDatabase({ dataDir: await mkdtemp(path.join(tmpdir(), "parallel-bench-stall-")) });
  process.send!(database.url);
  process.on("disconnect", () => void database.close().then(() => process.exit(0)));
} else {
  await main();
}

async function main() {
  const rows = Number(process.argv[2] ?? 10_000);
  const CLIENTS = 4;
  /** Each client waits this long between requests, like a person paging and typing. */
  const THINK_MS = 50;

  const ru = splitParagraphs(readFileSync("data/speech/ru.txt", "utf8"));
  const en = splitParagraphs(readFileSync("data/speech/en.txt", "utf8"));
  const numbered = (paragraphs: string[]) =>
    Array.from({ length: rows }, (_, index) => `${index + 1}. ${paragraphs[index % paragraphs.length]}`);
  const english: string[] = [];
  numbered(en).forEach((paragraph, index) => {
    if (index % 100 === 37) return; // left out
    if (index % 100 === 71 && english.length)
      english[english.length - 1] += ` ${paragraph}`; // merged into the previous one
    else english.push(paragraph);
  });

  const server = process.env.DATABASE_URL;
  const name = `parallel_bench_stall_${process.pid}`;
  let url: string;
  let stop: () => Promise<void>;
  if (server) {
    await onServer(server, `CREATE DATABASE ${name}`);
    url = Object.assign(new URL(server), { pathname: `/${name}` }).href;
    stop = () => onServer(server, `DROP DATABASE ${name} WITH (FORCE)`);
  } else {
    const child = fork(process.argv[1]!, ["serve-embedded"], { execArgv: process.execArgv });
    url = await new Promise<string>((resolve) => child.once("message", (message) => resolve(String(message))));
    stop = async () => void child.disconnect();
  }
  await applyMigrations(url);
  const db = createDb(url);
  const author = await ensureSystemUser(db);

  // The document has a German column too: the clients save German cells,
  // which do not touch what the English is aligned against (rows and Russian text).
  const slug = "bench";
  await createDocument(
    db,
    {
      slug,
      title: "Bench",
      languages: [
        { code: "ru", label: "Russian", isOriginal: true, provenance: "", paragraphs: numbered(ru) },
        { code: "de", label: "German", isOriginal: false, provenance: "", paragraphs: numbered(en) },
      ],
    },
    { authorId: author.id },
  );
  const germanCells = await db.cell.findMany({
    where: { language: { code: "de" }, segment: { document: { slug } } },
    select: { id: true, headRevisionId: true },
  });

  type Sample = { kind: "read" | "save"; ms: number; during: boolean };
  const samples: Sample[] = [];
  const failures: string[] = [];
  let importing = false;
  let running = true;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function client(index: number) {
    // Each client saves its own cells, so the saves never conflict with each other.
    const mine = germanCells.filter((_, cell) => cell % CLIENTS === index);
    for (let turn = 0; running; turn++) {
      const started = performance.now();
      // A request counts as during the import when the import ran at its start or at its end.
      const during = importing;
      const kind = turn % 2 === 0 ? "read" : "save";
      try {
        if (kind === "read") {
          await getRows(db, slug, { languages: ["ru", "de"], offset: Math.floor(Math.random() * (rows - 50)), limit: 50 });
        } else {
          const cell = mine[Math.floor(Math.random() * mine.length)]!;
          const saved = await saveCell(
            db,
            cell.id,
            { text: `Gespeichert ${turn} von ${index}.`, baseRevisionId: cell.headRevisionId },
            { authorId: author.id },
          );
          cell.headRevisionId = saved.cell.headRevisionId;
        }
      } catch (error) {
        // A user would have had an error (a 500: e.g. no transaction could start within Prisma's wait).
        failures.push(`${kind}: ${error instanceof Error ? error.message.split("\n").at(-1) : String(error)}`);
      }
      samples.push({ kind, ms: performance.now() - started, during: during || importing });
      await sleep(THINK_MS);
    }
  }

  const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
  await sleep(5_000); // the clients alone first: the baseline
  const stages = new Map<string, number>();
  const onProgress = (progress: ImportProgress) => void (stages.has(progress.stage) || stages.set(progress.stage, performance.now()));
  importing = true;
  const started = performance.now();
  const result = await importFile(
    db,
    new TextEncoder().encode(english.join("\n\n")),
    { fileName: "en.txt", into: { kind: "existing", slug, language: "en" } },
    { authorId: author.id, onProgress },
  );
  const ended = performance.now();
  importing = false;
  await sleep(2_000);
  running = false;
  await Promise.all(clients);

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const at = (stage: string) => stages.get(stage) ?? ended;
  console.log(
    `${server ? "Postgres server" : "embedded database (child process)"}: import of ${english.length} paragraphs into ${rows} rows ` +
      `took ${seconds(ended - started)} (reading ${seconds(at("aligning") - started)}, aligning ${seconds(at("writing") - at("aligning"))}, ` +
      `writing ${seconds(ended - at("writing"))}); ${result.rows} rows`,
  );
  const percentile = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
  for (const during of [false, true]) {
    for (const kind of ["read", "save"] as const) {
      const ms = samples
        .filter((sample) => sample.kind === kind && sample.during === during)
        .map((sample) => sample.ms)
        .sort((a, b) => a - b);
      if (!ms.length) continue;
      console.log(
        `${during ? "during the import" : "without import   "} ${kind}s: n=${ms.length} p50 ${percentile(ms, 50).toFixed(0)} ms, ` +
          `p95 ${percentile(ms, 95).toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms`,
      );
    }
  }
  console.log(`failed requests: ${failures.length}${failures.length ? ` (${[...new Set(failures)].join("; ")})` : ""}`);
  await db.$disconnect();
  await stop();
}

async function onServer(server: string, sql: string) {
  const connection = new pg.Client({ connectionString: server });
  await connection.connect();
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}
