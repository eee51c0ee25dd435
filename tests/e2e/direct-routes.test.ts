// server.ts answers a cell's save and revert and review decisions itself
// (app/api/_lib/direct-routes.ts) instead of through Next.js. Here the same
// requests, good and bad, go to two apps started alike, one as it runs and
// one with WB_DIRECT_ROUTES=0 (every request through Next.js), and must get
// the same answers: status, body and the headers a client or browser acts on.
import { Agent, request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_BODY_BYTES } from "@/lib/limits";
import { DIRECT_ROUTES } from "@/app/api/_lib/direct-routes";
import { type RunningApp, startApp } from "../helpers/app";
import { TEST_PASSWORD } from "../helpers/auth";

let direct: RunningApp;
let throughNext: RunningApp;

beforeAll(async () => {
  [direct, throughNext] = await Promise.all([startApp(), startApp({ env: { WB_DIRECT_ROUTES: "0" } })]);
}, 240_000);

afterAll(async () => {
  await Promise.all([direct?.stop(), throughNext?.stop()]);
});

interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
  /** Whether the answer came with its length: server.ts sends one, Next.js streams its answers (not compared). */
  sentWithLength: boolean;
}

/** The headers compared: what a client reads and what a browser enforces. */
const COMPARED_HEADERS = [
  "content-type",
  "content-encoding",
  "cache-control",
  "retry-after",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cross-origin-opener-policy",
  "permissions-policy",
  "content-security-policy",
];

/**
 * One request with exactly these headers (fetch would not let us name the Host), the answer's body unzipped; on a
 * connection of its own unless an agent that keeps them is given.
 */
