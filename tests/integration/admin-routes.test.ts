// The admin API through its route handlers: users, roles, disabling,
// invitations and language limits; who may call it; and what its changes do
// to other routes (a language limit on a cell save, a disabled user's token).
import { describe, expect } from "vitest";
import { PUT as cellRoute } from "@/app/api/cells/[id]/route";
import { POST as invitationsRoute } from "@/app/api/users/[handle]/invitations/route";
import { PUT as languageLimitsRoute } from "@/app/api/users/[handle]/language-limits/route";
import { PATCH as userRoute } from "@/app/api/users/[handle]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/users/route";
import { acceptInvitation, getUser, type UserSummary } from "@/lib/auth/accounts";
import type { Db } from "@/lib/db/client";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, speechTest } from "../helpers/fixtures";
import { callJson, type JsonAnswer, type RouteHandler, type RouteRequest } from "../helpers/routes";

type Headers = Record<string, string>;

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("asAdmin", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "ada", "admin", { name: "Ada Admin" })))
  .extend("asReviewer", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "rita", "reviewer")));

type Answer = JsonAnswer & { body: { user?: UserSummary; users?: UserSummary[] } };

const call = (handler: RouteHandler, method: string, path: string, request: Omit<RouteRequest, "method" | "path"> = {}) =>
  callJson(handler, { method, path, ...request }) as Promise<Answer>;

const list = (headers?: Headers) => call(listRoute, "GET", "/api/users", { headers });
const create = (body: unknown, headers?: Headers) => call(createRoute, "POST", "/api/users", { headers, body });
const change = (handle: string, body: unknown, headers?: Headers) =>
  call(userRoute, "PATCH", `/api/users/${handle}`, { headers, body, params: { handle } });
const invite = (handle: string, headers?: Headers) =>
  call(invitationsRoute, "POST", `/api/users/${handle}/invitations`, { headers, params: { handle } });
const limit = (handle: string, body: unknown, headers?: Headers) =>
  call(languageLimitsRoute, "PUT", `/api/users/${handle}/language-limits`, { headers, body, params: { handle } });

/** The token of a one-time link (its last path segment). */
const tokenOf = (link: string) => decodeURIComponent(new URL(link).pathname.split("/").at(-1)!);

async function saveRow(db: Db, number: number, code: "ru" | "en", text: string, headers: Headers) {
  const cell = (await getRows(db, SPEECH_SLUG, { offset: number - 1, limit: 1 })).rows[0]!.cells[code]!;
  return call(cellRoute, "PUT", `/api/cells/${cell.id}`, {
    headers,
    body: { text, baseRevisionId: cell.headRevisionId },
    params: { id: String(cell.id) },
  });
}

describe("the admin API as an admin", () => {
  it("lists people, adds one with a one-time link that works once, and refuses a handle taken", async ({ db, asAdmin }) => {
    const created = await create({ handle: "nina", role: "translator", email: "Nina@Example.org", name: "Nina N." }, asAdmin);
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      handle: "nina",
      name: "Nina N.",
      email: "nina@example.org",
      role: "translator",
      disabled: false,
      hasPassword: false,
    });
    const invitation = created.body.invitation as { link: string; expiresAt: string };
    expect(invitation.link).toMatch(/\/invite\/wbi/);
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now());
    await acceptInvitation(db, tokenOf(invitation.link), "nina's long password");
    await expect(acceptInvitation(db, tokenOf(invitation.link), "another long password")).rejects.toMatchObject({ status: 404 });

    const listed = await list(asAdmin);
    expect(listed.status).toBe(200);
    expect(listed.body.users!.map((user) => [user.handle, user.role, user.hasPassword])).toEqual(
      expect.arrayContaining([
        ["ada", "admin", true],
        ["nina", "translator", true],
      ]),
    );
    expect(listed.body.users!.some((user) => user.handle === "system")).toBe(false);

    const again = await create({ handle: "nina", role: "viewer" }, asAdmin);
    expect([again.status, again.body.error?.code]).toEqual([409, "user_exists"]);
    expect((await getUser(db, "nina")).role).toBe("translator");
    expect((await create({ handle: "Not A Handle", role: "viewer" }, asAdmin)).status).toBe(400);
    expect((await create({ handle: "olga", role: "owner" }, asAdmin)).status).toBe(400);
  });

  it("changes a role, disables and enables, and makes fresh links (not for a disabled person)", async ({ db, asAdmin }) => {
    await addPerson(db, "pavel", "viewer");
    const promoted = await change("pavel", { role: "reviewer" }, asAdmin);
    expect([promoted.status, promoted.body.user?.role]).toEqual([200, "reviewer"]);

    const disabled = await change("pavel", { disabled: true }, asAdmin);
    expect([disabled.status, disabled.body.user?.disabled]).toEqual([200, true]);
    const refused = await invite("pavel", asAdmin);
    expect([refused.status, refused.body.error?.code]).toEqual([409, "user_disabled"]);

    const enabled = await change("pavel", { disabled: false, role: "translator" }, asAdmin);
    expect(enabled.body.user).toMatchObject({ disabled: false, role: "translator" });
    const link = await invite("pavel", asAdmin);
    expect(link.status).toBe(200);
    expect((link.body.invitation as { link: string }).link).toMatch(/\/invite\//);

    expect((await change("pavel", {}, asAdmin)).status).toBe(400);
    expect((await change("pavel", { role: "owner" }, asAdmin)).status).toBe(400);
    expect((await change("nobody-here", { role: "viewer" }, asAdmin)).status).toBe(404);
    expect((await invite("nobody-here", asAdmin)).status).toBe(404);
  });

  it("cannot disable or demote themselves, so an admin always remains; another admin can", async ({ db, asAdmin }) => {
    const disableSelf = await change("ada", { disabled: true }, asAdmin);
    expect([disableSelf.status, disableSelf.body.error?.code]).toEqual([409, "cannot_disable_self"]);
    expect(disableSelf.body.error?.message).toMatch(/another admin/);
    const demoteSelf = await change("ada", { role: "reviewer" }, asAdmin);
    expect([demoteSelf.status, demoteSelf.body.error?.code]).toEqual([409, "cannot_demote_self"]);
    expect(await getUser(db, "ada")).toMatchObject({ role: "admin", disabled: false });
    // Saying what is already so is no change, and allowed.
    expect((await change("ada", { role: "admin", disabled: false }, asAdmin)).status).toBe(200);

    const other = await tokenHeaders(db, await addPerson(db, "otto", "admin"));
    expect((await change("ada", { role: "reviewer" }, other)).body.user?.role).toBe("reviewer");
    expect((await change("ada", { role: "admin" }, other)).body.user?.role).toBe("admin");
  });
});

