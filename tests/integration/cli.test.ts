import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { seedSpeech } from "@/lib/documents/speech";
import { ensureSystemUser } from "@/lib/users";
import { test as it } from "../helpers/fixtures";
import { environment, freePort, runCli } from "../helpers/processes";

const oneLine = (stderr: string) => stderr.trim().split("\n");

// Each test starts the CLI as child processes, a second or more each on a busy
// machine (the integration files run two at a time): a minute per test.
describe("wb", { timeout: 60_000 }, () => {
  it("seeds the speech once and reports it", async ({ url }) => {
    const env = environment({ DATABASE_URL: url });
    const first = await runCli(["seed"], env);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/^Loaded the speech into /);
    const second = await runCli(["seed"], env);
    expect(second).toMatchObject({ code: 0, stdout: "The speech is already loaded; nothing changed\n" });

    const status = await runCli(["status"], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Database: PostgreSQL /);
    expect(status.stdout).toContain("interior-ministry-board-2021-03-03: 60 rows; ru, en");
  });

  it("shows a cell's history, diffs revisions and documents, and takes snapshots", async ({ url, db }) => {
    const env = environment({ DATABASE_URL: url });
    const slug = "interior-ministry-board-2021-03-03";
    expect((await runCli(["snapshot", "create", slug, "Kremlin transcript"], env)).stdout).toMatch(
      /^Snapshot "Kremlin transcript" of .* \(#\d+\)/,
    );
    const again = await runCli(["snapshot", "create", slug, "Kremlin transcript"], env);
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining('already has a snapshot named "Kremlin transcript"') });

    const cell = await db.cell.findFirstOrThrow({ where: { language: { code: "en" }, segment: { position: 2 } } });
    const author = await ensureSystemUser(db);
    await saveCell(db, cell.id, { text: `${cell.text} Indeed.`, baseRevisionId: cell.headRevisionId }, { authorId: author.id });

    // The reads need nothing from each other: one child process each, all at once.
    const [history, historyJson, documentDiff, machineJson, listed, unknown] = await Promise.all([
      runCli(["history", String(cell.id)], env),
      runCli(["history", String(cell.id), "--json"], env),
      runCli(["diff", slug, "--from", "snapshot:Kremlin transcript", "--to", "now"], env),
      runCli(["diff", slug, "--from", "snapshot:Kremlin transcript", "--to", "now", "--json"], env),
      runCli(["snapshot", "list", slug], env),
      runCli(["diff", slug, "--from", "snapshot:nope", "--to", "now"], env),
    ]);
    expect(history.code).toBe(0);
    expect(history.stdout.split("\n")[1]).toBe(`  ${cell.text}{+ Indeed.+}`);
    const json = JSON.parse(historyJson.stdout);
    expect(json.revisions.map((revision: { kind: string }) => revision.kind)).toEqual(["edit", "import"]);

    const revisions = await runCli(["diff", "--from", String(json.revisions[1].id), "--to", String(json.revisions[0].id)], env);
    expect(revisions.stdout.trim()).toBe(`${cell.text}{+ Indeed.+}`);

    expect(documentDiff.stdout).toContain("1 changed cells; rows: 0 added, 0 removed, 0 split, 0 merged, 0 moved, 59 unchanged");
    expect(documentDiff.stdout).toContain(`row 3 en: ${cell.text}{+ Indeed.+}`);
    const machine = JSON.parse(machineJson.stdout);
    expect(machine.summary).toMatchObject({ changedCells: 1 });

    expect(listed.stdout).toMatch(/#\d+ \S+ Kremlin transcript \(Parallel\)/);
    expect(unknown).toMatchObject({ code: 1, stderr: 'wb: There is no snapshot "nope" of this document\n' });
  });

  it("pages a cell's history the way the API does, and says how to get the next page", async ({ url, db }) => {
    const env = environment({ DATABASE_URL: url });
    await seedSpeech(db);
    const cell = await db.cell.findFirstOrThrow({ where: { language: { code: "en" }, segment: { position: 4 } } });
    const author = await ensureSystemUser(db);
    let head = cell.headRevisionId;
    for (const n of [1, 2, 3]) {
      const saved = await saveCell(db, cell.id, { text: `${cell.text} Take ${n}.`, baseRevisionId: head }, { authorId: author.id });
      head = saved.cell.headRevisionId;
    }
    // Four revisions, newest first: the three edits, then the import.
    const all = JSON.parse((await runCli(["history", String(cell.id), "--json"], env)).stdout);
    const ids: number[] = all.revisions.map((revision: { id: number }) => revision.id);
    expect(ids).toHaveLength(4);
    expect(all.nextBefore).toBeNull();

    const headers = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("#"));
    const first = await runCli(["history", String(cell.id), "--limit", "3"], env);
    expect(first.code).toBe(0);
    expect(headers(first.stdout).map((line) => Number(line.slice(1).split(" ")[0]))).toEqual(ids.slice(0, 3));
    const next = `wb history ${cell.id} --limit 3 --before ${ids[2]}`;
    expect(first.stdout.trim().split("\n").at(-1)).toBe(`Older revisions: ${next}`);

    const [second, json, tooMany, badBefore] = await Promise.all([
      runCli(next.split(" ").slice(1), env),
      runCli(["history", String(cell.id), "--limit", "1", "--before", String(ids[1]), "--json"], env),
      runCli(["history", String(cell.id), "--limit", "500"], env),
      runCli(["history", String(cell.id), "--before", "0"], env),
    ]);
    expect(headers(second.stdout)).toEqual([expect.stringMatching(new RegExp(`^#${ids[3]} \\S+ \\S+ import`))]);
    expect(second.stdout).not.toContain("Older revisions");
    expect(JSON.parse(json.stdout)).toMatchObject({ revisions: [{ id: ids[2] }], nextBefore: ids[2] });
    expect(tooMany).toMatchObject({ code: 1, stderr: "wb: --limit must be at most 200, not 500\n" });
    expect(badBefore).toMatchObject({ code: 1, stderr: 'wb: --before must be a positive whole number, not "0"\n' });
  });

  it("says in one line, without a stack trace, that a closed port cannot be reached", async () => {
    const port = await freePort();
    const env = environment({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/parallel` });
    const results = await Promise.all(["status", "seed", "dev"].map((command) => runCli([command], env)));
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(oneLine(result.stderr)).toEqual([
        `wb: Cannot connect to PostgreSQL at 127.0.0.1:${port} (database "parallel"): connection refused`,
      ]);
      expect(result.stdout).toBe("");
    }
  });

  it("refuses a DATABASE_URL that is not a postgres URL", async () => {
    const result = await runCli(["status"], environment({ DATABASE_URL: "mysql://localhost/x" }));
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toEqual(["wb: DATABASE_URL must start with postgresql://, not mysql://"]);
  });

  it("answers an unknown command or argument with one line and a non-zero exit", async () => {
    const [unknown, extra] = await Promise.all([runCli(["frobnicate"], process.env), runCli(["status", "--verbose"], process.env)]);
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr)).toEqual(['wb: Unknown command "frobnicate"; run `wb help` for the list']);

    expect(extra.code).toBe(1);
    expect(oneLine(extra.stderr)).toEqual([expect.stringMatching(/^wb: Unknown option '--verbose'/)]);
  });

  it("lists its commands", async () => {
    const help = await runCli(["help"], process.env);
    expect(help.code).toBe(0);
    for (const command of ["dev", "start", "migrate", "seed", "status"]) expect(help.stdout).toContain(`  ${command}`);
  });
});
