// The first start of an empty installation: `wb start` makes an admin and
// prints a one-time link; the link sets the admin's password and signs them
// in; once an admin can sign in, starts print no link.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect } from "vitest";
import { POST as acceptRoute } from "@/app/api/invitations/accept/route";
import { GET as meRoute } from "@/app/api/me/route";
import { createUser, firstAdminInvitation, setDisabled } from "@/lib/auth/accounts";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { addPerson } from "../helpers/auth";
import { createTestDatabase } from "../helpers/database";
import { test as it, servingRoutes } from "../helpers/fixtures";
import { environment, finished, freePort, startScript } from "../helpers/processes";

const LINK = /^ {2}(http:\/\/localhost:(\d+)\/en\/invite\/(wbi_[A-Za-z0-9_-]{43}))$/m;

/** Accepts a one-time link's token with a password through the route handler; gives the answer and its session cookie. */
async function accept(db: Db, token: string, password: string) {
  const cleanups: (() => void)[] = [];
  servingRoutes({ db }, { onCleanup: (cleanup) => cleanups.push(cleanup) });
  try {
    const request = new NextRequest("http://localhost:3000/api/invitations/accept", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "192.0.2.50" },
      body: JSON.stringify({ token, password }),
    });
    const answer = await acceptRoute(request, { params: Promise.resolve({}) });
    const cookie = answer.headers
      .getSetCookie()
      .find((each) => each.startsWith("parallel.session_token="))
      ?.split(";")[0];
    const me = cookie
      ? await meRoute(new NextRequest("http://localhost:3000/api/me", { headers: { cookie } }), { params: Promise.resolve({}) })
      : undefined;
    return { status: answer.status, me: (await me?.json()) as { user: { handle: string; role: string } } | undefined };
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

describe("the first start", () => {
  // Two starts, each a child process that opens the database (the first makes it) and loads the speech.
  it("prints a one-time link for the admin, which signs them in; the next start prints none", { timeout: 90_000 }, async () => {
    const port = await freePort();
    const server = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    const dataDir = await mkdtemp(path.join(tmpdir(), "parallel-first-start-"));
    // No build in this directory: Next refuses to serve once `wb start` has done its part (database, speech,
    // link), so the test needs no `next build`; what it checks all happens before Next starts.
    const env = environment({ DATABASE_URL: server?.url, PARALLEL_DATA_DIR: dataDir, NEXT_DIST_DIR: ".next-no-build-here" });
    const start = () => finished(startScript("lib/cli/main.ts", ["start", "--port", String(port)], env));
    try {
      const first = await start();
      expect(first.stdout).toContain('No admin can sign in yet. Sign in as "admin" with this one-time link (valid for 7 days):');
      const [, link, linkPort, token] = LINK.exec(first.stdout) ?? [];
      expect(link, first.stdout + first.stderr).toBeDefined();
      // The link points at the port the app was asked to listen on.
      expect(linkPort).toBe(String(port));

      const database = server ? undefined : await startEmbeddedDatabase({ dataDir });
      const db = createDb(server?.url ?? database!.url);
      try {
        const accepted = await accept(db, token!, "the first admin's password");
        expect(accepted.status).toBe(200);
        expect(accepted.me).toEqual({ user: expect.objectContaining({ handle: "admin", role: "admin" }) });
      } finally {
        await db.$disconnect();
        await database?.close();
      }

      const second = await start();
      expect(second.stdout).toMatch(/^Database: /m);
      expect(second.stdout).not.toContain("No admin can sign in yet");
      expect(second.stdout).not.toMatch(/\/invite\//);
    } finally {
      await server?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// Each test from here starts with no people in the file's database.
const withNoPeople = it.extend("noPeople", { scope: "test", auto: true }, async ({ db }) => {
  await db.invitation.deleteMany();
  await db.user.deleteMany({ where: { kind: "human" } });
  return true;
});

describe("firstAdminInvitation", () => {
  withNoPeople("makes the admin once, gives fresh links until an admin has a password, then none", async ({ db }) => {
    const first = await firstAdminInvitation(db);
    expect(first).toMatchObject({ handle: "admin", link: expect.stringMatching(/\/en\/invite\/wbi_/) });
    expect(await db.user.findUniqueOrThrow({ where: { handle: "admin" } })).toMatchObject({ role: "admin", name: "Admin" });

    // Restarted before anyone used the link: the same admin, another link; both work until one is used.
    const second = await firstAdminInvitation(db);
    expect(second).toMatchObject({ handle: "admin" });
    expect(second!.token).not.toBe(first!.token);
    expect(await db.user.count({ where: { role: "admin" } })).toBe(1);

    expect((await accept(db, first!.token, "the first admin's password")).status).toBe(200);
    expect(await firstAdminInvitation(db)).toBeNull();
    // Using one link retires the others: an old console's link cannot reset the admin's password later.
    expect((await accept(db, second!.token, "an intruder's password")).status).toBe(404);

    // An admin who is disabled cannot sign in: while no other admin can, a new admin is made (the disabled one stays disabled).
    await setDisabled(db, "admin", true);
    const afterDisabling = await firstAdminInvitation(db);
    expect(afterDisabling).toMatchObject({ handle: "admin-2" });
    expect(await db.user.findUniqueOrThrow({ where: { handle: "admin" } })).toMatchObject({ disabledAt: expect.any(Date) });
  });

  withNoPeople("invites an admin who has no password yet rather than making another", async ({ db }) => {
    await createUser(db, { handle: "ana", role: "admin" });
    expect(await firstAdminInvitation(db)).toMatchObject({ handle: "ana" });
    expect(await db.user.count({ where: { handle: "admin" } })).toBe(0);
  });

  withNoPeople("never promotes someone who happens to be called admin", async ({ db }) => {
    await addPerson(db, "admin", "viewer");
    expect(await firstAdminInvitation(db)).toMatchObject({ handle: "admin-2" });
    expect(await db.user.findUniqueOrThrow({ where: { handle: "admin" } })).toMatchObject({ role: "viewer" });
  });
});
