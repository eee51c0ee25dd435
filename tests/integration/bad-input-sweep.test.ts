// Bad requests to every API route, found on disk (tests/helpers/routes.ts):
// nonsense in the URL's ids and names, in query strings and in JSON bodies
// (not JSON, not declared as JSON, the wrong shape, wrong types and ranges,
// unknown fields, text Postgres cannot store). Each is answered with a 4xx
// that says what was wrong, never a 5xx, and nothing in the database changes.
import { describe, expect } from "vitest";
import type { Db } from "@/lib/db/client";
import { tableCounts } from "../helpers/table-counts";
import { apiEndpoints, routeHandler } from "../helpers/routes";
import {
  type Attempt,
  paramsOf,
  requestOf,
  FIELDS,
  READ_WAIT_LIMIT_MS,
  type SweptHandler,
  sweepTest as it,
  urlOf,
  whileReading,
  type World,
} from "../helpers/sweep";

/** Strings no stored text may hold, and others that must be handled without a 5xx. */
const NUL = "a\u0000b";
const LONE_SURROGATE = "a\ud800b";
const BIDI = "\u202eevil\u202c\u2066x\u2069";
const COMBINING = `e${"\u0301".repeat(5_000)}`;
/** A word longer than any field takes (a cell holds 20,000 characters), and one as long as a JSON body may be. */
const LONG_WORD = "w".repeat(30_000);
const MEGABYTE_WORD = "w".repeat(1024 * 1024);
const DEEP = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;

/** Values of a wrong type or out of range, for ids, counts and names alike. */
const WRONG_VALUES: unknown[] = [-1, 0, 1.5, 1e300, 2 ** 53, null, true, [], {}, NUL, LONE_SURROGATE, LONG_WORD];
/** Query parameters the API's reads take. */
const QUERY_NAMES = [
  "limit",
  "offset",
  "before",
  "from",
  "to",
  "since",
  "langs",
  "q",
  "granularity",
  "mode",
  "filter",
  "format",
  "status",
  "language",
];
/** Names of properties every JavaScript object has: a table looked up by a request's word must not find them. */
const OBJECT_PROPERTIES = ["constructor", "__proto__"];
const BAD_QUERY_VALUES = ["-1", "1.5", "1e999", "99999999999999999999", "abc", NUL, BIDI, ",,,", ...OBJECT_PROPERTIES];
/** Ids and names in the URL that name nothing, or cannot. */
const BAD_SEGMENTS = [
  "-1",
  "0",
  "1.5",
  "1e3",
  "99999999999999999999",
  "abc",
  "",
  NUL,
  LONE_SURROGATE,
  BIDI,
  "../etc/passwd",
  ...OBJECT_PROPERTIES,
];

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What a text cell looks like: it must not change either. */
const cellFingerprint = (db: Db, id: string) =>
  db.cell.findUniqueOrThrow({ where: { id: Number(id) }, select: { text: true, status: true, version: true, headRevisionId: true } });

function attemptsFor(route: string, method: string, handler: SweptHandler, world: World): Attempt[] {
  const params = paramsOf(route, world);
  const headers = world.headers;
  const attempts: Attempt[] = [];
  for (const name of Object.keys(params)) {
    for (const value of BAD_SEGMENTS) {
      const bad = { ...params, [name]: value };
      attempts.push({ what: `${name} = ${JSON.stringify(value)}`, method, path: urlOf(route, bad), params: bad, headers, body: undefined });
    }
  }
  const path = urlOf(route, params);
  if (method === "GET") {
    for (const name of QUERY_NAMES) {
      for (const value of BAD_QUERY_VALUES) {
        attempts.push({
          what: `?${name}=${JSON.stringify(value)}`,
          method,
          path: `${path}?${new URLSearchParams({ [name]: value })}`,
          params,
          headers,
        });
      }
    }
  }
  if (UNSAFE.has(method) && handler.takesJson) {
    const json = { ...headers, "content-type": "application/json" };
    const bodies: [string, string][] = [
      ["malformed JSON", "{not json"],
      ["an empty body", ""],
      ["JSON null", "null"],
      ["a JSON array", "[1, 2]"],
      ["a JSON string", '"text"'],
      ["a JSON number", "42"],
      ["a NUL in a key", JSON.stringify({ [NUL]: "x" })],
      // Every field the API knows set to one wrong value, and an unknown field besides.
      ...WRONG_VALUES.map((value): [string, string] => [
        `every field ${JSON.stringify(value).slice(0, 20)}`,
        JSON.stringify({ ...Object.fromEntries(FIELDS.map((field) => [field, value])), unknownField: value }),
      ]),
      ["every field deeply nested", `{${FIELDS.map((field) => `"${field}":${DEEP}`).join(",")}}`],
      ["a text of one 1 MB word", JSON.stringify({ text: MEGABYTE_WORD })],
    ];
    for (const [what, body] of bodies) attempts.push({ what, method, path, params, headers: json, body });
    attempts.push({
      what: "JSON sent as text/plain",
      method,
      path,
      params,
      headers: { ...headers, "content-type": "text/plain" },
      body: "{}",
    });
    attempts.push({ what: "no Content-Type", method, path, params, headers, body: "{}" });
  }
  return attempts;
}