describe("who may call the admin API", () => {
  it("refuses a reviewer (403) and someone not signed in (401), changing nothing", async ({ db, asReviewer }) => {
    await addPerson(db, "quentin", "viewer");
    const calls = (headers?: Headers) => [
      list(headers),
      create({ handle: "intruder", role: "admin" }, headers),
      change("quentin", { role: "admin" }, headers),
      invite("quentin", headers),
      limit("quentin", { document: SPEECH_SLUG, languages: ["en"] }, headers),
    ];
    for (const answer of await Promise.all(calls(asReviewer))) expect([answer.status, answer.body.error?.code]).toEqual([403, "forbidden"]);
    for (const answer of await Promise.all(calls())) expect([answer.status, answer.body.error?.code]).toEqual([401, "sign_in_required"]);
    expect(await getUser(db, "quentin")).toMatchObject({ role: "viewer", languageLimits: {} });
    await expect(getUser(db, "intruder")).rejects.toMatchObject({ status: 404 });
    expect(await db.invitation.count({ where: { user: { handle: "quentin" } } })).toBe(1);
  });
});

describe("language limits", () => {
  it("keep a limited translator to their languages of a document; an empty list lifts the limit", async ({ db, asAdmin }) => {
    const tanya = await tokenHeaders(db, await addPerson(db, "tanya", "translator"));
    const limited = await limit("tanya", { document: SPEECH_SLUG, languages: ["en"] }, asAdmin);
    expect([limited.status, limited.body.user?.languageLimits]).toEqual([200, { [SPEECH_SLUG]: ["en"] }]);

    const inRussian = await saveRow(db, 4, "ru", "Не её язык.", tanya);
    expect([inRussian.status, inRussian.body.error?.code]).toEqual([403, "language_not_allowed"]);
    expect(inRussian.body.error?.message).toMatch(/only en/);
    expect((await saveRow(db, 4, "en", "Her own language.", tanya)).status).toBe(200);

    const lifted = await limit("tanya", { document: SPEECH_SLUG, languages: [] }, asAdmin);
    expect(lifted.body.user?.languageLimits).toEqual({});
    expect((await saveRow(db, 4, "ru", "Теперь можно.", tanya)).status).toBe(200);

    expect((await limit("tanya", { document: SPEECH_SLUG, languages: ["de"] }, asAdmin)).status).toBe(404);
    expect((await limit("tanya", { document: "no-such-document", languages: ["en"] }, asAdmin)).status).toBe(404);
    expect((await limit("tanya", { document: SPEECH_SLUG, languages: "en" }, asAdmin)).status).toBe(400);
  });
});

describe("disabling", () => {
  it("refuses the disabled person's token at once, and accepts it again once enabled", async ({ db, asAdmin }) => {
    const uma = await tokenHeaders(db, await addPerson(db, "uma", "translator"));
    expect((await saveRow(db, 6, "en", "Before she was disabled.", uma)).status).toBe(200);
    await change("uma", { disabled: true }, asAdmin);
    const refused = await saveRow(db, 6, "en", "While she is disabled.", uma);
    expect([refused.status, refused.body.error?.code]).toEqual([401, "token_invalid"]);
    await change("uma", { disabled: false }, asAdmin);
    expect((await saveRow(db, 6, "en", "Enabled again.", uma)).status).toBe(200);
  });
});
