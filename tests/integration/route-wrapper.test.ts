// The one route wrapper (app/api/_lib/route.ts): who asks, cross-site
// writes, content types, and errors mapped to answers without internals.
import { NextRequest } from "next/server";
import { describe, expect } from "vitest";
import { z } from "zod";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { POST as signInRoute } from "@/app/api/session/route";
import { type ErrorBody, route } from "@/app/api/_lib/route";
import { actorFrom } from "@/lib/auth/actor";
import { signIn } from "@/lib/auth/sign-in";
import { createDb } from "@/lib/db/client";
import { getRows } from "@/lib/documents/rows";
import { MAX_JSON_BODY_BYTES } from "@/lib/limits";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { addPerson, tokenHeaders, TEST_PASSWORD } from "../helpers/auth";
import { servingRoutes, speechTest } from "../helpers/fixtures";

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("vera", { scope: "file", auto: true }, ({ db }) => addPerson(db, "vera", "translator"));

const base = "http://localhost:3000";

/** Vera's session cookie, as her browser holds it after signing in. */
async function sessionCookie(): Promise<string> {
  const answer = await signInRoute(
    new NextRequest(`${base}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ login: "vera", password: TEST_PASSWORD }),
    }),
    { params: Promise.resolve({}) },
  );
  expect(answer.status).toBe(200);
  return answer.headers.getSetCookie()[0]!.split(";")[0]!;
}

async function firstCell(db: Parameters<typeof getRows>[0]) {
  return (await getRows(db, SPEECH_SLUG, { offset: 0, limit: 1 })).rows[0]!.cells.en!;
}

async function save(cellId: number, headers: Record<string, string>, body: string) {
  const answer = await saveCellRoute(new NextRequest(`${base}/api/cells/${cellId}`, { method: "PUT", headers, body }), {
    params: Promise.resolve({ id: String(cellId) }),
  });
  return { status: answer.status, body: (await answer.json()) as { error?: { code: string; message: string } } };
}

describe("writes with a session cookie", () => {
  it("are refused from another site's page (403), without an Origin (403), and as text/plain (415)", async ({ db }) => {
    const cookie = await sessionCookie();
    const cell = await firstCell(db);
    const body = JSON.stringify({ text: "Cross-site text", baseRevisionId: cell.headRevisionId });

    const foreign = await save(cell.id, { cookie, origin: "http://evil.example", "content-type": "application/json" }, body);
    expect(foreign).toMatchObject({ status: 403, body: { error: { code: "cross_site_request" } } });
    const noOrigin = await save(cell.id, { cookie, "content-type": "application/json" }, body);
    expect(noOrigin).toMatchObject({ status: 403, body: { error: { code: "origin_required" } } });
    const plain = await save(cell.id, { cookie, origin: base, "content-type": "text/plain" }, body);
    expect(plain).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    expect((await firstCell(db)).text).toBe(cell.text);

    const own = await save(cell.id, { cookie, origin: base, "content-type": "application/json" }, body);
    expect(own.status).toBe(200);
    expect((await firstCell(db)).text).toBe("Cross-site text");
  });

  it("need no Origin with an API token (no cookie rides along), but still JSON", async ({ db, vera }) => {
    const cell = await firstCell(db);
    const token = await tokenHeaders(db, vera);
    const body = JSON.stringify({ text: "Scripted text", baseRevisionId: cell.headRevisionId });
    expect((await save(cell.id, { ...token, "content-type": "text/plain" }, body)).status).toBe(415);
    expect((await save(cell.id, { ...token, "content-type": "application/json" }, body)).status).toBe(200);
  });

  it("are refused for anyone not signed in (401) and for a cookie whose session is gone (401)", async ({ db }) => {
    const cell = await firstCell(db);
    const body = JSON.stringify({ text: "Anonymous text", baseRevisionId: cell.headRevisionId });
    expect((await save(cell.id, { origin: base, "content-type": "application/json" }, body)).status).toBe(401);
    const cookie = await sessionCookie();
    await db.session.deleteMany({});
    const ended = await save(cell.id, { cookie, origin: base, "content-type": "application/json" }, body);
    expect(ended).toMatchObject({ status: 401, body: { error: { code: "session_expired" } } });
  });
});

describe("the session cookie", () => {
  it("is Secure (and __Secure- named) when the public address is https, and still authenticates", async ({ url }) => {
    const saved = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://parallel.example.org";
    // Better Auth reads the public address when its instance is made: a new client gets a new instance.
    const db = createDb(url);
    try {
      const answer = await signIn(db, { login: "vera", password: TEST_PASSWORD }, { headers: new Headers(), address: "203.0.113.9" });
      const cookie = answer.headers.getSetCookie()[0]!;
      expect(cookie).toMatch(/^__Secure-parallel\.session_token=/);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      const actor = await actorFrom(db, new Headers({ cookie: cookie.split(";")[0]! }));
      expect(actor?.user.handle).toBe("vera");
    } finally {
      if (saved === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = saved;
      await db.$disconnect();
    }
  });
});

describe("the Host of an API request", () => {
  it("must be this app's: another name (DNS rebinding) gets 421 before anything is read or written", async ({ db, vera }) => {
    const cell = await firstCell(db);
    const headers = { ...(await tokenHeaders(db, vera)), "content-type": "application/json" };
    const body = JSON.stringify({ text: "Rebound.", baseRevisionId: cell.headRevisionId });
    for (const host of ["evil.example", "localhost.evil.example:3000", "192.168.1.20:3000"]) {
      const refused = await save(cell.id, { ...headers, host }, body);
      expect(refused.status).toBe(421);
      expect(refused.body.error).toMatchObject({ code: "misdirected_request", message: expect.stringContaining("PUBLIC_URL") });
    }
    expect((await firstCell(db)).text).toBe(cell.text);
    expect((await save(cell.id, { ...headers, host: "localhost:3000" }, body)).status).toBe(200);
  });
});

describe("errors become answers", () => {
  const failing = (error: unknown) =>
    route({ permission: "anyone" }, async () => {
      throw error;
    });
  const call = async (handler: ReturnType<typeof failing>) => {
    const answer = await handler(new NextRequest(`${base}/api/x`), { params: Promise.resolve({}) });
    return { status: answer.status, text: await answer.text() };
  };
  const prismaError = (code: string) =>
    Object.assign(new Error(`Invalid \`prisma.user.create()\` invocation in /work/lib/x.ts: ${code}`), { code });

  it("maps a taken unique key to 409, a missing record to 404, an unreachable database to 503", async () => {
    expect((await call(failing(prismaError("P2002")))).status).toBe(409);
    expect((await call(failing(prismaError("P2025")))).status).toBe(404);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect((await call(failing(new Error("query failed", { cause: refused })))).status).toBe(503);
  });

  it("never shows a stack, SQL or a file path", async () => {
    const internal = new Error(
      'relation "Cell" does not exist: SELECT * FROM "Cell" WHERE id = $1 at /work/main/lib/cells/save-cell.ts:42',
    );
    const answers = [await call(failing(internal)), await call(failing(prismaError("P2002"))), await call(failing(prismaError("P2025")))];
    for (const answer of answers) {
      expect(answer.text).not.toMatch(/SELECT|relation|\/work\/|\.ts\b|prisma\.|\bat /);
    }
    expect(answers[0]).toMatchObject({ status: 500 });
  });

  it("names the field a bad body got wrong (400), and refuses bodies that are not JSON (400)", async () => {
    const echo = route({ permission: "anyone", body: z.object({ count: z.number() }) }, async ({ body }) => body);
    const post = (body: string) =>
      echo(new NextRequest(`${base}/api/x`, { method: "POST", headers: { "content-type": "application/json" }, body }), {
        params: Promise.resolve({}),
      });
    const wrongField = await post(JSON.stringify({ count: "three" }));
    expect(wrongField.status).toBe(400);
    expect(((await wrongField.json()) as { error: { message: string } }).error.message).toMatch(/count/);
    expect((await post("{not json")).status).toBe(400);
    expect(await (await post(JSON.stringify({ count: 3 }))).json()).toEqual({ count: 3 });
  });

  it("refuses bodies that are not UTF-8 (400)", async () => {
    const echo = route({ permission: "anyone", body: z.object({ text: z.string() }) }, async ({ body }) => body);
    const answer = await echo(
      new NextRequest(`${base}/api/x`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new Uint8Array([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
      }),
      { params: Promise.resolve({}) },
    );
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as ErrorBody).error).toMatchObject({ code: "invalid_json", message: expect.stringMatching(/UTF-8/) });
  });
});

