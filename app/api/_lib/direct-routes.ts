import type { RouteHandler } from "./route";

/** An API route that server.ts answers itself: its method, its path (a capture per parameter) and its handler. */
export interface DirectRoute {
  method: string;
  path: RegExp;
  params: readonly string[];
  /** The route file and the export of it that Next.js would call, for the test that holds the two together. */
  file: string;
  load: () => Promise<RouteHandler>;
}

/**
 * The API writes many editors make at once: a cell's save and revert, and
 * review decisions. Each is the handler of its route file, unchanged.
 */
export const DIRECT_ROUTES: readonly DirectRoute[] = [
  {
    method: "PUT",
    path: /^\/api\/cells\/([^/]+)$/,
    params: ["id"],
    file: "app/api/cells/[id]/route.ts",
    load: async () => (await import("../cells/[id]/route")).PUT,
  },
  {
    method: "POST",
    path: /^\/api\/cells\/([^/]+)\/revert$/,
    params: ["id"],
    file: "app/api/cells/[id]/revert/route.ts",
    load: async () => (await import("../cells/[id]/revert/route")).POST,
  },
  {
    method: "POST",
    path: /^\/api\/documents\/([^/]+)\/review$/,
    params: ["slug"],
    file: "app/api/documents/[slug]/review/route.ts",
    load: async () => (await import("../documents/[slug]/review/route")).POST,
  },
];

export interface DirectMatch {
  route: DirectRoute;
  /** The path's parameters, decoded as Next.js decodes them. */
  params: Record<string, string>;
}

/** The direct route a request asks for (its method, and its path with any query), or undefined: Next.js answers it. */
export function directRouteOf(method: string | undefined, url: string | undefined): DirectMatch | undefined {
  const path = (url ?? "/").split("?", 1)[0]!;
  for (const route of DIRECT_ROUTES) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (!match) continue;
    try {
      return { route, params: Object.fromEntries(route.params.map((name, index) => [name, decodeURIComponent(match[index + 1]!)])) };
    } catch {
      return undefined; // a malformed escape: Next answers it as it answers any other
    }
  }
  return undefined;
}