describe("every API route, sent bad input", () => {
  it("answers each with a 4xx and a message, never a 5xx, and changes nothing", { timeout: 600_000 }, async ({ db, world }) => {
    const before = await tableCounts(db);
    const cellBefore = await cellFingerprint(db, world.params.id!);
    const failures: string[] = [];
    let sent = 0;
    const endpoints = await apiEndpoints();
    // A read of the person's own account keeps going all along: no bad request may hold the server for long (READ_WAIT_LIMIT_MS).
    const { slowest } = await whileReading(world.headers, async () => {
      for (const { route, method, handler } of endpoints) {
        for (const attempt of attemptsFor(route, method, handler as SweptHandler, world)) {
          const answer = await requestOf(handler, attempt);
          sent += 1;
          const problem = judge(method, attempt, answer);
          if (problem) failures.push(`${method} ${route} with ${attempt.what}: ${problem}`);
        }
      }
    });
    expect(slowest).toBeLessThan(READ_WAIT_LIMIT_MS);
    expect(sent).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
    expect(await tableCounts(db)).toEqual(before);
    expect(await cellFingerprint(db, world.params.id!)).toEqual(cellBefore);
  });
});

describe("text at the edges of Unicode", () => {
  it("is saved exactly when Postgres can store it (bidi controls, a combining run), refused naming the field when not (NUL, a lone surrogate)", async ({
    db,
    world,
  }) => {
    const { id } = world.params;
    const save = async (text: string) => {
      const { headRevisionId } = await cellFingerprint(db, id!);
      const body = JSON.stringify({ text, baseRevisionId: headRevisionId });
      const headers = { ...world.headers, "content-type": "application/json" };
      return requestOf(await routeHandler("app/api/cells/[id]/route.ts", "PUT"), {
        what: "save",
        method: "PUT",
        path: `/api/cells/${id}`,
        params: { id: id! },
        headers,
        body,
      });
    };
    for (const text of [`Before ${BIDI} after`, COMBINING, "family \u{1F469}\u200D\u{1F469}\u200D\u{1F467}, e\u0301"]) {
      expect((await save(text)).status).toBe(200);
      expect((await cellFingerprint(db, id!)).text).toBe(text);
    }
    const kept = await cellFingerprint(db, id!);
    for (const text of [NUL, LONE_SURROGATE]) {
      const answer = await save(text);
      expect(answer).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_text", message: expect.stringMatching(/^request body: text holds/) } },
      });
    }
    expect(await cellFingerprint(db, id!)).toEqual(kept);
  });
});

/** Why an answer is wrong, or null when it is right. */
function judge(method: string, attempt: Attempt, answer: { status: number; body: unknown }): string | null {
  if (answer.status >= 500) return `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
  // A read may ignore a query parameter it does not take, or read with a value in range.
  const readIgnoringIt = method === "GET" && attempt.what.startsWith("?") && answer.status < 300;
  if (readIgnoringIt) return null;
  if (answer.status < 400) return `${answer.status}, not refused`;
  const message = (answer.body as { error?: { message?: unknown } } | null)?.error?.message;
  if (typeof message !== "string" || !message.trim()) return `${answer.status} without a message`;
  return null;
}