describe("JSON bodies are limited to 1 MB, counted as they arrive", () => {
  const echo = route({ permission: "anyone", body: z.object({ text: z.string() }) }, async ({ body }) => ({ length: body.text.length }));
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    echo(
      new NextRequest(`${base}/api/x`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
      { params: Promise.resolve({}) },
    );
  /** A JSON body of exactly `bytes` bytes: {"text":"xxx…"}. */
  const jsonOfSize = (bytes: number) => JSON.stringify({ text: "x".repeat(bytes - '{"text":""}'.length) });
  const expectTooLarge = async (answer: Response) => {
    expect(answer.status).toBe(413);
    const { error } = (await answer.json()) as ErrorBody;
    expect(error.code).toBe("body_too_large");
    expect(error.message).toMatch(/1048576 bytes \(1 MB\) a JSON body may have/);
  };

  it("takes a body of exactly the limit and refuses one byte more (413, naming the limit)", async () => {
    expect(MAX_JSON_BODY_BYTES).toBe(1024 * 1024);
    const atLimit = await post(jsonOfSize(MAX_JSON_BODY_BYTES));
    expect(atLimit.status).toBe(200);
    await expectTooLarge(await post(jsonOfSize(MAX_JSON_BODY_BYTES + 1)));
  });

  it("counts the bytes sent, not a Content-Length that lies", async () => {
    await expectTooLarge(await post(jsonOfSize(2 * MAX_JSON_BODY_BYTES), { "content-length": "20" }));
  });

  it("stops reading a chunked body that never ends at the first chunk over the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? '{"text":"' : "x".repeat(64 * 1024)));
      },
    });
    await expectTooLarge(await post(endless));
    expect(pulled).toBeLessThan(40);
  });

  it("leaves the cell as it was when a save's body is too large", async ({ db, vera }) => {
    const cell = await firstCell(db);
    const token = await tokenHeaders(db, vera);
    const huge = JSON.stringify({ text: "y".repeat(MAX_JSON_BODY_BYTES), baseRevisionId: cell.headRevisionId });
    const answer = await save(cell.id, { ...token, "content-type": "application/json" }, huge);
    expect(answer).toMatchObject({ status: 413, body: { error: { code: "body_too_large" } } });
    expect(await firstCell(db)).toEqual(cell);
  });
});