function send(
  app: RunningApp,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
  agent: Agent | false = false,
): Promise<Answer> {
  const { port } = new URL(app.base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: { host: `localhost:${port}`, "accept-encoding": "gzip", ...headers },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const raw = Buffer.concat(chunks);
          const text = (incoming.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
          const kept = Object.fromEntries(COMPARED_HEADERS.map((name) => [name, incoming.headers[name] as string | undefined]));
          resolve({ status: incoming.statusCode ?? 0, headers: kept, body: text, sentWithLength: "content-length" in incoming.headers });
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** The body with what differs between two databases by time alone (timestamps) made equal. */
function comparable({ sentWithLength: _, ...answer }: Answer) {
  return { ...answer, body: answer.body.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>") };
}

/** Ids, people and a session of one app, made the same way in both, so both hold the same rows. */
async function setUp(app: RunningApp) {
  const { slug } = await app.copySpeech();
  const rows = await (
    await fetch(`${app.base}/api/documents/${slug}/rows?limit=3`, { headers: await app.apiHeaders("rita", "reviewer") })
  ).json();
  const [first, second] = rows.rows as { cells: Record<string, { id: number; headRevisionId: number | null }> }[];
  const signIn = await fetch(`${app.base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.base },
    body: JSON.stringify({ login: (await app.person("vera", "translator")).handle, password: TEST_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  return {
    slug,
    cell: first!.cells.en!,
    other: second!.cells.en!,
    translator: { ...(await app.apiHeaders("tom", "translator")) },
    reviewer: { ...(await app.apiHeaders("rita", "reviewer")) },
    cookie: signIn.headers.getSetCookie()[0]!.split(";")[0]!,
    origin: app.base,
  };
}

type Setup = Awaited<ReturnType<typeof setUp>>;
/** One step: a request made from an app's own setup (and the answers before it), in the same order on both apps. */
type Step = (setup: Setup, earlier: Answer[]) => [method: string, path: string, headers: Record<string, string>, body?: string | Buffer];

const json = (value: unknown) => JSON.stringify(value);
const headOf = (answer: Answer) => (JSON.parse(answer.body) as { cell: { headRevisionId: number } }).cell.headRevisionId;

/** A review decision on the first cell's head after the revert (step 15), sent by the translator or the reviewer. */
const decision =
  (who: "translator" | "reviewer", verdict: "approve" | "reject"): Step =>
  (setup, earlier) => [
    "POST",
    `/api/documents/${setup.slug}/review`,
    setup[who],
    json({ decisions: [{ cellId: setup.cell.id, revisionId: headOf(earlier[15]!), verdict }] }),
  ];

const STEPS: Record<string, Step> = {
  "a save without anyone signed in (401)": ({ cell }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    { "content-type": "application/json" },
    json({ text: "x", baseRevisionId: cell.headRevisionId }),
  ],
  "a long save (200)": ({ cell, translator }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    translator,
    json({ text: "Saved once, at length. ".repeat(60), baseRevisionId: cell.headRevisionId }),
  ],
  "a save on the base the first replaced (409 cell_conflict, compressed)": ({ cell, translator }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    translator,
    json({ text: "Saved on a stale base.", baseRevisionId: cell.headRevisionId }),
  ],
  "a save with its query string and its id escaped (200)": ({ cell, translator }, earlier) => [
    "PUT",
    `/api/cells/${encodeURIComponent(String(cell.id)).replace(/^(\d)/, (digit) => `%3${digit}`)}?from=test`,
    translator,
    json({ text: "Saved twice.", baseRevisionId: headOf(earlier[1]!) }),
  ],
  "malformed JSON (400)": ({ cell, translator }) => ["PUT", `/api/cells/${cell.id}`, translator, "{ not json"],
  "a field of the wrong type (400)": ({ cell, translator }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    translator,
    json({ text: 12, baseRevisionId: "x" }),
  ],
  "text/plain (415)": ({ cell, translator }) => ["PUT", `/api/cells/${cell.id}`, { ...translator, "content-type": "text/plain" }, "x"],
  "a body past the limit (413)": ({ cell, translator }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    translator,
    json({ text: "x".repeat(MAX_JSON_BODY_BYTES), baseRevisionId: null }),
  ],
  "no such cell (404)": ({ translator }) => ["PUT", "/api/cells/999999999", translator, json({ text: "x", baseRevisionId: null })],
  "a cell id that is no number (404)": ({ translator }) => [
    "PUT",
    "/api/cells/twelve",
    translator,
    json({ text: "x", baseRevisionId: null }),
  ],
  "another Host (421)": ({ cell, translator }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    { ...translator, host: "evil.example" },
    json({ text: "x", baseRevisionId: null }),
  ],
  "a session's write from another site (403)": ({ cell, cookie }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    { cookie, origin: "http://evil.example", "content-type": "application/json" },
    json({ text: "x", baseRevisionId: null }),
  ],
  "a session's write without an Origin (403)": ({ cell, cookie }) => [
    "PUT",
    `/api/cells/${cell.id}`,
    { cookie, "content-type": "application/json" },
    json({ text: "x", baseRevisionId: null }),
  ],
  "a session's write from its own page (200)": ({ other, cookie, origin }) => [
    "PUT",
    `/api/cells/${other.id}`,
    { cookie, origin, "content-type": "application/json" },
    json({ text: "Saved from the page.", baseRevisionId: other.headRevisionId }),
  ],
  "a revert to another cell's revision (400)": ({ cell, translator }, earlier) => [
    "POST",
    `/api/cells/${cell.id}/revert`,
    translator,
    json({ toRevisionId: headOf(earlier[13]!), baseRevisionId: headOf(earlier[3]!) }),
  ],
  "a revert (200)": ({ cell, translator }, earlier) => [
    "POST",
    `/api/cells/${cell.id}/revert`,
    translator,
    json({ toRevisionId: headOf(earlier[1]!), baseRevisionId: headOf(earlier[3]!) }),
  ],
  "a review decision by a translator (403)": decision("translator", "approve"),
  "a rejection without a note (400)": decision("reviewer", "reject"),
  "a review decision in an unknown document (404)": ({ cell, reviewer }) => [
    "POST",
    "/api/documents/no-such-document/review",
    reviewer,
    json({ decisions: [{ cellId: cell.id, revisionId: null, verdict: "approve" }] }),
  ],
  "a review decision (200)": decision("reviewer", "approve"),
  "a save's address with a trailing slash (308 from Next.js on both)": ({ cell, translator }) => [
    "PUT",
    `/api/cells/${cell.id}/`,
    translator,
    json({}),
  ],
};

describe("the API writes server.ts answers itself", () => {
  it("are the routes Next.js would call for them", async () => {
    for (const route of DIRECT_ROUTES) {
      const routeFile = (await import(/* @vite-ignore */ `../../${route.file}`)) as Record<string, unknown>;
      expect(await route.load(), route.file).toBe(routeFile[route.method]);
    }
  });

  it("answer every request as Next.js answers it", async () => {
    const setups = await Promise.all([setUp(direct), setUp(throughNext)]);
    const answers: [Answer[], Answer[]] = [[], []];
    for (const [name, step] of Object.entries(STEPS)) {
      const [fromDirect, fromNext] = await Promise.all(
        ([direct, throughNext] as const).map((app, index) => {
          const [method, path, headers, body] = step(setups[index]!, answers[index]!);
          return send(app, method, path, headers, body);
        }),
      );
      answers[0].push(fromDirect!);
      answers[1].push(fromNext!);
      expect(comparable(fromDirect!), name).toEqual(comparable(fromNext!));
    }
    // The steps did what their names say, so the comparison covered each kind of answer.
    const statuses = Object.keys(STEPS).map((name, index) => `${answers[0][index]!.status} ${name}`);
    for (const line of statuses) expect(line).toMatch(/^(\d{3}) .*\(\1/);
    // server.ts answered the API writes itself, and Next.js the rest.
    expect(answers[0].map((answer) => answer.sentWithLength)).toEqual(Object.keys(STEPS).map((name) => !/trailing slash/.test(name)));
    expect(answers[1][1]!.sentWithLength).toBe(false);
    expect(answers[0][2]!.headers["content-encoding"]).toBe("gzip");
    expect(answers[0][3]!.headers["content-encoding"]).toBeUndefined();
  });

  it("close a connection whose body they refused half-read, and answer the next request on another", async () => {
    for (const app of [direct, throughNext]) {
      const { cell, translator } = await setUp(app);
      // One connection at a time, kept alive: the next request goes on the refused one unless it was closed.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const refused = await send(
          app,
          "PUT",
          `/api/cells/${cell.id}`,
          translator,
          json({ text: "x".repeat(MAX_JSON_BODY_BYTES), baseRevisionId: null }),
          agent,
        );
        expect(refused.status).toBe(413);
        const next = await Promise.race([
          send(app, "PUT", "/api/cells/999999999", translator, json({ text: "x", baseRevisionId: null }), agent),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the request after a 413 was never answered")), 10_000)),
        ]);
        expect(next.status).toBe(404);
      } finally {
        agent.destroy();
      }
    }
  });
});
