// Signing in and out, sessions, passwords, API tokens and one-time links,
// through the route handlers the browser and scripts call (a Request in, the
// answer out), on the file's database.
import { scrypt } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { POST as acceptRoute } from "@/app/api/invitations/accept/route";
import { PUT as passwordRoute } from "@/app/api/me/password/route";
import { GET as meRoute } from "@/app/api/me/route";
import { DELETE as everywhereRoute } from "@/app/api/me/sessions/route";
import { DELETE as revokeRoute } from "@/app/api/me/tokens/[id]/route";
import { POST as createTokenRoute, GET as tokensRoute } from "@/app/api/me/tokens/route";
import { DELETE as signOutRoute, POST as signInRoute } from "@/app/api/session/route";
import { createInvitation, createUser, setDisabled } from "@/lib/auth/accounts";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import { createToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import { addPerson, TEST_PASSWORD, tokenHeaders } from "../helpers/auth";
import { servingRoutes, speechTest } from "../helpers/fixtures";

const it = speechTest.extend("appDb", { scope: "file", auto: true }, servingRoutes);

const ORIGIN = "http://localhost:3000";

type Handler = (request: NextRequest, context: { params: Promise<never> }) => Promise<Response>;

interface Call {
  method?: string;
  body?: unknown;
  /** A session cookie (`name=value`) as the browser would send it. */
  cookie?: string;
  headers?: Record<string, string>;
  /** The peer address, as Next passes it in x-forwarded-for. The sign-in limits count per address: each test uses its own. */
  address?: string;
  params?: Record<string, string>;
}

/** Calls a route handler as a page of this site would (JSON, this site's Origin). */
async function call(handler: Handler, path: string, options: Call = {}) {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  headers.set("x-forwarded-for", options.address ?? "192.0.2.1");
  const method = options.method ?? (options.body === undefined ? "GET" : "POST");
  if (method !== "GET") headers.set("origin", ORIGIN);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const request = new NextRequest(`${ORIGIN}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) as Promise<never> });
  const body = (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } };
  return { status: response.status, body, headers: response.headers, cookie: sessionCookie(response) };
}

/** The session cookie a response sets (`name=value`), if it sets one with a value. */
function sessionCookie(response: Response): string | undefined {
  const set = response.headers.getSetCookie().find((cookie) => cookie.startsWith("parallel.session_token="));
  const pair = set?.split(";")[0];
  return pair && !pair.endsWith("=") ? pair : undefined;
}

const signIn = (login: string, password: string, address: string) =>
  call(signInRoute, "/api/session", { body: { login, password }, address });

async function signedInCookie(login: string, address: string, password = TEST_PASSWORD): Promise<string> {
  const answer = await signIn(login, password, address);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.cookie!;
}

const me = async (auth: { cookie?: string; headers?: Record<string, string> }) => call(meRoute, "/api/me", auth);

/** Who a session cookie signs in as: a cookie whose session ended reads as signed out (GET /api/me gives null). */
const whoIs = async (cookie: string | undefined) => (await me({ cookie })).body.user as { handle: string } | null;

/** What a write with the cookie gets: an ended session is refused with 401, so the browser learns to sign in again. */
async function writeWith(cookie: string) {
  const answer = await call(createTokenRoute, "/api/me/tokens", { body: { name: "probe" }, cookie });
  return [answer.status, answer.body.error?.code];
}
const ENDED = [401, "session_expired"];

/** Saves new text into the speech's first English cell. */
async function saveCell(db: Db, auth: { cookie?: string; headers?: Record<string, string> }, text: string) {
  const cell = await db.cell.findFirstOrThrow({ where: { language: { code: "en" }, segment: { position: 1 } } });
  return call(saveCellRoute, `/api/cells/${cell.id}`, {
    method: "PUT",
    body: { text, baseRevisionId: cell.headRevisionId },
    params: { id: String(cell.id) },
    ...auth,
  });
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("signing in", () => {
  it("works by handle and by email, sets an HttpOnly cookie and never shows the session token", async ({ db }) => {
    await addPerson(db, "sofia", "translator", { email: "Sofia@Example.org", name: "Sofia K." });

    const byHandle = await signIn("sofia", TEST_PASSWORD, "192.0.2.10");
    expect(byHandle.status).toBe(200);
    expect(byHandle.body).toEqual({ user: { handle: "sofia", name: "Sofia K.", role: "translator" } });
    const setCookie = byHandle.headers.getSetCookie().find((cookie) => cookie.startsWith("parallel.session_token="))!;
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(JSON.stringify(byHandle.body)).not.toContain(byHandle.cookie!.split("=")[1]!.split(".")[0]);
    expect((await me({ cookie: byHandle.cookie })).body).toEqual({
      user: expect.objectContaining({ handle: "sofia", email: "sofia@example.org", role: "translator" }),
    });

    const byEmail = await signIn(" SOFIA@example.org ", TEST_PASSWORD, "192.0.2.10");
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toEqual(byHandle.body);
    // Two sign-ins, two sessions (two browsers).
    expect(byEmail.cookie).not.toBe(byHandle.cookie);
    expect(await db.session.count({ where: { user: { handle: "sofia" } } })).toBe(2);
  });

  it("answers a wrong password, an unknown login and a disabled account alike: 401, one message", async ({ db }) => {
    await addPerson(db, "oleg", "viewer");
    await addPerson(db, "pavel", "viewer", { email: "pavel@example.org" });
    await setDisabled(db, "pavel", true);

    const wrong = await signIn("oleg", "not the password at all", "192.0.2.11");
    const unknown = await signIn("nobody-here", TEST_PASSWORD, "192.0.2.11");
    const unknownEmail = await signIn("nobody@example.org", TEST_PASSWORD, "192.0.2.11");
    const disabled = await signIn("pavel", TEST_PASSWORD, "192.0.2.11");
    const disabledByEmail = await signIn("pavel@example.org", TEST_PASSWORD, "192.0.2.11");
    for (const answer of [wrong, unknown, unknownEmail, disabled, disabledByEmail]) {
      expect(answer.status).toBe(401);
      expect(answer.body.error).toEqual(wrong.body.error);
      expect(answer.cookie).toBeUndefined();
    }
    expect(wrong.body.error).toMatchObject({ code: "sign_in_failed" });
    expect(await db.session.count({ where: { user: { handle: { in: ["oleg", "pavel"] } } } })).toBe(0);
  });

  it("stores the password as Better Auth's scrypt salt:hash, never the password itself", async ({ db }) => {
    const person = await addPerson(db, "rita", "viewer");
    const account = await db.account.findFirstOrThrow({ where: { userId: person.id, providerId: "credential" } });
    expect(account.password).not.toContain(TEST_PASSWORD);
    const [salt, hash] = account.password!.split(":");
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(hash).toMatch(/^[0-9a-f]{128}$/);
    // Recomputed with Better Auth's parameters (N 2^14, r 16, p 1, 64 bytes): the hash is scrypt of the password.
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt(TEST_PASSWORD.normalize("NFKC"), salt!, 64, { N: 16384, r: 16, p: 1, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
        error ? reject(error) : resolve(derived),
      ),
    );
    expect(key.toString("hex")).toBe(hash);
  });

  it("no longer signs in with the cookie of an expired session: writes get 401, /api/me reads as signed out", async ({ db }) => {
    await addPerson(db, "tanya", "translator");
    const cookie = await signedInCookie("tanya", "192.0.2.12");
    expect((await saveCell(db, { cookie }, "Tanya's first line.")).status).toBe(200);

    await db.session.updateMany({ where: { user: { handle: "tanya" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const write = await saveCell(db, { cookie }, "Tanya's second line.");
    expect([write.status, write.body.error?.code]).toEqual([401, "session_expired"]);
    // Reading, the browser is simply signed out.
    expect(await whoIs(cookie)).toBeNull();
  });
});

describe("signing out", () => {
  it("ends this session only", async ({ db }) => {
    await addPerson(db, "ulyana", "viewer");
    const laptop = await signedInCookie("ulyana", "192.0.2.13");
    const phone = await signedInCookie("ulyana", "192.0.2.13");

    const out = await call(signOutRoute, "/api/session", { method: "DELETE", cookie: laptop });
    expect(out.status).toBe(200);
    // The answer clears the cookie in the browser.
    expect(out.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^parallel\.session_token=;.*Max-Age=0/i));
    expect(await whoIs(laptop)).toBeNull();
    expect(await writeWith(laptop)).toEqual(ENDED);
    expect(await whoIs(phone)).toMatchObject({ handle: "ulyana" });
  });

  it("everywhere ends every session of this user and nobody else's", async ({ db }) => {
    await addPerson(db, "vera", "viewer");
    await addPerson(db, "yuri", "viewer");
    const laptop = await signedInCookie("vera", "192.0.2.14");
    const phone = await signedInCookie("vera", "192.0.2.14");
    const someoneElse = await signedInCookie("yuri", "192.0.2.14");

    const out = await call(everywhereRoute, "/api/me/sessions", { method: "DELETE", cookie: phone });
    expect([out.status, out.body]).toEqual([200, { sessionsEnded: 2 }]);
    expect(await writeWith(laptop)).toEqual(ENDED);
    expect(await writeWith(phone)).toEqual(ENDED);
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(someoneElse)).toMatchObject({ handle: "yuri" });
  });
});

describe("changing the password", () => {
  it("ends the other sessions, keeps this browser signed in, and retires the old password", async ({ db }) => {
    const person = await addPerson(db, "zoya", "translator");
    const laptop = await signedInCookie("zoya", "192.0.2.15");
    const phone = await signedInCookie("zoya", "192.0.2.15");
    const newPassword = "a different long passphrase";

    const wrong = await call(passwordRoute, "/api/me/password", {
      method: "PUT",
      cookie: laptop,
      body: { currentPassword: "not my password at all", newPassword },
    });
    expect([wrong.status, wrong.body.error?.code]).toEqual([400, "wrong_password"]);
    const short = await call(passwordRoute, "/api/me/password", {
      method: "PUT",
      cookie: laptop,
      body: { currentPassword: TEST_PASSWORD, newPassword: "short" },
    });
    expect(short.status).toBe(400);
    expect(short.body.error?.message).toMatch(/newPassword: must be at least 10 characters/);

    const changed = await call(passwordRoute, "/api/me/password", {
      method: "PUT",
      cookie: laptop,
      body: { currentPassword: TEST_PASSWORD, newPassword },
    });
    expect([changed.status, changed.body]).toEqual([200, { changed: true }]);
    // This browser gets a fresh session cookie and stays signed in; the phone is signed out.
    expect(changed.cookie).toBeDefined();
    expect(await whoIs(changed.cookie)).toMatchObject({ handle: "zoya" });
    expect(await whoIs(phone)).toBeNull();
    expect(await writeWith(phone)).toEqual(ENDED);
    expect(await db.session.count({ where: { userId: person.id } })).toBe(1);

    expect((await signIn("zoya", TEST_PASSWORD, "192.0.2.15")).status).toBe(401);
    expect((await signIn("zoya", newPassword, "192.0.2.15")).status).toBe(200);
  });

  it(`refuses even the right current password after ${SIGN_IN_LIMITS.perAccount} wrong ones (a stolen session cannot guess it)`, async ({
    db,
  }) => {
    await addPerson(db, "yana", "translator");
    const cookie = await signedInCookie("yana", "192.0.2.16");
    const change = (currentPassword: string) =>
      call(passwordRoute, "/api/me/password", {
        method: "PUT",
        cookie,
        body: { currentPassword, newPassword: "a different long passphrase" },
      });
    for (let n = 0; n < SIGN_IN_LIMITS.perAccount; n++) expect((await change(`guess number ${n}`)).status).toBe(400);
    const refused = await change(TEST_PASSWORD);
    expect([refused.status, refused.body.error?.code]).toEqual([429, "too_many_sign_ins"]);
    // Nor can a sign-in with the password go on guessing.
    expect((await signIn("yana", "another guess", "192.0.2.17")).status).toBe(429);
  });

  it("needs a signed-in browser, not an API token", async ({ db }) => {
    const person = await addPerson(db, "artem", "translator");
    const answer = await call(passwordRoute, "/api/me/password", {
      method: "PUT",
      headers: await tokenHeaders(db, person),
      body: { currentPassword: TEST_PASSWORD, newPassword: "a different long passphrase" },
    });
    expect([answer.status, answer.body.error?.code]).toEqual([403, "session_required"]);
  });
});

describe("a disabled user", () => {
  it("loses their sessions and tokens at once, and cannot sign in", async ({ db }) => {
    const person = await addPerson(db, "boris", "translator");
    const cookie = await signedInCookie("boris", "192.0.2.16");
    const token = await tokenHeaders(db, person);
    expect((await me({ headers: token })).body).toMatchObject({ user: { handle: "boris" } });

    await setDisabled(db, "boris", true);
    expect(await whoIs(cookie)).toBeNull();
    expect(await writeWith(cookie)).toEqual(ENDED);
    const write = await saveCell(db, { headers: token }, "Written by a disabled account.");
    expect([write.status, write.body.error?.code]).toEqual([401, "token_invalid"]);
    expect((await signIn("boris", TEST_PASSWORD, "192.0.2.16")).status).toBe(401);

    await setDisabled(db, "boris", false);
    expect((await signIn("boris", TEST_PASSWORD, "192.0.2.16")).status).toBe(200);
  });
});

describe("API tokens", () => {
  it("stop working on the very next request after revocation", async ({ db }) => {
    await addPerson(db, "galina", "translator");
    const cookie = await signedInCookie("galina", "192.0.2.17");
    const person = await db.user.findUniqueOrThrow({ where: { handle: "galina" } });
    const { token, summary } = await createToken(db, person.id, { name: "script" });
    expect((await saveCell(db, bearer(token), "Galina's script wrote this.")).status).toBe(200);

    const revoked = await call(revokeRoute, `/api/me/tokens/${summary.id}`, {
      method: "DELETE",
      cookie,
      params: { id: String(summary.id) },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ token: { id: summary.id, revokedAt: expect.any(String) } });
    const next = await me(bearer(token));
    expect([next.status, next.body.error?.code]).toEqual([401, "token_invalid"]);
  });

  it("revokes only the asker's own tokens", async ({ db }) => {
    const owner = await addPerson(db, "darya", "viewer");
    await addPerson(db, "egor", "admin");
    const { token, summary } = await createToken(db, owner.id, { name: "darya's" });
    const cookie = await signedInCookie("egor", "192.0.2.18");
    const answer = await call(revokeRoute, `/api/me/tokens/${summary.id}`, {
      method: "DELETE",
      cookie,
      params: { id: String(summary.id) },
    });
    expect([answer.status, answer.body.error?.code]).toEqual([404, "token_not_found"]);
    expect((await me(bearer(token))).status).toBe(200);
  });

  it("made with the viewer role cannot write, though their user is a translator", async ({ db }) => {
    const person = await addPerson(db, "fedor", "translator");
    const { token } = await createToken(db, person.id, { name: "read only", role: "viewer" });
    expect((await me(bearer(token))).body).toMatchObject({ user: { handle: "fedor", role: "viewer" } });
    const write = await saveCell(db, bearer(token), "A read-only token wrote this.");
    expect([write.status, write.body.error?.code]).toEqual([403, "forbidden"]);

    // A token never acts above its user: an admin token of a translator is a translator's.
    const { token: wishful } = await createToken(db, person.id, { name: "wishful", role: "admin" });
    expect((await me(bearer(wishful))).body).toMatchObject({ user: { role: "translator" } });
    expect((await saveCell(db, bearer(wishful), "A translator's token wrote this.")).status).toBe(200);
  });

  it("record when they were last used, shown in the list", async ({ db }) => {
    const person = await addPerson(db, "inna", "viewer");
    const { token, summary } = await createToken(db, person.id, { name: "nightly" });
    expect(summary.lastUsedAt).toBeNull();
    const before = Date.now();
    await me(bearer(token));
    const used = await db.apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(used.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const cookie = await signedInCookie("inna", "192.0.2.19");
    const listed = await call(tokensRoute, "/api/me/tokens", { cookie });
    expect(listed.body).toEqual({
      tokens: [
        {
          id: summary.id,
          name: "nightly",
          role: "viewer",
          createdAt: summary.createdAt,
          lastUsedAt: used.lastUsedAt!.toISOString(),
          revokedAt: null,
        },
      ],
    });
  });

  it("that are malformed or unknown get 401, never anonymous access", async () => {
    const malformed = await me({ headers: { authorization: "Token abc" } });
    expect([malformed.status, malformed.body.error?.code]).toEqual([401, "token_invalid"]);
    const unknown = await me(bearer(`wbt_${"x".repeat(43)}`));
    expect([unknown.status, unknown.body.error?.code]).toEqual([401, "token_invalid"]);
  });
});

describe("the sign-in limit", () => {
  it(`refuses even the right password after ${SIGN_IN_LIMITS.perAccount} failures for an account, whatever the address`, async ({ db }) => {
    await addPerson(db, "kira", "viewer", { email: "kira@example.org" });
    // Failures by handle and by email count for the same account, from several addresses.
    for (let n = 0; n < SIGN_IN_LIMITS.perAccount; n++) {
      const login = n % 2 ? "kira" : "kira@example.org";
      expect((await signIn(login, `wrong password ${n}`, `198.51.100.${n + 1}`)).status).toBe(401);
    }
    for (const [login, address] of [
      ["kira", "198.51.100.99"],
      ["kira@example.org", "198.51.100.98"],
    ] as const) {
      const refused = await signIn(login, TEST_PASSWORD, address);
      expect([refused.status, refused.body.error?.code]).toEqual([429, "too_many_sign_ins"]);
      expect(refused.body.error?.message).toMatch(/^Too many failed sign-ins: try again in 15 minutes$/);
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(SIGN_IN_LIMITS.windowMs / 1000 - 60);
      expect(retryAfter).toBeLessThanOrEqual(SIGN_IN_LIMITS.windowMs / 1000);
      expect(refused.cookie).toBeUndefined();
    }
    // Another account is not held up by kira's failures.
    await addPerson(db, "lev", "viewer");
    expect((await signIn("lev", TEST_PASSWORD, "198.51.100.99")).status).toBe(200);
  });

  it(`refuses an address after ${SIGN_IN_LIMITS.perAddress} failures there, whichever account it tries`, async ({ db }) => {
    await addPerson(db, "mila", "viewer");
    const address = "203.0.113.7";
    for (let n = 0; n < SIGN_IN_LIMITS.perAddress; n++) {
      expect((await signIn(`guess-${n}`, "some password guess", address)).status).toBe(401);
    }
    const refused = await signIn("mila", TEST_PASSWORD, address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Mila from her own address is fine.
    expect((await signIn("mila", TEST_PASSWORD, "203.0.113.8")).status).toBe(200);
  });

  it("forgets an account's failures once it signs in", async ({ db }) => {
    await addPerson(db, "nadia", "viewer");
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < SIGN_IN_LIMITS.perAccount - 1; n++) {
        expect((await signIn("nadia", "wrong password", `198.18.0.${round * 10 + n + 1}`)).status).toBe(401);
      }
      expect((await signIn("nadia", TEST_PASSWORD, `198.18.0.${round * 10 + 9}`)).status).toBe(200);
    }
  });
});

describe("one-time sign-in links", () => {
  it("set the password and sign in once; the link then no longer works", async ({ db }) => {
    await createUser(db, { handle: "olga", role: "reviewer" });
    const { token } = await createInvitation(db, "olga");
    const password = "olga's own long password";

    const short = await call(acceptRoute, "/api/invitations/accept", { body: { token, password: "short" }, address: "192.0.2.20" });
    expect(short.status).toBe(400);
    // A refused password does not use the link up.
    const accepted = await call(acceptRoute, "/api/invitations/accept", { body: { token, password }, address: "192.0.2.20" });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ user: { handle: "olga", name: "olga", role: "reviewer" } });
    expect((await me({ cookie: accepted.cookie })).body).toMatchObject({ user: { handle: "olga", role: "reviewer" } });

    const again = await call(acceptRoute, "/api/invitations/accept", {
      body: { token, password: "someone else's password" },
      address: "192.0.2.20",
    });
    expect([again.status, again.body.error?.code]).toEqual([404, "invitation_invalid"]);
    expect((await signIn("olga", password, "192.0.2.20")).status).toBe(200);
  });

  it("expire, and end the sessions a user had before", async ({ db }) => {
    await addPerson(db, "polina", "viewer");
    const before = await signedInCookie("polina", "192.0.2.21");

    const expired = await createInvitation(db, "polina");
    await db.invitation.updateMany({ where: { user: { handle: "polina" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await call(acceptRoute, "/api/invitations/accept", {
      body: { token: expired.token, password: "a brand new password" },
      address: "192.0.2.21",
    });
    expect([late.status, late.body.error?.code]).toEqual([404, "invitation_invalid"]);
    expect(await whoIs(before)).toMatchObject({ handle: "polina" });

    const fresh = await createInvitation(db, "polina");
    const accepted = await call(acceptRoute, "/api/invitations/accept", {
      body: { token: fresh.token, password: "a brand new password" },
      address: "192.0.2.21",
    });
    expect(accepted.status).toBe(200);
    // Someone who knew the old password is signed out.
    expect(await whoIs(before)).toBeNull();
  });
});
