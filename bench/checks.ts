// Quality checks (issue #15) on a long document: every check of a 10,000-row
// × 3-language document (bench/large-document.ts: the speech's paragraphs
// repeated and numbered), in memory and stored; the re-check that follows a
// save (its row and the rows sharing its texts); and saves one after the
// other with and without that re-check. BENCHMARKS.md reports it.
//
//   npx tsx bench/checks.ts [--rows 10000] [--saves 300]
//
// With DATABASE_URL (a Postgres server) it makes a throwaway database there
// and drops it afterwards; without, an embedded database in a temporary
// directory.
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkDocument } from "../lib/checks";
import { saveCell } from "../lib/cells/save-cell";
import { createDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { documentChecks, loadForChecks, queuedRechecksDone, recheckAfter, recheckCells, recheckDocument } from "../lib/documents/checks";
import { ensureSystemUser } from "../lib/users";
import { buildLargeDocument } from "./large-document";
import { throwawayDatabase } from "./throwaway-database";

const { values: args } = parseArgs({
  options: { rows: { type: "string", default: "10000" }, saves: { type: "string", default: "300" } },
});
const rows = Number(args.rows);
const saves = Number(args.saves);
const server = process.env.DATABASE_URL;
const slug = "checks-bench";

const database = await throwawayDatabase(server, "parallel-checks-bench-");

const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

const db = createDb(database.url);
try {
  await applyMigrations(database.url);
  const system = await ensureSystemUser(db);
  console.log(`${server ? "Postgres" : "embedded"}: a ${rows}-row × 3-language document …`);
  const document = await buildLargeDocument(db, { slug, rows });

  // 1. Every check in memory: read the document's texts, learn its context, check every cell.
  const [loaded, readMs] = await timed(() => loadForChecks(db, slug));
  const [found, computeMs] = await timed(async () => checkDocument(loaded.document));
  console.log(
    `all checks in memory: read ${ms(readMs)}, computed ${ms(computeMs)} (${found.length} cells failing of ${rows * 3}); total ${ms(readMs + computeMs)}`,
  );

  // 2. The same, stored: what the first read after an import does.
  const [stored, storeMs] = await timed(() => recheckDocument(db, document.id));
  console.log(`all checks computed and stored (recheckDocument): ${stored} cells in ${ms(storeMs)}`);
  const [listed, listMs] = await timed(() => documentChecks(db, slug));
  console.log(`wb check's read of the stored checks: ${listed.length} failing checks in ${ms(listMs)}`);

  // 3. A save's re-check, alone, on random cells: its row and the rows sharing its texts.
  const cells = await db.$queryRaw<{ id: number; text: string; headRevisionId: number | null; language: string; label: boolean }[]>`
    SELECT c.id, c.text, c."headRevisionId", l.code AS language, c.text ~ '^[^:]{1,60}:\\s' AS label
      FROM "Cell" c JOIN "DocumentLanguage" l ON l.id = c."languageId" WHERE l."documentId" = ${document.id} ORDER BY random()`;
  const heads = new Map(cells.map((cell) => [cell.id, { text: cell.text, head: cell.headRevisionId }]));
  const plain = cells.filter((cell) => !cell.label);
  const labelled = cells.filter((cell) => cell.label);
  const recheckTimes = async (chosen: typeof cells) => {
    const times: number[] = [];
    for (const cell of chosen) times.push((await timed(() => recheckCells(db, [cell.id])))[1]);
    return times;
  };
  const report = (what: string, times: number[]) =>
    console.log(
      `${what}: ${times.length} × p50 ${ms(percentile(times, 0.5))}, p95 ${ms(percentile(times, 0.95))}, max ${ms(Math.max(...times))}`,
    );
  report("a save's re-check, random cells", await recheckTimes(plain.slice(0, saves)));
  report(
    "a save's re-check, cells opening with a speaker's label (the speech repeated: each label's group has hundreds of rows)",
    await recheckTimes(labelled.slice(0, Math.min(50, labelled.length))),
  );
  const originals = plain.filter((cell) => cell.language === "ru");
  report("a save's re-check, cells of the original (every translation of the row too)", await recheckTimes(originals.slice(0, 100)));

  // 4. Saves one after the other, without and with the re-check (the cell route's path, recheckAfter: the re-checks are
  // queued and run beside the next saves; timed until the last of them is done).
  const saveAll = async (chosen: typeof cells, recheck: boolean) => {
    const started = performance.now();
    for (const [index, cell] of chosen.entries()) {
      const state = heads.get(cell.id)!;
      const write = saveCell(db, cell.id, { text: `${state.text} ·${index}`, baseRevisionId: state.head }, { authorId: system.id });
      const { cell: saved } = recheck ? await recheckAfter(db, write) : await write;
      heads.set(cell.id, { text: saved.text, head: saved.headRevisionId });
    }
    await queuedRechecksDone();
    return (chosen.length / (performance.now() - started)) * 1000;
  };
  const batch = plain.slice(saves, saves * 2);
  const without = await saveAll(batch, false);
  const withRecheck = await saveAll(batch, true);
  const withoutAgain = await saveAll(batch, false);
  console.log(
    `saves one after the other: ${without.toFixed(0)}/s and ${withoutAgain.toFixed(0)}/s without the re-check, ${withRecheck.toFixed(0)}/s with it (${batch.length} saves each)`,
  );
} finally {
  await db.$disconnect();
  await database.drop();
  await rm(database.dataDir, { recursive: true, force: true });
}
