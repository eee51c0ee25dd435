// wb user and wb token as people and scripts run them: child processes
// against the file's database, their tokens and links then used through the
// route handlers, and once beside a running owner of the embedded database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect } from "vitest";
import { POST as acceptRoute } from "@/app/api/invitations/accept/route";
import { GET as meRoute } from "@/app/api/me/route";
import { createUser, setDisabled } from "@/lib/auth/accounts";
import { token, user } from "@/lib/cli/accounts";
import { createDb } from "@/lib/db/client";
import { servingRoutes, test } from "../helpers/fixtures";
import { environment, runCli, startScript, stop, waitForLine } from "../helpers/processes";

const it = test
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("env", { scope: "file" }, ({ url }) => environment({ DATABASE_URL: url }));

const TOKEN = /^wbt_[A-Za-z0-9_-]{43}$/;
const LINK = /^ {2}http:\/\/localhost:\d+\/en\/invite\/(wbi_[A-Za-z0-9_-]{43})$/m;

/** GET /api/me through its handler, as a script with `Authorization: Bearer TOKEN` would. */
async function meWith(token: string) {
  const request = new NextRequest("http://localhost:3000/api/me", { headers: { authorization: `Bearer ${token}` } });
  const response = await meRoute(request, { params: Promise.resolve({}) });
  return {
    status: response.status,
    body: (await response.json()) as { user?: { handle: string; role: string }; error?: { code: string } },
  };
}

/** Uses a one-time link's token to set a password, as the invitation page does. */
// The sign-in limiter lives in the process, which other test files of the worker share (auth-sessions
// locks out "kira"): the people here have names of their own.
async function accept(token: string, password: string) {
  const request = new NextRequest("http://localhost:3000/api/invitations/accept", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "192.0.2.40" },
    body: JSON.stringify({ token, password }),
  });
  return (await acceptRoute(request, { params: Promise.resolve({}) })).status;
}

const oneLine = (stderr: string) => stderr.trim().split("\n");

// Each test starts the CLI as child processes, a second or more each on a busy machine: a minute per test.
describe("wb user", { timeout: 60_000 }, () => {
  it("creates a user with a one-time link once; a second create changes nothing and exits 0", async ({ env, db }) => {
    const created = await runCli(["user", "create", "ana", "--role", "translator", "--email", "Ana@Example.org", "--name", "Ana K."], env);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const lines = created.stdout.split("\n");
    expect(lines[0]).toBe("Created ana (Ana K., ana@example.org), role translator");
    expect(lines[1]).toMatch(/^One-time sign-in link for ana to set a password \(valid until \d{4}-\d\d-\d\dT[\d:.]+Z\):$/);
    const link = LINK.exec(created.stdout)![1]!;

    const again = await runCli(["user", "create", "ana", "--role", "admin", "--email", "other@example.org", "--name", "Someone"], env);
    expect(again).toMatchObject({ code: 0, stdout: "User ana exists; nothing changed\n", stderr: "" });
    expect(await db.user.findUniqueOrThrow({ where: { handle: "ana" } })).toMatchObject({
      role: "translator",
      email: "ana@example.org",
      name: "Ana K.",
    });
    expect(await db.invitation.count({ where: { user: { handle: "ana" } } })).toBe(1);

    // The link sets her password and signs her in.
    expect(await accept(link, "ana's long password")).toBe(200);
    expect(await accept(link, "ana's long password")).toBe(404);
    const listed = JSON.parse((await runCli(["user", "list", "--json"], env)).stdout) as { users: { handle: string }[] };
    expect(listed.users.find((each) => each.handle === "ana")).toMatchObject({ role: "translator", disabled: false, hasPassword: true });
  });

  it("lists users, changes a role, disables, enables and invites", async ({ env, db }) => {
    await createUser(db, { handle: "boris", role: "viewer" });
    await createUser(db, { handle: "vera", role: "admin", email: "vera@example.org" });
    await createUser(db, { handle: "klara", role: "viewer" });
    await setDisabled(db, "klara", true);
    const [role, disabled, enabled] = await Promise.all([
      runCli(["user", "role", "boris", "reviewer"], env),
      runCli(["user", "disable", "vera"], env),
      runCli(["user", "enable", "klara"], env),
    ]);
    expect(role).toMatchObject({ code: 0, stdout: "Now boris, role reviewer\n" });
    expect(disabled).toMatchObject({ code: 0, stdout: "Disabled vera: their sessions have ended and their API tokens no longer work\n" });
    expect(enabled).toMatchObject({ code: 0, stdout: "Enabled klara\n" });

    const [table, invite] = await Promise.all([runCli(["user", "list"], env), runCli(["user", "invite", "klara"], env)]);
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^HANDLE +NAME +EMAIL +ROLE +DISABLED +HAS PASSWORD$/);
    expect(rows).toContainEqual(expect.stringMatching(/^boris +boris +reviewer +no +no$/));
    expect(rows).toContainEqual(expect.stringMatching(/^vera +vera +vera@example\.org +admin +yes +no$/));
    expect(invite.code).toBe(0);
    expect(rows).toContainEqual(expect.stringMatching(/^klara +klara +viewer +no +no$/));
    expect(invite.stdout).toMatch(/^One-time sign-in link for klara to set a password/);
    expect(await accept(LINK.exec(invite.stdout)![1]!, "klara's long password")).toBe(200);
  });

  it("refuses bad input naming what is wrong", async ({ db }) => {
    await createUser(db, { handle: "dina-disabled", role: "viewer" });
    await setDisabled(db, "dina-disabled", true);
    const cases: [string[], string | RegExp][] = [
      [["create", "dina"], "--role is required: viewer, translator, reviewer, admin"],
      [["create", "dina", "--role", "boss"], '--role must be one of viewer, translator, reviewer, admin, not "boss"'],
      [["create", "Dina!", "--role", "viewer"], /^Invalid user: handle: must be 2–40 lowercase letters/],
      [["create", "dina", "--role", "viewer", "--email", "dina"], "Invalid user: email: must be an email address"],
      [["create", "--role", "viewer"], /^HANDLE is missing\. Usage: wb user create HANDLE --role ROLE/],
      [["role", "nobody", "admin"], 'There is no user "nobody"'],
      [["role", "dina"], /^ROLE is missing\. Usage: /],
      [["disable", "dina", "boris"], /^Unexpected "boris"\. Usage: /],
      [["list", "--role", "admin"], /^user list takes no --role\. Usage: /],
      [["frobnicate"], /^Unknown action "frobnicate"\. Usage: /],
      [[], /^An action is missing\. Usage: /],
      [["invite", "dina-disabled"], "dina-disabled is disabled: enable them before inviting"],
    ];
    for (const [args, message] of cases) {
      await expect(
        user(db, args, () => {}),
        args.join(" "),
      ).rejects.toThrow(message);
    }
    expect(await db.user.count({ where: { handle: "dina" } })).toBe(0);
  });
});

