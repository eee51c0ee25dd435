import { spawn, type ChildProcess } from "node:child_process";
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Db } from "../db/client";
import type { DatabaseConnection } from "../db/connection";
import { AppError, isAppError } from "../errors";

// Modules load when a command needs them (`await import`), not with this file: Prisma's client, pg and
// the file readers take about half a second of CPU to parse, which `wb align` and `wb help` never need.

/** A command function loaded from its module when it runs. */
const loaded =
  <A extends unknown[]>(load: () => Promise<(...args: A) => Promise<unknown>>) =>
  async (...args: A) =>
    (await load())(...args);

const usage = `Usage: wb <command>

Commands:
  dev [next options]    start the app in development mode (embedded database unless DATABASE_URL is set)
  start [-p PORT] [-H HOST]
                        start the built app (after \`next build\`)
  migrate               apply pending migrations from prisma/migrations
  seed                  load the speech (data/speech) as a document; running it again changes nothing
  status                show which database is used, its migrations and documents
  history CELL_ID [--limit N] [--before REV]
                        a cell's revisions, newest first, each with its diff: N of them
                        (50 unless told, at most 200) older than REV (--json for machines)
  diff --from REV --to REV [--char]
                        the diff between two revisions of a cell
  diff SLUG --from POINT --to POINT
                        what changed in a document; POINT is now, snapshot:NAME or an ISO time
  snapshot create SLUG NAME | snapshot list SLUG
                        name the current version of a document, or list its snapshots
  align SOURCE_FILE TARGET_FILE [--json] [--source-language L] [--target-language L]
                        align the paragraphs of two text files (no database needed)
  import FILE --slug SLUG --title TITLE [--language CODE]
                        a new document from a file (txt, md, html, docx, tmx, xliff, csv)
  import FILE --into SLUG [--language CODE]
                        a new language of a document, aligned automatically to its rows
  import FILE --into SLUG --language CODE --update [--empty-missing] [--preview] [--json]
                        update a language from a revised file of it: each changed paragraph
                        one revision, new ones new rows, missing ones reported (kept unless
                        --empty-missing); cells edited since a TMX/XLIFF/CSV export merged
                        three-way, conflicts left and listed; --preview writes nothing;
                        --json prints the counts and conflicts
  realign SLUG --language CODE
                        align a language afresh from the first unconfirmed row
  check SLUG [--language CODE] [--json]
                        a document's failing quality checks (numbers, punctuation, consistency…)
  language remove SLUG CODE [--json] | language rename SLUG CODE NEWCODE [--json]
                        remove a language (undone from the change log; not the original),
                        or give it another tag
  export SLUG --format tmx|xliff|csv|txt [--at POINT] [--approved-only] [--out FILE]
                        write a version of a document out (--source/--target and
                        --xliff-version 2.0|1.2 for XLIFF, --language for plain text,
                        --languages ru,en to choose columns)
  user create HANDLE --role viewer|translator|reviewer|admin [--email E] [--name NAME]
                        a new account, with a one-time link to set its password
                        (an existing handle is left as it is)
  user list [--json] | user role HANDLE ROLE | user disable HANDLE | user enable HANDLE
                        the accounts; change a role; disable (sessions and tokens end at once)
  user invite HANDLE    a fresh one-time sign-in link (sets a new password)
  token create HANDLE [--name NAME] [--role ROLE]
                        a new API token, printed alone on stdout (--role acts with less)
  token revoke ID | token list HANDLE [--json]
                        revoke a token at once; a user's tokens with their last use
  help                  show this text

The database is the one in DATABASE_URL, or else the embedded one in .data/
(shared with the running app when there is one).`;

type Print = (line: string) => void;

async function withDatabase<T>(work: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
  const { openDatabase } = await import("../db/connection");
  const connection = await openDatabase();
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** The database brought up to date, with a client for the work. */
async function withMigratedDb<T>(work: (db: Db, connection: DatabaseConnection) => Promise<T>): Promise<T> {
  return withDatabase(async (connection) => {
    const [{ applyMigrations }, { createDb }] = await Promise.all([import("../db/migrate"), import("../db/client")]);
    await applyMigrations(connection.url);
    const db = createDb(connection.url);
    try {
      return await work(db, connection);
    } finally {
      await db.$disconnect();
    }
  });
}

async function migrate(print: Print) {
  await withDatabase(async (connection) => {
    const { applyMigrations } = await import("../db/migrate");
    const applied = await applyMigrations(connection.url);
    print(applied.length ? `Applied ${applied.join(", ")} to ${connection.description}` : `${connection.description} is up to date`);
  });
}

async function seed(print: Print) {
  await withMigratedDb(async (db, connection) => {
    const { seedSpeech } = await import("../documents/speech");
    const { created } = await seedSpeech(db);
    print(created ? `Loaded the speech into ${connection.description}` : "The speech is already loaded; nothing changed");
  });
}

async function status(print: Print) {
  await withDatabase(async (connection) => {
    const kind = { external: "PostgreSQL", embedded: "embedded (PGlite)", shared: "embedded (PGlite), shared" }[connection.kind];
    print(`Database: ${kind} ${connection.description}`);
    const { migrationState } = await import("../db/migrate");
    const { applied, pending } = await migrationState(connection.url);
    print(
      `Migrations: ${applied.length} applied, ${pending.length} pending${pending.length ? ` (${pending.join(", ")}; run wb migrate)` : ""}`,
    );
    if (pending.length) return;
    const [{ createDb }, { listDocuments }] = await Promise.all([import("../db/client"), import("../documents/queries")]);
    const db = createDb(connection.url);
    try {
      const documents = await listDocuments(db);
      print(`Documents: ${documents.length}`);
      for (const document of documents) {
        const languages = document.languages.map((language) => language.code).join(", ");
        print(`  ${document.slug}: ${document.rowCount} rows; ${languages}`);
      }
    } finally {
      await db.$disconnect();
    }
  });
}

/** The value of `-p`/`--port` (or `-H`/`--hostname`) among Next's options, if given; the option without a value is refused. */
function nextOption(args: string[], short: string, long: string): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (arg === short || arg === long) {
      const value = args[index + 1];
      if (value === undefined) throw new AppError("invalid_input", `${long} needs a value`, { status: 400 });
      return value;
    }
    if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  }
  return undefined;
}

