// Many editors at once (issue #11): N people for T seconds on one long
// document, over HTTP against the production build, then the checks of
// bench/concurrent-editing-workload.ts, the database's own speed at the
// same save (pgbench: bench/pgbench-save.sql, the issue's reference, and
// bench/pgbench-write-cell.sql, the statement a save runs) and the app's
// own floor (its cheapest signed-in route, GET /api/me) in the same run.
// BENCHMARKS.md reports it.
//
//   npx tsx bench/concurrent-editing.ts [--clients 50] [--seconds 60] [--rows 10000] [--instances 1] [--reuse-build] [--build-dir .next-bench] [--saves-only]
//
// --saves-only: nothing but saves on current bases (the issue's reference
// measurement, with 16 clients), no reviewers and no structural changes.
// With DATABASE_URL (a Postgres server) it makes a throwaway database there
// and drops it afterwards; --instances 2 starts two app processes on it and
// splits the clients between them. Without, the embedded database (one
// instance). The app is built into .next-bench/ (or --build-dir) first
// (--reuse-build skips that when a build is there: CI passes its own .next).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { Agent, request } from "node:http";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { createDb } from "../lib/db/client";
import { findEmbeddedOwner } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { projectRoot } from "../lib/paths";
import { environment, finished, freePort, startScript, stop, waitForLine } from "../tests/helpers/processes";
import { checkRun, type Kind, percentile, prepare, runLoad, type Send, undoForm } from "./concurrent-editing-workload";
import { throwawayDatabase } from "./throwaway-database";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    seconds: { type: "string", default: "60" },
    rows: { type: "string", default: "10000" },
    instances: { type: "string", default: "1" },
    "reuse-build": { type: "boolean", default: false },
    "build-dir": { type: "string", default: ".next-bench" },
    "saves-only": { type: "boolean", default: false },
  },
});
const clients = Number(args.clients);
const seconds = Number(args.seconds);
const rows = Number(args.rows);
const instances = Number(args.instances);
const server = process.env.DATABASE_URL;
if (!server && instances !== 1) throw new Error("The embedded database has one owner: --instances needs DATABASE_URL");
const BUILD_DIR = args["build-dir"];
const agent = new Agent({ keepAlive: true, maxSockets: clients });
const slug = "concurrent";

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env) {
  return finished(spawn(command, commandArgs, { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] }));
}

if (!args["reuse-build"] || !existsSync(path.join(projectRoot, BUILD_DIR, "BUILD_ID"))) {
  console.log(`next build into ${BUILD_DIR}/ …`);
  const env = environment({ NEXT_DIST_DIR: BUILD_DIR, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: undefined });
  const built = await run(process.execPath, [createRequire(import.meta.url).resolve("next/dist/bin/next"), "build"], env);
  if (built.code !== 0) throw new Error(`next build failed:\n${built.stdout}${built.stderr}`);
}

