// Every command of wb (its own table, COMMANDS in lib/cli/main.ts), sent bad
// input: unknown options, missing arguments, numbers of the wrong type or
// range, slugs, handles and language codes that name nothing (some with bidi
// controls), missing files, directories, and every hostile file
// (tests/helpers/hostile-files.ts) to the commands that read files. Each must
// exit non-zero with one line on stderr that says what was wrong, no stack
// trace, nothing on stdout, and no change to any table. The invocations run in
// this process through runCli (a child process costs a second or two); a few
// run as real child processes too, to see the exit code and stderr of `wb`.
import { mkdtemp, mkdir, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import { COMMANDS } from "@/lib/cli/main";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { MAX_IMPORT_BYTES } from "@/lib/limits";
import { addPerson } from "../helpers/auth";
import { inProcessCli } from "../helpers/cli";
import { speechTest } from "../helpers/fixtures";
import { HOSTILE_FILES } from "../helpers/hostile-files";
import { environment, runCli as runChild } from "../helpers/processes";
import { tableCounts } from "../helpers/table-counts";

const BIDI = "\u202eevil\u202c";
/** Numbers no id, count or limit takes. */
const BAD_NUMBERS = ["-1", "0", "1.5", "1e300", "99999999999999999999", "abc", `1${BIDI}`, ""];

interface World {
  dir: string;
  cellId: string;
  revisionId: string;
  files: { missing: string; folder: string; text: string; huge: string; hostile: Array<{ kind: string; file: string }> };
}

const it = speechTest
  .extend("world", { scope: "file" }, async ({ db }, { onCleanup }): Promise<World> => {
    // An admin who can sign in: starting the app would otherwise invite one.
    await addPerson(db, "keeper", "admin");
    await addPerson(db, "plain", "viewer");
    const dir = await mkdtemp(path.join(tmpdir(), "wb-bad-input-"));
    onCleanup(() => rm(dir, { recursive: true, force: true }));
    const hostile = [];
    for (const { kind, fileName, bytes } of HOSTILE_FILES) {
      await writeFile(path.join(dir, fileName), bytes());
      hostile.push({ kind, file: path.join(dir, fileName) });
    }
    await mkdir(path.join(dir, "folder.txt"));
    await writeFile(path.join(dir, "ok.txt"), "One.\n\nTwo.\n");
    // Over the limit without taking the disk space: a sparse file.
    await writeFile(path.join(dir, "huge.txt"), "");
    await truncate(path.join(dir, "huge.txt"), MAX_IMPORT_BYTES + 1);
    const cell = await db.cell.findFirstOrThrow({ where: { headRevisionId: { not: null } }, orderBy: { id: "asc" } });
    return {
      dir,
      cellId: String(cell.id),
      revisionId: String(cell.headRevisionId),
      files: {
        missing: path.join(dir, "missing.txt"),
        folder: path.join(dir, "folder.txt"),
        text: path.join(dir, "ok.txt"),
        huge: path.join(dir, "huge.txt"),
        hostile,
      },
    };
  })
  .extend("inProcess", { scope: "file" }, async ({ url }) => inProcessCli(url));

/** Bad invocations of each command; dev and start hand options they do not know to Next.js, so only their port is swept. */
function badInvocations(world: World): Record<string, string[][]> {
  const { files, cellId, revisionId } = world;
  const slug = SPEECH_SLUG;
  const ports = (command: string) => [
    [command, "--port", "abc"],
    [command, "--port", "-1"],
    [command, "--port", "70000"],
    [command, "--port", "1.5"],
    [command, "-p", ""],
    [command, "--port"],
    [command, `--port=8${BIDI}`],
  ];
  const hostileFiles = files.hostile.map(({ file }) => file);
  const unreadable = [files.missing, files.folder, files.huge];
  return {
    dev: ports("dev"),
    start: ports("start"),
    migrate: [["migrate", "now"]],
    seed: [["seed", "again"]],
    status: [["status", "--verbose"]],
    help: [["help", "me"]],
    history: [
      ["history"],
      ...BAD_NUMBERS.map((id) => ["history", id]),
      ["history", "999999999"],
      ["history", cellId, "extra"],
      ...BAD_NUMBERS.flatMap((value) => [
        ["history", cellId, "--limit", value],
        ["history", cellId, "--before", value],
      ]),
      ["history", cellId, "--limit", "100000"],
      ["history", cellId, "--limit"],
    ],
    diff: [
      ["diff"],
      ["diff", "--from", revisionId],
      ...BAD_NUMBERS.map((value) => ["diff", "--from", value, "--to", revisionId]),
      ["diff", "--from", "999999999", "--to", "999999998"],
      ["diff", "no-such-document", "--from", "now", "--to", "now"],
      ["diff", `speech${BIDI}`, "--from", "now", "--to", "now"],
      ["diff", slug, "--from", "now"],
      ["diff", slug, "extra", "--from", "now", "--to", "now"],
      ["diff", slug, "--from", "yesterday", "--to", "now"],
      ["diff", slug, "--from", "snapshot:nope", "--to", "now"],
      ["diff", slug, "--from", "now", "--to", "99999-99-99"],
    ],
    snapshot: [
      ["snapshot"],
      ["snapshot", "take", slug, "name"],
      ["snapshot", "create"],
      ["snapshot", "create", slug],
      ["snapshot", "create", "no-such-document", "name"],
      ["snapshot", "list"],
      ["snapshot", "list", `speech${BIDI}`],
      ["snapshot", "list", slug, "extra"],
      ["snapshot", "create", slug, "x".repeat(100_000)],
    ],
    import: [
      ["import"],
      ["import", files.text],
      ["import", files.text, "--slug", "new-one"],
      ["import", files.text, files.text, "--slug", "new-one", "--title", "T", "--language", "en"],
      ["import", files.text, "--title", "New one"],
      ["import", files.text, "--into", slug, "--slug", "new-one", "--title", "New one"],
      ["import", files.text, "--slug", "Not A Slug!", "--title", "T", "--language", "en"],
      ["import", files.text, "--slug", `new${BIDI}`, "--title", "T", "--language", "en"],
      ["import", files.text, "--slug", slug, "--title", "Taken", "--language", "en"],
      ["import", files.text, "--slug", "new-one", "--title", "T", "--language", "not a code"],
      ["import", files.text, "--slug", "new-one", "--title", "T", "--language", `en${BIDI}`],
      ["import", files.text, "--slug", "new-one", "--title", "T", "--format", "pdf"],
      ["import", files.text, "--into", "no-such-document", "--language", "fr"],
      ["import", files.text, "--into", slug, "--language", "en"],
      ["import", files.text, "--into", slug, "--language", "xx-invalid-tag!"],
      ...unreadable.map((file) => ["import", file, "--slug", "new-one", "--title", "T", "--language", "en"]),
      ...hostileFiles.map((file) => ["import", file, "--slug", "new-one", "--title", "T", "--language", "en"]),
      ...hostileFiles.map((file) => ["import", file, "--into", slug, "--language", "fr"]),
    ],
    export: [
      ["export"],
      ["export", slug],
      ["export", slug, "--format", "pdf"],
      ["export", slug, "extra", "--format", "tmx"],
      ["export", "no-such-document", "--format", "tmx"],
      ["export", `speech${BIDI}`, "--format", "tmx"],
      ["export", slug, "--format", "tmx", "--at", "yesterday"],
      ["export", slug, "--format", "tmx", "--at", "snapshot:nope"],
      ["export", slug, "--format", "csv", "--languages", "xx,yy"],
      ["export", slug, "--format", "txt", "--language", "zz"],
      ["export", slug, "--format", "xliff", "--source", "en", "--target", "en"],
      ["export", slug, "--format", "tmx", "--out", files.folder],
      ["export", slug, "--format", "tmx", "--out", path.join(files.missing, "deeper", "out.tmx")],
    ],
    realign: [
      ["realign"],
      ["realign", slug],
      ["realign", slug, "extra", "--language", "en"],
      ["realign", "no-such-document", "--language", "en"],
      ["realign", slug, "--language", "fr"],
      ["realign", slug, "--language", `en${BIDI}`],
      ["realign", slug, "--language"],
    ],
    check: [
      ["check"],
      ["check", "no-such-document"],
      ["check", `speech${BIDI}`],
      ["check", slug, "extra"],
      ["check", slug, "--language", "fr"],
      ["check", slug, "--language", `en${BIDI}`],
      ["check", slug, "--language"],
      ["check", slug, "--format", "json"],
    ],
    language: [
      ["language"],
      ["language", "drop", slug, "en"],
      ["language", "remove"],
      ["language", "remove", slug],
      ["language", "remove", "no-such-document", "en"],
      ["language", "remove", slug, "fr"],
      ["language", "remove", slug, `en${BIDI}`],
      // The original cannot be removed.
      ["language", "remove", slug, "ru"],
      ["language", "remove", slug, "en", "extra"],
      ["language", "remove", slug, "en", "--force"],
      ["language", "rename", slug, "en"],
      ["language", "rename", slug, "en", "English"],
      ["language", "rename", slug, "en", "ru"],
      ["language", "rename", slug, "en", "en"],
      ["language", "rename", slug, "fr", "fr-CA"],
      ["language", "rename", slug, "en", "en-GB", "extra"],
    ],
    user: [
      ["user"],
      ["user", "frobnicate"],
      ["user", "create"],
      ["user", "create", "newbie"],
      ["user", "create", "newbie", "--role", "god"],
      ["user", "create", `new${BIDI}`, "--role", "viewer"],
      ["user", "create", "Not A Handle!", "--role", "viewer"],
      ["user", "create", "newbie", "--role", "viewer", "--email", "not-an-email"],
      ["user", "create", "newbie", "--role", "viewer", "--json"],
      ["user", "list", "extra"],
      ["user", "role", "plain"],
      ["user", "role", "plain", "god"],
      ["user", "role", "nobody", "admin"],
      ["user", "disable"],
      ["user", "disable", "nobody"],
      ["user", "enable", `plain${BIDI}`],
      ["user", "invite", "nobody"],
      ["user", "invite", "plain", "extra"],
    ],
    token: [
      ["token"],
      ["token", "frobnicate"],
      ["token", "create"],
      ["token", "create", "nobody"],
      ["token", "create", "plain", "--role", "god"],
      ["token", "create", "plain", "--json"],
      ["token", "revoke"],
      ...BAD_NUMBERS.map((id) => ["token", "revoke", id]),
      ["token", "revoke", "999999999"],
      ["token", "list"],
      ["token", "list", `plain${BIDI}`],
    ],
    align: [
      ["align"],
      ["align", files.text],
      ["align", files.text, files.text, files.text],
      ...unreadable.flatMap((file) => [
        ["align", file, files.text],
        ["align", files.text, file],
      ]),
      ...hostileFiles.filter((file) => file.endsWith(".txt")).map((file) => ["align", file, files.text]),
    ],
  };
}

/** Why a run is wrong, or null when it is right. */
function judge(result: { code: number | null; stdout: string; stderr: string }): string | null {
  if (result.code === 0) return `exited 0: ${result.stdout.slice(0, 200)}`;
  const lines = result.stderr.trim().split("\n");
  if (lines.length !== 1) return `${lines.length} lines on stderr: ${result.stderr.slice(0, 400)}`;
  const [line] = lines;
  if (!/^wb: \S.{10,}/.test(line!)) return `stderr is not one "wb: …" line saying what is wrong: ${line}`;
  if (/Unexpected error|\n\s+at /.test(result.stderr)) return `an unexpected error: ${line}`;
  if (result.stdout !== "") return `printed on stdout: ${result.stdout.slice(0, 200)}`;
  return null;
}

describe("every wb command, sent bad input", () => {
  it("is swept: each command of the table has bad invocations", async ({ world }) => {
    expect(Object.keys(badInvocations(world)).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it(
    "refuses each with one line on stderr that says what is wrong, a non-zero exit and no change to the database",
    { timeout: 600_000 },
    async ({ db, world, inProcess }) => {
      const before = await tableCounts(db);
      const failures: string[] = [];
      let runs = 0;
      for (const [command, invocations] of Object.entries(badInvocations(world))) {
        for (const argv of invocations) {
          const result = await inProcess(argv);
          runs++;
          const problem = judge(result);
          if (problem) failures.push(`wb ${argv.map((arg) => JSON.stringify(arg.slice(0, 80))).join(" ")}: ${problem}`);
          else if (command !== "align" && !["dev", "start", "help"].includes(command)) {
            // Counted after every command that opens the database, so a change names the invocation that made it.
            const after = await tableCounts(db);
            if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`wb ${argv.join(" ").slice(0, 200)}: changed the database`);
          }
        }
      }
      expect(runs).toBeGreaterThan(150);
      expect(failures).toEqual([]);
      expect(await tableCounts(db)).toEqual(before);
    },
  );

  it("as a real process: one error line, exit 1, no stack trace", { timeout: 120_000 }, async ({ url, db, world }) => {
    const before = await tableCounts(db);
    const env = environment({ DATABASE_URL: url, WB_DEBUG: undefined });
    const runs = await Promise.all([
      runChild(["no-such-command"], env),
      runChild(["import", world.files.hostile.find(({ file }) => file.endsWith("deep.docx"))!.file, "--into", SPEECH_SLUG], env),
      runChild(["align", world.files.folder, world.files.text], env),
      runChild(["start", "--port", "-1"], env),
    ]);
    expect(runs.map(judge)).toEqual([null, null, null, null]);
    expect(runs.map((run) => run.code)).toEqual([1, 1, 1, 1]);
    expect(await tableCounts(db)).toEqual(before);
  });
});