/** A TCP port as Next takes it (0 for any free one), refused before the database is touched. */
function portOf(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new AppError("invalid_input", `The port must be a whole number from 0 to 65535, not ${JSON.stringify(value)}`, { status: 400 });
  }
  return value;
}

/**
 * Runs Next.js with the database ready: this process owns the embedded
 * database (or checks DATABASE_URL), applies migrations, loads the speech if
 * missing, prints the first admin's sign-in link while no admin can sign in,
 * then hands Next the database address, the sign-in secret and the port.
 * Next listens on 127.0.0.1 unless HOST (or --hostname) says otherwise.
 *
 * SIGINT or SIGTERM stops it cleanly at any point: during start-up once the
 * step under way ends (the database is then closed, never left half-open),
 * later by stopping Next first. The database closes before ownership of the
 * data directory is given up (lib/db/embedded.ts).
 */
async function serveApp(mode: "dev" | "start", nextArgs: string[], print: Print): Promise<number> {
  const port = portOf(nextOption(nextArgs, "-p", "--port") ?? process.env.PORT ?? "3000");
  const hostname = nextOption(nextArgs, "-H", "--hostname") ?? process.env.HOST ?? "127.0.0.1";
  // The sign-in links printed here and Host checks in the app both need the port.
  process.env.PORT = port;
  let stopping: NodeJS.Signals | undefined;
  let child: ChildProcess | undefined;
  const stop = (signal: NodeJS.Signals) => {
    stopping = signal;
    child?.kill(signal);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    const { openDatabase } = await import("../db/connection");
    const connection = await openDatabase({ mustOwnEmbedded: true });
    try {
      if (stopping || !(await prepareDatabase(connection, print, () => stopping !== undefined))) return 0;
      const hostArgs = nextOption(nextArgs, "-H", "--hostname") ? [] : ["--hostname", hostname];
      const watchParent = ["--import", new URL("exit-with-parent.mjs", import.meta.url).href];
      // Production runs server.ts (Next.js, with the busiest API writes answered directly), bundled when it can be;
      // development runs `next dev`.
      const bundledServer = mode === "start" ? await (await import("./bundle.mjs")).bundledServer() : undefined;
      const server =
        mode === "dev"
          ? [createRequire(import.meta.url).resolve("next/dist/bin/next"), "dev"]
          : bundledServer
            ? [bundledServer]
            : ["--import", "tsx", fileURLToPath(new URL("../../server.ts", import.meta.url))];
      const running = spawn(process.execPath, [...watchParent, ...server, ...hostArgs, ...nextArgs], {
        stdio: "inherit",
        env: {
          NEXT_TELEMETRY_DISABLED: "1",
          ...(mode === "start" ? { NODE_ENV: "production" } : {}),
          ...process.env,
          DATABASE_URL: connection.url,
          PORT: port,
          BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? (await (await import("../auth/secret-file")).authSecret()),
          WB_PARENT_PID: String(process.pid),
        },
      });
      child = running;
      if (stopping) running.kill(stopping);
      return await new Promise<number>((resolve, reject) => {
        running.once("error", reject);
        // Asked to stop, the server (server.ts, or `next dev`) exits with 128 + the signal's number: a clean stop all the same.
        const askedFor = (code: number | null) => stopping !== undefined && code === 128 + os.constants.signals[stopping];
        // Killed by a signal nobody asked for (kill -9 of the server): a failure, as a shell reports it.
        running.once("exit", (code, signal) =>
          resolve(askedFor(code) || (stopping && signal) ? 0 : (code ?? 128 + os.constants.signals[signal!])),
        );
      });
    } finally {
      await connection.close();
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/**
 * Migrations, the speech and the first admin's sign-in link, each step
 * whole; false when asked to stop between two of them.
 */
async function prepareDatabase(connection: DatabaseConnection, print: Print, stopRequested: () => boolean): Promise<boolean> {
  const [{ applyMigrations }, { createDb }, { seedSpeech }, { firstAdminInvitation }] = await Promise.all([
    import("../db/migrate"),
    import("../db/client"),
    import("../documents/speech"),
    import("../auth/accounts"),
  ]);
  const applied = await applyMigrations(connection.url);
  if (applied.length) print(`Applied migrations: ${applied.join(", ")}`);
  if (stopRequested()) return false;
  const db = createDb(connection.url);
  try {
    if ((await seedSpeech(db)).created) print("Loaded the speech (data/speech)");
    if (stopRequested()) return false;
    const invitation = await firstAdminInvitation(db);
    if (invitation) {
      print(`No admin can sign in yet. Sign in as "${invitation.handle}" with this one-time link (valid for 7 days):`);
      print(`  ${invitation.link}`);
    }
  } finally {
    await db.$disconnect();
  }
  print(`Database: ${connection.description} (${new URL(connection.url).host})`);
  return !stopRequested();
}

type Command = (args: string[], print: Print, note: Print) => Promise<unknown>;

/** A command run on the migrated database. */
const inDatabase =
  (run: (db: Db, args: string[], print: Print, note: Print) => Promise<unknown>): Command =>
  (args, print, note) =>
    withMigratedDb((db) => run(db, args, print, note));

/** A command that takes no arguments at all. */
const withoutArguments =
  (run: (print: Print) => Promise<unknown>): Command =>
  (args, print) => {
    parseArgs({ args, options: {}, allowPositionals: false });
    return run(print);
  };

/**
 * Every command of wb by name, as main runs them (a test sends each of them
 * bad input, so one added here is swept too). dev and start answer with
 * their Next.js server's exit code; the others with 0 when they end.
 */
export const COMMANDS: Record<string, Command> = {
  dev: (args, print) => serveApp("dev", args, print),
  start: (args, print) => serveApp("start", args, print),
  migrate: withoutArguments(migrate),
  seed: withoutArguments(seed),
  status: withoutArguments(status),
  history: inDatabase(loaded(async () => (await import("./revisions")).history)),
  diff: inDatabase(loaded(async () => (await import("./revisions")).diff)),
  snapshot: inDatabase(loaded(async () => (await import("./revisions")).snapshot)),
  import: inDatabase(loaded(async () => (await import("./transfer")).importCommand)),
  export: inDatabase(loaded(async () => (await import("./transfer")).exportCommand)),
  realign: inDatabase(loaded(async () => (await import("./transfer")).realignCommand)),
  check: inDatabase(loaded(async () => (await import("./checks")).checkCommand)),
  language: inDatabase(loaded(async () => (await import("./languages")).languageCommand)),
  user: inDatabase(loaded(async () => (await import("./accounts")).user)),
  token: inDatabase(loaded(async () => (await import("./accounts")).token)),
  align: loaded(async () => (await import("./align")).align),
  help: withoutArguments(async (print) => print(usage)),
};

/** Runs a command; its failures are thrown, for runCli to report. */
export async function main(argv: string[], print: Print = console.log, note: Print = console.error): Promise<number> {
  const [command = "help", ...rest] = argv;
  const name = command === "--help" ? "help" : command;
  if (!Object.hasOwn(COMMANDS, name)) {
    throw new AppError("unknown_command", `Unknown command "${command}"; run \`wb help\` for the list`);
  }
  const code = await COMMANDS[name]!(rest, print, note);
  return typeof code === "number" ? code : 0;
}

/** What went wrong, in one line (a stack trace only with WB_DEBUG). */
function describe(error: unknown): string {
  if (isAppError(error)) return error.message;
  // Node's own messages for bad options run over several lines ("… is ambiguous.\nDid you forget …").
  if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) return (error as Error).message.replace(/\s*\n\s*/g, " ");
  if (process.env.WB_DEBUG) return (error as Error).stack ?? String(error);
  const firstLine = String((error as Error).message ?? error)
    .trim()
    .split("\n")[0];
  return `Unexpected error: ${firstLine} (set WB_DEBUG=1 for details)`;
}

/** wb as a command line runs it: the exit code, a failure reported on `note` as one line starting "wb: ". */
export function runCli(argv: string[], print: Print = console.log, note: Print = console.error): Promise<number> {
  return main(argv, print, note).catch((error: unknown) => {
    note(`wb: ${describe(error)}`);
    return 1;
  });
}

/**
 * Exits with `code` once stdout and stderr have taken everything written to
 * them: a pipe is written asynchronously, and process.exit right after a long
 * `--json` answer cut it at 64 KiB for whoever read it through a pipe.
 */
export async function exitWhenWritten(code: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write("", () => resolve()));
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

// Run when this file is the program (tsx lib/cli/main.ts), not when imported (bin/wb.mjs runs it itself; tests call runCli).
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runCli(process.argv.slice(2)).then(exitWhenWritten);
}