describe("wb token", { timeout: 60_000 }, () => {
  it("prints only the new token on stdout; the token acts as its user until revoked", async ({ env, db }) => {
    await createUser(db, { handle: "galina", role: "translator" });
    const created = await runCli(["token", "create", "galina", "--name", "nightly export"], env);
    expect(created.code).toBe(0);
    const lines = created.stdout.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
    expect(lines[0]).toMatch(TOKEN);
    const token = lines[0]!;
    expect(created.stderr).toMatch(/^API token #\d+ "nightly export" of galina, acting as translator; shown only this once\n$/);
    // Only its SHA-256 is kept.
    expect((await db.apiToken.findFirstOrThrow({ where: { user: { handle: "galina" } } })).tokenHash).toMatch(/^[0-9a-f]{64}$/);

    expect(await meWith(token)).toMatchObject({ status: 200, body: { user: { handle: "galina", role: "translator" } } });

    const [table, json] = await Promise.all([runCli(["token", "list", "galina"], env), runCli(["token", "list", "galina", "--json"], env)]);
    const { tokens } = JSON.parse(json.stdout) as {
      tokens: { id: number; name: string; role: string; lastUsedAt: string | null; revokedAt: string | null }[];
    };
    expect(tokens).toEqual([
      expect.objectContaining({ name: "nightly export", role: "translator", lastUsedAt: expect.any(String), revokedAt: null }),
    ]);
    const id = tokens[0]!.id;
    const rows = table.stdout.trimEnd().split("\n");
    expect(rows[0]).toMatch(/^ID +NAME +ROLE +CREATED +LAST USED +REVOKED$/);
    expect(rows[1]).toMatch(
      new RegExp(`^${id} +nightly export +translator +\\d{4}-\\S+Z +${tokens[0]!.lastUsedAt!.replace(/\./g, "\\.")} +no$`),
    );

    const revoked = await runCli(["token", "revoke", String(id)], env);
    expect(revoked).toMatchObject({ code: 0, stderr: "" });
    expect(revoked.stdout).toMatch(new RegExp(`^Revoked API token #${id} "nightly export" \\(at \\d{4}-\\S+Z\\)\\n$`));
    expect(await meWith(token)).toMatchObject({ status: 401, body: { error: { code: "token_invalid" } } });
  });

  it("makes a token that acts with a lower role than its user's", async ({ env, db }) => {
    await createUser(db, { handle: "fedor", role: "reviewer" });
    const created = await runCli(["token", "create", "fedor", "--role", "viewer"], env);
    expect(created.stdout).toMatch(/^wbt_\S+\n$/);
    expect(created.stderr).toMatch(/^API token #\d+ "API token" of fedor, acting as viewer;/);
    expect(await meWith(created.stdout.trim())).toMatchObject({ body: { user: { handle: "fedor", role: "viewer" } } });
  });

  it("refuses bad input naming what is wrong", async ({ db }) => {
    await user(db, ["create", "hanna", "--role", "viewer"], () => {});
    await user(db, ["disable", "hanna"], () => {});
    const cases: [string[], string | RegExp][] = [
      [["create", "nobody"], 'There is no user "nobody"'],
      [["create", "hanna"], "hanna is disabled: enable them before making a token"],
      [["create", "hanna", "--role", "root"], '--role must be one of viewer, translator, reviewer, admin, not "root"'],
      [["create"], /^HANDLE is missing\. Usage: wb token create HANDLE/],
      [["revoke", "abc"], 'ID must be a positive whole number, not "abc"'],
      [["revoke", "999999"], "There is no API token 999999"],
      [["list", "hanna", "--name", "x"], /^token list takes no --name\. Usage: /],
      [["rotate", "hanna"], /^Unknown action "rotate"\. Usage: /],
      [["toString"], /^Unknown action "toString"\. Usage: /],
    ];
    const printed: string[] = [];
    for (const [args, message] of cases) {
      await expect(
        token(
          db,
          args,
          (line) => printed.push(line),
          (line) => printed.push(line),
        ),
        args.join(" "),
      ).rejects.toThrow(message);
    }
    expect(printed).toEqual([]);
    expect(await db.apiToken.count({ where: { user: { handle: "hanna" } } })).toBe(0);
  });
});

describe("wb user and wb token, given bad input", { timeout: 60_000 }, () => {
  it("say what is wrong in one line on stderr, print nothing on stdout and exit 1", async ({ env }) => {
    const [missingRole, unknownUser, unknownOption] = await Promise.all([
      runCli(["user", "create", "dina"], env),
      runCli(["token", "create", "nobody"], env),
      runCli(["token", "list", "--verbose"], env),
    ]);
    expect(missingRole).toMatchObject({ code: 1, stdout: "", stderr: "wb: --role is required: viewer, translator, reviewer, admin\n" });
    expect(unknownUser).toMatchObject({ code: 1, stdout: "", stderr: 'wb: There is no user "nobody"\n' });
    expect(unknownOption).toMatchObject({ code: 1, stdout: "" });
    expect(oneLine(unknownOption.stderr)).toEqual([expect.stringMatching(/^wb: Unknown option '--verbose'/)]);
  });

  it("are listed by wb help", async () => {
    const help = await runCli(["help"], process.env);
    for (const command of [
      "user create HANDLE --role",
      "user list",
      "user role HANDLE ROLE",
      "user disable HANDLE",
      "token create HANDLE",
      "token revoke ID",
    ]) {
      expect(help.stdout).toContain(command);
    }
  });
});

describe("wb user and wb token beside the running app", { timeout: 60_000 }, () => {
  it("work on the embedded database the app owns, through the app's database server", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-accounts-"));
    const env = environment({ DATABASE_URL: undefined, PARALLEL_DATA_DIR: dataDir });
    // Stands in for `wb start`: owns the data directory and serves it until stopped.
    const owner = startScript("tests/fixtures/own-embedded-database.ts", [], env);
    try {
      const [, url] = await waitForLine(owner, /READY (\S+)/);
      const created = await runCli(["user", "create", "irina", "--role", "reviewer"], env);
      expect(created.stdout).toMatch(/^Created irina, role reviewer\n/);
      const token = await runCli(["token", "create", "irina"], env);
      expect(token.stdout.trim()).toMatch(TOKEN);
      const db = createDb(url!);
      try {
        expect(await db.user.findUniqueOrThrow({ where: { handle: "irina" } })).toMatchObject({ role: "reviewer" });
        expect(await db.apiToken.count({ where: { user: { handle: "irina" } } })).toBe(1);
      } finally {
        await db.$disconnect();
      }
    } finally {
      expect(await stop(owner)).toBe(0);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
