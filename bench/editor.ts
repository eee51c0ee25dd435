// Measures the workbench on a long document (10,000 rows × 3 languages by
// default) with the embedded database, as BENCHMARKS.md reports:
// time until the page shows rows and until a click opens the editor, long
// tasks while scrolling through the whole document, browser memory, search
// and cell-save round trips.
//
//   npx next build && npx tsx bench/editor.ts [rows]
//
// Needs a production build (`next build`) and Chromium (/usr/bin/chromium).
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createDb } from "../lib/db/client";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { projectRoot } from "../lib/paths";
import { launchBrowser } from "../tests/helpers/browser";
import { environment, freePort, startScript, stop, waitForLine } from "../tests/helpers/processes";
import { buildLargeDocument } from "./large-document";

const rows = Number(process.argv[2] ?? 10_000);
const slug = "benchmark";

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

if (!existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
  console.error("bench: no production build; run `npx next build` first");
  process.exit(1);
}

const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-bench-"));
{
  const database = await startEmbeddedDatabase({ dataDir });
  await applyMigrations(database.url);
  const db = createDb(database.url);
  const started = performance.now();
  await buildLargeDocument(db, { slug, rows });
  console.log(`built ${rows} rows × 3 languages in ${ms(performance.now() - started)}`);
  await db.$disconnect();
  await database.close();
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const app = startScript(
  "lib/cli/main.ts",
  ["start", "--port", String(port)],
  environment({ DATABASE_URL: undefined, PARALLEL_DATA_DIR: dataDir }),
);
await waitForLine(app, /Ready in|started server|Local:/);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
try {
  const url = `${base}/en/documents/${slug}`;
  await (await fetch(url)).text(); // first request warms the server's caches

  const firstRows: number[] = [];
  const interactive: number[] = [];
  for (let run = 0; run < 5; run++) {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.locator('[data-row="1"]').waitFor();
    firstRows.push(performance.now() - started);
    await page.locator('[data-row="1"] [data-lang="en"]').click();
    await page.locator("textarea").waitFor();
    interactive.push(performance.now() - started);
    await page.close();
  }

  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-row="1"]').waitFor();
  await page.evaluate(() => {
    (window as unknown as { longTasks: number[] }).longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) (window as unknown as { longTasks: number[] }).longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: false });
  });
  // Row heights are measured as rows appear, so the page grows while it scrolls:
  // each step aims at a fraction of the current height, then the end is chased.
  const steps = 100;
  for (let step = 1; step <= steps; step++) {
    await page.evaluate((fraction: number) => window.scrollTo(0, document.documentElement.scrollHeight * fraction), step / steps);
    await page.waitForTimeout(30);
  }
  for (let attempt = 0; attempt < 20 && !(await page.locator(`[data-row="${rows}"]`).count()); attempt++) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(250);
  }
  await page.locator(`[data-row="${rows}"]`).waitFor();
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((metric: { name: string }) => metric.name === "JSHeapUsedSize")!.value / 2 ** 20;
  const nodes = metrics.find((metric: { name: string }) => metric.name === "Nodes")!.value;

  const searches: number[] = [];
  for (let run = 0; run < 20; run++) {
    const started = performance.now();
    const response = await fetch(
      `${base}/api/documents/${slug}/rows?limit=200&q=${encodeURIComponent(run % 2 ? "преступление" : "crime")}`,
    );
    await response.json();
    searches.push(performance.now() - started);
  }

  const { rows: sample } = (await (
    await fetch(`${base}/api/documents/${slug}/rows?langs=en&limit=200&offset=${Math.floor(rows / 2)}`)
  ).json()) as {
    rows: { cells: { en: { id: number; text: string; headRevisionId: number } } }[];
  };
  const saves: number[] = [];
  for (const [index, row] of sample.entries()) {
    const started = performance.now();
    const response = await fetch(`${base}/api/cells/${row.cells.en.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-parallel-user": "bench" },
      body: JSON.stringify({ text: `${row.cells.en.text} (${index})`, baseRevisionId: row.cells.en.headRevisionId }),
    });
    if (!response.ok) throw new Error(`save failed: ${response.status} ${await response.text()}`);
    saves.push(performance.now() - started);
  }

  console.log(`\n| measure (${rows} rows × 3 languages, embedded database) | result |`);
  console.log("| --- | --- |");
  console.log(`| first rows visible (median of 5 loads) | ${ms(percentile(firstRows, 50))} |`);
  console.log(`| page interactive: click opens the editor (median of 5) | ${ms(percentile(interactive, 50))} |`);
  console.log(`| scrolling top to bottom: long tasks (> 50 ms) | ${longTasks.length}, longest ${ms(Math.max(0, ...longTasks))} |`);
  console.log(`| browser JS heap after scrolling everything | ${heap.toFixed(1)} MiB (${nodes} DOM nodes) |`);
  console.log(`| search round trip, p50 / p95 of 20 | ${ms(percentile(searches, 50))} / ${ms(percentile(searches, 95))} |`);
  console.log(`| cell save round trip, p50 / p95 of ${saves.length} | ${ms(percentile(saves, 50))} / ${ms(percentile(saves, 95))} |`);
} finally {
  await browser.close();
  await stop(app, "SIGINT");
}
