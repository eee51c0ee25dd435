/**
 * Where people reach the app: PUBLIC_URL when it is exposed, else the
 * loopback address `wb` serves on. Decides whether cookies are `Secure`.
 */
export function publicOrigin(): string {
  return process.env.PUBLIC_URL ? new URL(process.env.PUBLIC_URL).origin : `http://localhost:${process.env.PORT ?? 3000}`;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a request's Host names this app: the public origin's host, or a
 * loopback name on the app's port. Anything else (a DNS-rebinding page's
 * own name, a LAN address when PUBLIC_URL is not set) is refused.
 */
export function isAllowedHost(host: string | null): boolean {
  if (!host) return false;
  if (process.env.PUBLIC_URL && host.toLowerCase() === new URL(process.env.PUBLIC_URL).host) return true;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase());
  if (!match || !LOOPBACK_NAMES.has(match[1]!)) return false;
  const port = process.env.PORT;
  return !port || (match[2] ?? "80") === port;
}

/** What a request to another name is told (421), by proxy.ts for pages and by the route wrapper for the API. */
export const MISDIRECTED_MESSAGE =
  "This server answers only to its own address (localhost, or PUBLIC_URL when it is exposed): set PUBLIC_URL to serve this name.";