// The database: a new one on the server, or a new embedded data directory.
const database = await throwawayDatabase(server, "parallel-bench-");
const { dataDir } = database;
let databaseUrl = database.url;
await applyMigrations(databaseUrl);
let db = createDb(databaseUrl);
const started = Date.now();
const prepared = await prepare(db, { slug, rows, translators: clients, reviewers: Math.max(1, Math.floor(clients / 10)) });
console.log(`document of ${rows} rows × 3 languages and ${clients} people in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await db.$disconnect();
if (!server) await database.drop(); // wb start owns the data directory from here

// The app: one `wb start` per instance, one after the other (the first applies
// migrations and seeds; the next find them done).
const apps: { base: string; process: ReturnType<typeof startScript>; output: string }[] = [];
for (let instance = 0; instance < instances; instance++) {
  const port = await freePort();
  const child = startScript(
    "lib/cli/main.ts",
    ["start", "--port", String(port)],
    environment({ DATABASE_URL: server ? databaseUrl : undefined, PARALLEL_DATA_DIR: dataDir, NEXT_DIST_DIR: BUILD_DIR }),
  );
  const app = { base: `http://127.0.0.1:${port}`, process: child, output: "" };
  child.stdout!.on("data", (chunk: Buffer) => (app.output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (app.output += chunk.toString()));
  await waitForLine(child, /Ready in/);
  apps.push(app);
}
if (!server) databaseUrl = (await findEmbeddedOwner(dataDir))!.url!;
db = createDb(databaseUrl);

try {
  let next = 0;
  // node:http with kept-alive connections rather than fetch: the load runs on the machine it measures, and fetch
  // cost the load's own process three times the CPU per request (1.7 against 0.5 ms; pgbench's client, in C, next to nothing).
  const send: Send = (method, where, token, body) => {
    // Each request to the next instance in turn: every client's work is spread over all of them.
    const app = new URL(apps[next++ % apps.length]!.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent,
          host: app.hostname,
          port: app.port,
          path: where,
          method,
          headers: {
            authorization: `Bearer ${token}`,
            "accept-encoding": "gzip",
            ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("error", reject);
          incoming.on("end", () => {
            const raw = Buffer.concat(chunks);
            const text = (incoming.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(text) as Record<string, unknown>;
            } catch {
              parsed = { error: { code: "not_json", message: text.slice(0, 200) } };
            }
            resolve({ status: incoming.statusCode ?? 0, body: parsed });
          });
        },
      );
      outgoing.on("error", reject);
      outgoing.end(payload);
    });
  };
  // Each instance loads every route the load uses once (requests it refuses, writing nothing), so cold starts stay out of the figures.
  const cell = (await db.cell.findFirstOrThrow({ where: { segment: { documentId: prepared.documentId } }, select: { id: true } })).id;
  const token = prepared.translators[0]!;
  for (let warm = 0; warm < apps.length; warm++) {
    await send("GET", `/api/documents/${slug}/rows?limit=20`, token);
    await send("GET", `/api/documents/${slug}/changes?limit=1`, token);
    await send("GET", `/api/cells/${cell}/history`, token);
    await send("PUT", `/api/cells/${cell}`, token, {});
    await send("POST", `/api/cells/${cell}/revert`, token, {});
    await send("POST", `/api/documents/${slug}/operations`, token, {});
    await send("POST", `/api/documents/${slug}/review`, prepared.reviewers[0]!, {});
  }
  const undo = await undoForm(send, prepared);
  console.log(
    `${clients} clients for ${seconds} s on ${instances} instance(s), ${server ? "Postgres server" : "embedded database"}, undo ${undo}…`,
  );
  const loadStarted = performance.now();
  const loadCpu = process.cpuUsage();
  const sent = await runLoad(send, prepared, { clients, seconds, seed: 11, undo, savesOnly: args["saves-only"] });
  const elapsed = (performance.now() - loadStarted) / 1000;
  const { user: loadUser, system: loadSystem } = process.cpuUsage(loadCpu);

  const checked = await checkRun(db, prepared, sent);
  const deadlocks = apps.filter((app) => /deadlock/i.test(app.output)).length;

  const byKind = new Map<Kind, typeof sent>();
  for (const entry of sent) byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), entry]);
  const ms = (value: number) => value.toFixed(0);
  console.log(`\n| request | sent | 2xx | 409 | p50 / p95 / p99 ms |`);
  console.log("| --- | --- | --- | --- | --- |");
  for (const [kind, entries] of byKind) {
    const times = entries.map((entry) => entry.ms);
    const accepted = entries.filter((entry) => entry.status < 300).length;
    const refused = entries.filter((entry) => entry.status === 409).length;
    console.log(
      `| ${kind} | ${entries.length} | ${accepted} | ${refused} | ${ms(percentile(times, 50))} / ${ms(percentile(times, 95))} / ${ms(percentile(times, 99))} |`,
    );
  }
  const saves = (byKind.get("save") ?? []).filter((entry) => entry.status === 200).length;
  const savesPerSecond = saves / elapsed;
  const writes = sent.filter((entry) => entry.kind !== "read").length;
  const acceptedWrites = sent.filter((entry) => entry.kind !== "read" && entry.status === 200).length;
  console.log(
    `\n${sent.length} requests in ${elapsed.toFixed(1)} s: ${(sent.length / elapsed).toFixed(0)} requests/s, ${(writes / elapsed).toFixed(0)} writes/s (${(acceptedWrites / elapsed).toFixed(1)} accepted), ${savesPerSecond.toFixed(1)} accepted saves/s`,
  );
  console.log(`answers: ${JSON.stringify(checked.counts)}`);
  console.log(`the load's own process: ${((loadUser + loadSystem) / 1000 / sent.length).toFixed(2)} ms of CPU per request`);

  // The database's own rate for the same save, in the same run, after the checks (its revisions are not the load's).
  const cells = await db.cell.aggregate({
    where: { segment: { documentId: prepared.documentId } },
    _min: { id: true },
    _max: { id: true },
  });
  const author = (await db.user.findFirstOrThrow({ where: { handle: "translator1" } })).id;
  const pgbenchRate = async (script: string, what: string) => {
    const pgbench = await run("pgbench", [
      ...["-n", "-c", "16", "-T", "20", "-D", `mincell=${cells._min.id}`, "-D", `maxcell=${cells._max.id}`],
      ...["-D", `author=${author}`, "-f", script, databaseUrl],
    ]);
    const tps = Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1] ?? NaN);
    console.log(
      pgbench.code === 0
        ? `pgbench -n -c 16 -T 20 -f ${script} (${what}): ${tps.toFixed(0)} saves/s; the workbench's accepted saves/s are ${((100 * savesPerSecond) / tps).toFixed(1)}% of it`
        : `pgbench failed (${pgbench.code}): ${pgbench.stderr.trim().split("\n").slice(-3).join(" ")}`,
    );
  };
  await pgbenchRate("bench/pgbench-save.sql", "the issue's reference: lock, insert a revision, move the head");
  await pgbenchRate("bench/pgbench-write-cell.sql", "the app's own save statement, write_cell");

  // The app's own floor in the same run: the same number of clients asking the cheapest signed-in route
  // (GET /api/me: the token's one query) as fast as they can. What a save costs beyond it is the save's.
  const floorSeconds = 10;
  const floorTimes: number[] = [];
  const floorEnd = performance.now() + floorSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < floorEnd) {
        const asked = performance.now();
        const answer = await send("GET", "/api/me", prepared.translators[client % prepared.translators.length]!);
        if (answer.status !== 200) throw new Error(`GET /api/me answered ${answer.status}`);
        floorTimes.push(performance.now() - asked);
      }
    }),
  );
  const floorRate = floorTimes.length / floorSeconds;
  console.log(
    `GET /api/me, ${clients} clients for ${floorSeconds} s: ${floorRate.toFixed(0)} requests/s, p50 / p95 ${percentile(floorTimes, 50).toFixed(0)} / ${percentile(floorTimes, 95).toFixed(0)} ms; accepted saves/s are ${((100 * savesPerSecond) / floorRate).toFixed(0)}% of it`,
  );

  console.log(
    `\nchecks: ${checked.failures.length ? `${checked.failures.length} FAILED` : "all hold"}; ${deadlocks} instance(s) logged a deadlock; ${checked.undetermined} accepted writes not placed between the changes of their row`,
  );
  for (const failure of checked.failures) console.log(`  ${failure}`);
  // What the app logged about the failures (its errors; the rest of its output is Next's start-up).
  if (checked.failures.length)
    for (const app of apps)
      console.log(
        app.output
          .split("\n")
          .filter((line) => /error/i.test(line))
          .slice(-20)
          .join("\n"),
      );
  process.exitCode = checked.failures.length || deadlocks ? 1 : 0;
} finally {
  agent.destroy();
  await db.$disconnect();
  for (const app of apps) await stop(app.process, "SIGINT");
  if (server) await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
