// Measures importing a long translation into a long document with the
// embedded database: a 10,000-row Russian document (the speech repeated,
// each paragraph numbered), then its English version as a plain-text file
// with 1% of paragraphs merged and 1% left out, aligned and written in one
// transaction; then a realignment of everything after the first 100 rows.
//
//   npx tsx bench/import.ts [rows]
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { splitParagraphs } from "../lib/align/paragraphs";
import { createDb } from "../lib/db/client";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { importFile } from "../lib/documents/import-file";
import type { ImportProgress } from "../lib/documents/import-language";
import { realignLanguage } from "../lib/documents/realign-language";
import { confirmSegments } from "../lib/segments";
import { ensureSystemUser } from "../lib/users";

const rows = Number(process.argv[2] ?? 10_000);
const ru = splitParagraphs(readFileSync("data/speech/ru.txt", "utf8"));
const en = splitParagraphs(readFileSync("data/speech/en.txt", "utf8"));
const numbered = (paragraphs: string[]) =>
  Array.from({ length: rows }, (_, index) => `${index + 1}. ${paragraphs[index % paragraphs.length]}`);
const russian = numbered(ru);
const english: string[] = [];
numbered(en).forEach((paragraph, index) => {
  if (index % 100 === 37) return; // left out
  if (index % 100 === 71 && english.length)
    english[english.length - 1] += ` ${paragraph}`; // merged into the previous one
  else english.push(paragraph);
});

const database = await startEmbeddedDatabase({ dataDir: await mkdtemp(path.join(tmpdir(), "parallel-bench-import-")) });
await applyMigrations(database.url);
const db = createDb(database.url);
const author = await ensureSystemUser(db);
const bytes = (paragraphs: string[]) => new TextEncoder().encode(paragraphs.join("\n\n"));

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

/** Wall time of each stage, from the progress the import reports. */
function stageClock() {
  const started = new Map<string, number>();
  const onProgress = (progress: ImportProgress) => {
    if (!started.has(progress.stage)) started.set(progress.stage, performance.now());
  };
  return { onProgress, started };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

let start = performance.now();
await importFile(db, bytes(russian), { fileName: "ru.txt", into: { kind: "new", slug: "bench", title: "Bench" } }, { authorId: author.id });
console.log(`New document, ${rows} paragraphs: ${seconds(performance.now() - start)}`);

const clock = stageClock();
start = performance.now();
const result = await importFile(
  db,
  bytes(english),
  { fileName: "en.txt", into: { kind: "existing", slug: "bench", language: "en" } },
  { authorId: author.id, onProgress: clock.onProgress },
);
const end = performance.now();
const at = (stage: string) => clock.started.get(stage) ?? end;
console.log(
  `Language of ${english.length} paragraphs aligned to ${rows} rows: ${seconds(end - start)} ` +
    `(reading and preparing ${seconds(at("aligning") - start)}, aligning ${seconds(at("writing") - at("aligning"))}, writing ${seconds(end - at("writing"))}); ` +
    `${result.rows} rows, ${result.lowConfidence} low confidence`,
);

const document = await db.document.findUniqueOrThrow({ where: { slug: "bench" } });
const hundredth = await db.segment.findFirstOrThrow({ where: { documentId: document.id }, orderBy: { position: "asc" }, skip: 99 });
await confirmSegments(db, { segmentId: hundredth.id, scope: "above", authorId: author.id });
start = performance.now();
const realigned = await realignLanguage(db, { documentId: document.id, languageCode: "en", authorId: author.id });
console.log(`Realign from row ${realigned.fromRow} (${realigned.rows} rows): ${seconds(performance.now() - start)}`);

clearInterval(sampler);
console.log(`Peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
await db.$disconnect();
await database.close();
