// Every API route declares who may call it: each HTTP handler a route file
// under app/api exports was made by route() (app/api/_lib/route.ts), which
// carries its permission. The files are found on disk, so a new route is
// checked without anyone listing it here.
import { describe, expect, it } from "vitest";
import type { Permission } from "@/lib/auth/access";
import { ROLES } from "@/lib/auth/roles";
import { type RouteHandler, routeFiles, routeHandlers } from "../helpers/routes";

const PERMISSIONS: readonly Permission[] = ["anyone", "signed-in", ...ROLES];

/** "METHOD file" of each handler that declares no known permission. */
function undeclared(file: string, handlers: [string, RouteHandler][]): string[] {
  return handlers.filter(([, handler]) => !PERMISSIONS.includes(handler.permission!)).map(([method]) => `${method} ${file}`);
}

describe("API route files", () => {
  it("are all found on disk", () => {
    const routes = routeFiles().map((found) => found.route);
    expect(routes).toContain("/api/cells/[id]");
    expect(routes).toContain("/api/documents/[slug]/languages/[code]");
    expect(routes).toContain("/api/session");
  });

  it("each export HTTP handlers, and every one declares a permission", async () => {
    const missing: string[] = [];
    for (const { file } of routeFiles()) {
      const handlers = await routeHandlers(file);
      expect(handlers.length, `${file} exports no HTTP handler`).toBeGreaterThan(0);
      missing.push(...undeclared(file, handlers));
    }
    expect(missing).toEqual([]);
  });

  it("would name a handler that was not made by route()", () => {
    const bare = Object.assign(async () => new Response(), {}) as RouteHandler;
    expect(undeclared("app/api/example/route.ts", [["GET", bare]])).toEqual(["GET app/api/example/route.ts"]);
  });
});
