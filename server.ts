// The production server that `wb start` runs (lib/cli/main.ts): Next.js
// answers every request, except the API writes that many editors make at
// once (a cell's save and revert, review decisions), which this process
// hands straight to the same route handlers Next.js would call. Next's own
// request handling (routing, its request and answer wrappers, tracing) cost
// a save more than the save's statement did: with it, 16 people saving
// reached 166–181 saves/s with p95 129–137 ms on the 2-core machine,
// without it 245–277 saves/s with p95 88–99 ms (BENCHMARKS.md, "Many
// editors at once"). Everything a route checks (Host, who asks, cross-site
// writes, its input, permissions) is in its handler (app/api/_lib/route.ts),
// so both ways answer alike; tests/e2e/direct-routes.test.ts holds them to
// it. `wb dev` runs `next dev` as it is: there, every request goes through
// Next.js.
//
// Options: --port (-p) and --hostname (-H); PORT and HOST otherwise.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { Readable } from "node:stream";
import { parseArgs, promisify } from "node:util";
import { gzip } from "node:zlib";
import next from "next";
import type { RouteHandler } from "./app/api/_lib/route";
import { API_HEADERS, lastForwardedAddress, SECURITY_HEADERS } from "./lib/http/headers";

const startedAt = Date.now();
// What ps (and the crash tests) see this process as, where `next start` shows "next-server".
process.title = "parallel-server";
const options = (() => {
  try {
    return parseArgs({ options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } } }).values;
  } catch (error) {
    console.error(`wb start: ${(error as Error).message} (it takes --port and --hostname)`);
    process.exit(2);
  }
})();
const port = Number(options.port ?? process.env.PORT ?? 3000);
const hostname = options.hostname ?? process.env.HOST ?? "127.0.0.1";

const app = next({ dev: false, dir: import.meta.dirname, hostname, port });
const handleWithNext = app.getRequestHandler();
await app.prepare();
// Loaded after Next has prepared: the route modules reach Next's request storage, which Next sets up.
const { NextRequest } = await import("next/server");
const { errorResponse } = await import("./app/api/_lib/route");
const { DIRECT_ROUTES, directRouteOf } = await import("./app/api/_lib/direct-routes");
const handlers = new Map(await Promise.all(DIRECT_ROUTES.map(async (route) => [route, await route.load()] as const)));
// WB_DIRECT_ROUTES=0 sends every request through Next.js: to compare the two (the test does), or should a direct route misbehave.
const answersDirectly = process.env.WB_DIRECT_ROUTES !== "0";
const ANSWER_HEADERS = [...SECURITY_HEADERS, ...API_HEADERS];
const gzipped = promisify(gzip);

/**
 * The address a request counts against for the sign-in limits per address
 * (clientAddress in app/api/_lib/route.ts reads it from X-Forwarded-For):
 * the peer's, or behind a reverse proxy (TRUST_PROXY=1) the last entry the
 * proxy sent, the address it saw. Set on every request, whichever way it is
 * answered: Next.js fills the header only when the client left it out, so a
 * client naming a new address on every try would never be limited.
 */
function forwardedFor(incoming: IncomingMessage): string {
  const peer = incoming.socket.remoteAddress ?? "unknown";
  if (process.env.TRUST_PROXY !== "1") return peer;
  return lastForwardedAddress(incoming.headers["x-forwarded-for"]) ?? peer;
}

async function answerDirectly(handler: RouteHandler, params: Record<string, string>, incoming: IncomingMessage, outgoing: ServerResponse) {
  let answer: Response;
  try {
    const headers = new Headers();
    for (let index = 0; index < incoming.rawHeaders.length; index += 2)
      headers.append(incoming.rawHeaders[index]!, incoming.rawHeaders[index + 1]!);
    headers.set("x-forwarded-for", String(incoming.headers["x-forwarded-for"])); // as the server set it, below
    const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? `${hostname}:${port}`}`);
    // The body stays a stream: the route reads it within its limits (lib/limits.ts), as under Next.
    const body = Readable.toWeb(incoming) as ReadableStream<Uint8Array>;
    answer = await handler(new NextRequest(url, { method: incoming.method, headers, body, duplex: "half" }), {
      params: Promise.resolve(params) as Promise<never>,
    });
  } catch (error) {
    answer = errorResponse(error); // a Host that makes no URL, say; the route itself answers its own errors
  }
  let text = Buffer.from(await answer.arrayBuffer());
  for (const { key, value } of ANSWER_HEADERS) outgoing.setHeader(key, value);
  answer.headers.forEach((value, key) => {
    if (key !== "set-cookie") outgoing.setHeader(key, value);
  });
  if (answer.headers.has("set-cookie")) outgoing.setHeader("set-cookie", answer.headers.getSetCookie());
  // As Next.js compresses: whenever the client takes gzip, unless the answer says no-transform (short ones do).
  const compress =
    /\bgzip\b/.test(incoming.headers["accept-encoding"] ?? "") && !/no-transform/.test(answer.headers.get("cache-control") ?? "");
  if (compress) {
    text = await gzipped(text);
    outgoing.setHeader("content-encoding", "gzip");
    outgoing.setHeader("vary", "Accept-Encoding");
  }
  outgoing.setHeader("content-length", text.length);
  // A body the route refused before its end (413) leaves the rest unread on the connection, where the client's next request
  // would wait behind it: the connection ends with this answer, and what still arrives is discarded until then.
  const bodyLeftUnread = !incoming.complete;
  if (bodyLeftUnread) outgoing.setHeader("connection", "close");
  outgoing.writeHead(answer.status);
  outgoing.end(text);
  if (bodyLeftUnread) incoming.resume();
}

const server = createServer((incoming, outgoing) => {
  incoming.headers["x-forwarded-for"] = forwardedFor(incoming);
  const direct = answersDirectly ? directRouteOf(incoming.method, incoming.url) : undefined;
  if (!direct) return void handleWithNext(incoming, outgoing);
  answerDirectly(handlers.get(direct.route)!, direct.params, incoming, outgoing).catch((error: unknown) => {
    console.error(error);
    outgoing.destroy();
  });
});
const upgrade = app.getUpgradeHandler();
server.on("upgrade", (incoming, socket, head) => void upgrade(incoming, socket, head));
server.listen(port, hostname, () => {
  const { port: listening } = server.address() as AddressInfo;
  console.log(`   - Local: http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${listening}`);
  console.log(` ✓ Ready in ${Date.now() - startedAt}ms`);
});

// As `next start` stops: no new connections, the requests under way answered, Next closed, then exit 128 + the signal.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => void app.close().finally(() => process.exit(128 + os.constants.signals[signal])));
  });
}
