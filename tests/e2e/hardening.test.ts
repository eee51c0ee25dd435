// The server as `wb start` runs it, probed the way an attacker on the same
// machine or network would: where it listens, which Host names it answers,
// which headers every answer carries, and whether a page's scripts all carry
// the CSP nonce (so the policy is in force without breaking the app).
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portAnswers } from "@/lib/db/embedded";
import { SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { type RunningApp, startApp } from "../helpers/app";

let app: RunningApp;
let port: number;

beforeAll(async () => {
  app = await startApp();
  port = Number(new URL(app.base).port);
});

afterAll(async () => {
  await app?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to an app at 127.0.0.1 with exactly these headers (fetch would not let us name the Host). */
function send(to: { port: number; method?: string; body?: string }, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: "127.0.0.1", port: to.port, path, method: to.method ?? "GET", headers: { host: `localhost:${to.port}`, ...headers } },
      (incoming) => {
        let body = "";
        incoming.setEncoding("utf8");
        incoming.on("data", (chunk: string) => (body += chunk));
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(to.body);
  });
}

const get = (path: string, headers: Record<string, string> = {}) => send({ port }, path, headers);

/** A failed sign-in (an unknown login, so no account's own limit is reached) at the app on `appPort`, sent with this X-Forwarded-For. */
const failSignIn = (appPort: number, login: string, forwardedFor: string) =>
  send({ port: appPort, method: "POST", body: JSON.stringify({ login, password: "not the password" }) }, "/api/session", {
    "content-type": "application/json",
    origin: `http://localhost:${appPort}`,
    "x-forwarded-for": forwardedFor,
  });

/** The local addresses the kernel lists as listening on the app's port (/proc/net/tcp and tcp6). */
async function listeningAddresses(): Promise<string[]> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(file, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === "0A" && local?.endsWith(`:${hexPort}`)) found.push(local.slice(0, -5));
    }
  }
  return found;
}

describe("where the server listens", () => {
  it("listens on the loopback address only", async () => {
    // 0100007F is 127.0.0.1 as the kernel writes it; a wildcard would be 00000000.
    expect(await listeningAddresses()).toEqual(["0100007F"]);
    expect(await portAnswers(`http://127.0.0.1:${port}`)).toBe(true);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((entry) => entry && !entry.internal && entry.family === "IPv4");
    for (const entry of external) expect(await portAnswers(`http://${entry!.address}:${port}`)).toBe(false);
  });
});

describe("Host names (DNS rebinding)", () => {
  it("answers its own names and refuses any other with 421", async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await get("/en", { host })).status).toBe(200);
    }
    for (const host of [`evil.example:${port}`, "evil.example", `localhost:${port + 1}`]) {
      const page = await get("/en", { host });
      expect(page.status).toBe(421);
      expect(page.body).not.toMatch(/Parallel|<script/);
      expect((await get("/api/documents", { host })).status).toBe(421);
      expect((await get(`/api/documents/${SPEECH_SLUG}/rows`, { host })).status).toBe(421);
    }
  });
});

describe("headers on every answer", () => {
  it("sends nosniff, no framing and a referrer policy on pages, API answers and static files; pages a nonce-based CSP, API answers one that allows nothing", async () => {
    const page = await get(`/en/documents/${SPEECH_SLUG}`);
    expect(page.status).toBe(200);
    const scriptPaths = [...page.body.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]!);
    expect(scriptPaths.length).toBeGreaterThan(0);
    const answers = [page, await get("/api/documents"), await get(scriptPaths[0]!), await get("/api/no-such-route")];
    for (const answer of answers) {
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["x-frame-options"]).toBe("DENY");
      expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    }
    for (const answer of [answers[1]!, answers[3]!]) {
      expect(answer.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    for (const answer of [page]) {
      const policy = String(answer.headers["content-security-policy"]);
      const scriptSource = /script-src ([^;]+)/.exec(policy)?.[1] ?? "";
      expect(scriptSource).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      expect(scriptSource).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
      expect(policy).toMatch(/object-src 'none'/);
    }
  });

  it("compresses API answers past 1 KB and sends shorter ones as they are (gzip of a few bytes cost a save more than its work)", async () => {
    const gzip = { "accept-encoding": "gzip" };
    const small = await get(`/api/documents/${SPEECH_SLUG}/rows?limit=1`, gzip);
    expect(small.status).toBe(200);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.headers["cache-control"]).toBe("no-transform");
    expect(JSON.parse(small.body).rows).toHaveLength(1);
    const refused = await get("/api/cells/999999999/history", gzip);
    expect(refused.status).toBe(404);
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(refused.body).error.code).toBe("cell_not_found");
    const large = await get(`/api/documents/${SPEECH_SLUG}/rows?limit=50`, gzip);
    expect(large.status).toBe(200);
    expect(large.headers["content-encoding"]).toBe("gzip");
  });

  it("gives every script of a page the nonce of its policy, a new one per answer", async () => {
    const first = await get(`/en/documents/${SPEECH_SLUG}`);
    const nonce = /'nonce-([^']+)'/.exec(String(first.headers["content-security-policy"]))?.[1];
    const scripts = [...first.body.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
    const second = await get(`/en/documents/${SPEECH_SLUG}`);
    expect(String(second.headers["content-security-policy"])).not.toContain(nonce);
  });
});

describe("errors", () => {
  it("show no stack, SQL or file path", async () => {
    const answers = [
      await get("/api/cells/999999999/history"),
      await get("/api/cells/not-a-number/history"),
      await get("/en/documents/no-such-document"),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).not.toMatch(/\bat \/|node_modules|\/work\/|SELECT |prisma/i);
    }
  });
});

describe("sign-in limits per address", () => {
  const { perAddress } = SIGN_IN_LIMITS;
  const refusedAfterTheLimit = [...Array<number>(perAddress).fill(401), 429];

  let proxied: RunningApp;
  beforeAll(async () => {
    proxied = await startApp({ env: { TRUST_PROXY: "1" } });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  it("behind a proxy (TRUST_PROXY=1), count against the address the proxy reports, not what the client wrote before it", async () => {
    const proxiedPort = Number(new URL(proxied.base).port);
    const statuses: number[] = [];
    for (let n = 0; n <= perAddress; n++) {
      statuses.push((await failSignIn(proxiedPort, `proxied-${n}`, `198.51.100.${n + 1}, 203.0.113.9`)).status);
    }
    expect(statuses).toEqual(refusedAfterTheLimit);
    // Another client, as the proxy reports it, is not held back.
    expect((await failSignIn(proxiedPort, "proxied-other", "203.0.113.10")).status).toBe(401);
  });

  // Last in this file: it leaves 127.0.0.1 refused by the file's app for the rest of the window.
  it(`without a proxy, count every try from one peer, whatever X-Forwarded-For the client sends: ${perAddress} failures, then 429`, async () => {
    const statuses: number[] = [];
    for (let n = 0; n <= perAddress; n++) statuses.push((await failSignIn(port, `nobody-${n}`, `198.51.100.${n + 1}`)).status);
    expect(statuses).toEqual(refusedAfterTheLimit);
  });
});
