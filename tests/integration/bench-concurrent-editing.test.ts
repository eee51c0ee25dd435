// The short version of bench/concurrent-editing.ts: a few people editing one
// document at once through the route handlers, then the benchmark's checks
// (every accepted write is one record and every record one accepted write,
// every 409 a real conflict, no write into a deleted row, each language reads
// as the accepted writes make it, no 5xx). On the embedded database the
// transactions take turns, so it shows no race, only the bookkeeping.
import { expect } from "vitest";
import { checkRun, prepare, runLoad, type Send, undoForm } from "@/bench/concurrent-editing-workload";
import * as cell from "@/app/api/cells/[id]/route";
import * as history from "@/app/api/cells/[id]/history/route";
import * as revert from "@/app/api/cells/[id]/revert/route";
import * as changes from "@/app/api/documents/[slug]/changes/route";
import * as operations from "@/app/api/documents/[slug]/operations/route";
import * as review from "@/app/api/documents/[slug]/review/route";
import * as rows from "@/app/api/documents/[slug]/rows/route";
import { servingRoutes, test } from "../helpers/fixtures";
import { callJson, type RouteHandler } from "../helpers/routes";

const it = test.extend("appDb", { scope: "file", auto: true }, servingRoutes);

const ROUTES: [RegExp, Record<string, RouteHandler>, string][] = [
  [/^\/api\/cells\/(\d+)$/, cell, "id"],
  [/^\/api\/cells\/(\d+)\/history$/, history, "id"],
  [/^\/api\/cells\/(\d+)\/revert$/, revert, "id"],
  [/^\/api\/documents\/([^/]+)\/changes$/, changes, "slug"],
  [/^\/api\/documents\/([^/]+)\/operations$/, operations, "slug"],
  [/^\/api\/documents\/([^/]+)\/review$/, review, "slug"],
  [/^\/api\/documents\/([^/]+)\/rows$/, rows, "slug"],
];

/** The handler the app would route the request to, called as Next.js would. */
const send: Send = async (method, path, token, body) => {
  const [pathname] = path.split("?");
  for (const [pattern, handlers, param] of ROUTES) {
    const match = pattern.exec(pathname!);
    if (match)
      return callJson(handlers[method]!, {
        method,
        path,
        params: { [param]: match[1]! },
        headers: { authorization: `Bearer ${token}` },
        body,
      });
  }
  throw new Error(`No route for ${method} ${path}`);
};

it(
  "many people editing one document at once: every answer matches what was written, and each language reads as the accepted writes make it",
  { timeout: 90_000 },
  async ({ db }) => {
    const prepared = await prepare(db, { slug: "concurrent", rows: 60, translators: 5, reviewers: 1 });
    const sent = await runLoad(send, prepared, {
      clients: 6,
      seconds: 5,
      seed: 11,
      reviewerEvery: 6,
      undo: await undoForm(send, prepared),
    });
    const checked = await checkRun(db, prepared, sent);
    console.info(JSON.stringify(checked.counts));
    expect(checked.failures).toEqual([]);
    const count = (pattern: RegExp) => Object.entries(checked.counts).reduce((sum, [key, n]) => sum + (pattern.test(key) ? n : 0), 0);
    // The work did what it is meant to: accepted and refused saves, structural changes, reviews.
    expect(count(/^save 200/)).toBeGreaterThan(5);
    expect(count(/^stale save 409/)).toBeGreaterThan(0);
    expect(count(/^(split|merge|shift) 200/)).toBeGreaterThan(0);
    expect(count(/^review 200/)).toBeGreaterThan(0);
  },
);
