// The workbench's view of whether the database can be reached
// (components/workbench/database-status.ts), fed by every API call.
import { afterEach, describe, expect, it, vi } from "vitest";
import { isUnreachable, requestJson } from "@/components/workbench/api";
import { reportReachable, whenReachable } from "@/components/workbench/database-status";

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const unavailable = () => answer(503, { error: { code: "database_unavailable", message: "The database cannot be reached right now" } });

afterEach(() => {
  vi.unstubAllGlobals();
  reportReachable(true);
});

describe("the database status", () => {
  it("turns unreachable on a 503 database_unavailable or no answer, and back on the next answer", async () => {
    const returned = vi.fn();
    vi.stubGlobal("fetch", vi.fn().mockResolvedValueOnce(unavailable()));
    const refused = await requestJson("/api/cells/1", { method: "PUT", body: { text: "x" } }).catch((error: unknown) => error);
    expect(isUnreachable(refused)).toBe(true);
    const cancel = whenReachable(returned);
    await Promise.resolve();
    expect(returned).not.toHaveBeenCalled();

    vi.stubGlobal("fetch", vi.fn().mockRejectedValueOnce(new TypeError("Failed to fetch")));
    const noAnswer = await requestJson("/api/documents/x/presence").catch((error: unknown) => error);
    expect(noAnswer).toMatchObject({ status: 0, code: "server_unreachable" });
    expect(isUnreachable(noAnswer)).toBe(true);
    expect(returned).not.toHaveBeenCalled();

    vi.stubGlobal("fetch", vi.fn().mockResolvedValueOnce(answer(200, { presence: [] })));
    await requestJson("/api/documents/x/presence");
    expect(returned).toHaveBeenCalledOnce();
    cancel();
  });

  it("is reachable again after any answer but the 503 (a 409 comes from a database that answered)", async () => {
    reportReachable(false);
    const returned = vi.fn();
    whenReachable(returned);
    vi.stubGlobal("fetch", vi.fn().mockResolvedValueOnce(answer(409, { error: { code: "conflict", message: "Someone saved first" } })));
    const conflict = await requestJson("/api/cells/1", { method: "PUT", body: { text: "x" } }).catch((error: unknown) => error);
    expect(isUnreachable(conflict)).toBe(false);
    expect(returned).toHaveBeenCalledOnce();
  });

  it("calls a waiting save at once when the database is already reachable, and never after it is cancelled", async () => {
    const soon = vi.fn();
    whenReachable(soon);
    await Promise.resolve();
    expect(soon).toHaveBeenCalledOnce();

    reportReachable(false);
    const cancelled = vi.fn();
    whenReachable(cancelled)();
    reportReachable(true);
    await Promise.resolve();
    expect(cancelled).not.toHaveBeenCalled();
  });
});
