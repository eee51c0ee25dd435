import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, type TestDatabase } from "../helpers/database";
import { environment, freePort, runCli } from "../helpers/processes";

let database: TestDatabase;

beforeAll(async () => {
  database = await createMigratedTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

const oneLine = (stderr: string) => stderr.trim().split("\n");

describe("wb", () => {
  it("seeds the speech once and reports it", async () => {
    const env = environment({ DATABASE_URL: database.url });
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

  it("says in one line, without a stack trace, that a closed port cannot be reached", async () => {
    const port = await freePort();
    for (const command of ["status", "seed", "dev"]) {
      const result = await runCli([command], environment({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/parallel` }));
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
    const unknown = await runCli(["frobnicate"], process.env);
    expect(unknown.code).toBe(1);
    expect(oneLine(unknown.stderr)).toEqual(['wb: Unknown command "frobnicate"; run `wb help` for the list']);

    const extra = await runCli(["status", "--verbose"], process.env);
    expect(extra.code).toBe(1);
    expect(oneLine(extra.stderr)).toEqual([expect.stringMatching(/^wb: Unknown option '--verbose'/)]);
  });

  it("lists its commands", async () => {
    const help = await runCli(["help"], process.env);
    expect(help.code).toBe(0);
    for (const command of ["dev", "start", "migrate", "seed", "status"]) expect(help.stdout).toContain(`  ${command}`);
  });
});
