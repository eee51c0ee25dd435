// Who may call what: every API endpoint through its route handler, as
// anonymous (401), as each role below the one it needs (403, changing
// nothing) and as that role (2xx), with a valid request. The table must name
// every handler the route files export, so a new endpoint fails here until
// its permission is written down. Then what a translator limited to some
// languages may change, and reading without an account.
import { describe, expect } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { POST as revertRoute } from "@/app/api/cells/[id]/revert/route";
import { POST as stillValidRoute } from "@/app/api/cells/[id]/still-valid/route";
import { PATCH as documentRoute } from "@/app/api/documents/[slug]/route";
import { POST as operationsRoute } from "@/app/api/documents/[slug]/operations/route";
import { POST as realignRoute } from "@/app/api/documents/[slug]/realign/route";
import { GET as rowsRoute } from "@/app/api/documents/[slug]/rows/route";
import { GET as listRoute } from "@/app/api/documents/route";
import type { Permission } from "@/lib/auth/access";
import { createInvitation, createUser, setLanguageLimits } from "@/lib/auth/accounts";
import { ROLES } from "@/lib/auth/roles";
import { createToken } from "@/lib/auth/tokens";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/generated/enums";
import { addLanguage } from "@/lib/documents/languages";
import { getRows } from "@/lib/documents/rows";
import { addGlossaryTerm } from "@/lib/glossary";
import { previewBulkRevert } from "@/lib/revisions";
import { addPerson, type Person, TEST_PASSWORD, tokenHeaders } from "../helpers/auth";
import { servingRoutes, test } from "../helpers/fixtures";
import { apiEndpoints, callJson, callRoute, type RouteRequest, routeHandler, sessionHeaders } from "../helpers/routes";
import { seedDocument } from "../helpers/seed-document";

type HeaderMap = Record<string, string>;

/** What the table's requests are made from: a private document and a person of each role. */
interface World {
  db: Db;
  slug: string;
  documentId: number;
  people: Record<UserRole, Person>;
  tokens: Record<UserRole, HeaderMap>;
  /** Someone the admin endpoints act on. */
  target: string;
}

const it = test.extend("appDb", { scope: "file", auto: true }, servingRoutes).extend("world", { scope: "file" }, async ({ db }) => {
  const people = {} as Record<UserRole, Person>;
  const tokens = {} as Record<UserRole, HeaderMap>;
  for (const role of ROLES) {
    people[role] = await addPerson(db, `${role}-one`, role);
    tokens[role] = await tokenHeaders(db, people[role]);
  }
  const { documentId } = await seedDocument(db, { slug: "matrix", rows: 8, authorId: people.admin.id });
  await createUser(db, { handle: "target", role: "viewer" });
  return { db, slug: "matrix", documentId, people, tokens, target: "target" } satisfies World;
});

let serial = 0;
/** A name no earlier call used. */
const fresh = (prefix: string) => `${prefix}-${++serial}`;

/** The first cell of a language with text (a head revision), in row order. */
async function textCell({ db, slug }: World, code = "en") {
  const { rows } = await getRows(db, slug, { languages: [code], limit: 100 });
  return rows.map((row) => row.cells[code]!).find((cell) => cell.headRevisionId !== null)!;
}

const firstRow = async ({ db, slug }: World) => (await getRows(db, slug, { limit: 1 })).rows[0]!;

const upload = (name: string, content: string, fields: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("file", new File([content], name));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return form;
};

interface Endpoint {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** As the route files spell it. */
  route: string;
  permission: Permission;
  /** A valid request (URL params, query, body), made again right before each call from the state then. */
  request: (world: World) => Promise<Omit<RouteRequest, "method" | "headers">>;
  /** Who makes the permitted call, when it is not an API token of the file's person of that role. */
  as?: (world: World) => Promise<HeaderMap>;
}

const inDocument = (world: World, extra: Omit<RouteRequest, "method" | "headers" | "params"> = {}) => ({
  params: { slug: world.slug },
  ...extra,
});
const inCell = (cell: { id: number }, extra: Omit<RouteRequest, "method" | "headers" | "params"> = {}) => ({
  params: { id: String(cell.id) },
  ...extra,
});
/** A new term of the document's glossary (or the shared one), for the endpoints that change one: its id. */
const glossaryTerm = async ({ db, slug, people }: World, ofDocument: boolean) =>
  String((await addGlossaryTerm(db, ofDocument ? { slug } : {}, { translations: { en: [fresh("term")] } }, people.admin.id)).id);
const tbxOf = (term: string) =>
  `<martif type="TBX-Basic"><text><body><termEntry><langSet xml:lang="en"><tig><term>${term}</term></tig></langSet></termEntry></body></text></martif>`;
/** A browser session of someone new (for what ends sessions or needs one). */
const newSession = async ({ db }: World) => sessionHeaders(db, (await addPerson(db, fresh("guest"), "viewer")).handle);

const ENDPOINTS: Endpoint[] = [
  // Cells
  {
    method: "PUT",
    route: "/api/cells/[id]",
    permission: "translator",
    request: async (world) => {
      const cell = await textCell(world);
      return inCell(cell, { body: { text: `${cell.text} (${fresh("edit")})`, baseRevisionId: cell.headRevisionId } });
    },
  },
  { method: "GET", route: "/api/cells/[id]/history", permission: "viewer", request: async (world) => inCell(await textCell(world)) },
  { method: "PUT", route: "/api/cells/[id]/presence", permission: "translator", request: async (world) => inCell(await textCell(world)) },
  {
    method: "DELETE",
    route: "/api/cells/[id]/presence",
    permission: "translator",
    request: async (world) => inCell(await textCell(world)),
  },
  {
    method: "POST",
    route: "/api/cells/[id]/revert",
    permission: "translator",
    request: async (world) => {
      const cell = await textCell(world, "de");
      return inCell(cell, { body: { toRevisionId: cell.headRevisionId, baseRevisionId: cell.headRevisionId } });
    },
  },
  { method: "GET", route: "/api/cells/[id]/source-change", permission: "viewer", request: async (world) => inCell(await textCell(world)) },
  {
    method: "POST",
    route: "/api/cells/[id]/still-valid",
    permission: "translator",
    request: async (world) => inCell(await textCell(world)),
  },
  {
    method: "POST",
    route: "/api/cells/[id]/checks/dismissals",
    permission: "translator",
    // A figure the original lacks, saved afresh before each call: a failing check not yet dismissed.
    request: async (world) => {
      const cell = await textCell(world);
      const { cell: saved } = await saveCell(
        world.db,
        cell.id,
        { text: `${cell.text} ${++serial}0001`, baseRevisionId: cell.headRevisionId },
        { authorId: world.people.admin.id },
      );
      return inCell(saved, { body: { kind: "numbers", revisionId: saved.headRevisionId, reason: "the figure is right" } });
    },
  },

  // Documents
  { method: "GET", route: "/api/documents", permission: "anyone", request: async () => ({}) },
  {
    method: "POST",
    route: "/api/documents/import",
    permission: "admin",
    request: async () => ({ body: upload("new.txt", "One.\n\nTwo.", { slug: fresh("imported"), title: "Imported", language: "en" }) }),
  },
  { method: "GET", route: "/api/documents/[slug]", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "PATCH",
    route: "/api/documents/[slug]",
    permission: "admin",
    request: async (world) => inDocument(world, { body: { title: "The matrix" } }),
  },
  {
    method: "GET",
    route: "/api/documents/[slug]/activity",
    permission: "viewer",
    request: async (world) => inDocument(world, { path: "/?limit=5" }),
  },
  {
    method: "GET",
    route: "/api/documents/[slug]/bulk-revert",
    permission: "reviewer",
    request: async (world) => inDocument(world, { path: `/?author=${world.people.translator.handle}` }),
  },
  {
    method: "POST",
    route: "/api/documents/[slug]/bulk-revert",
    permission: "reviewer",
    request: async (world) => {
      const { expectedHeads } = await previewBulkRevert(world.db, { documentId: world.documentId, authorId: world.people.translator.id });
      return inDocument(world, { body: { author: world.people.translator.handle, expectedHeads } });
    },
  },
  { method: "GET", route: "/api/documents/[slug]/changes", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "GET",
    route: "/api/documents/[slug]/diff",
    permission: "viewer",
    request: async (world) => inDocument(world, { path: `/?from=${encodeURIComponent(new Date().toISOString())}` }),
  },
  {
    method: "GET",
    route: "/api/documents/[slug]/export",
    permission: "viewer",
    request: async (world) => inDocument(world, { path: "/?format=csv" }),
  },
  {
    method: "POST",
    route: "/api/documents/[slug]/import",
    permission: "admin",
    request: async (world) => inDocument(world, { body: upload("text.fr.txt", "Un.", { language: "fr" }) }),
  },
  {
    method: "POST",
    route: "/api/documents/[slug]/languages",
    permission: "admin",
    request: async (world) => inDocument(world, { body: { code: "it", label: "Italiano" } }),
  },
  {
    method: "PATCH",
    route: "/api/documents/[slug]/languages/[code]",
    permission: "admin",
    request: async (world) => ({ params: { slug: world.slug, code: "de" }, body: { label: "German" } }),
  },
  {
    method: "DELETE",
    route: "/api/documents/[slug]/languages/[code]",
    permission: "admin",
    // A language of its own for every call: the permitted one removes it.
    request: async (world) => {
      const code = `fr-x${String(++serial).padStart(4, "0")}`;
      await addLanguage(world.db, world.slug, { code, label: `French ${serial}` });
      return { params: { slug: world.slug, code } };
    },
  },
  {
    method: "POST",
    route: "/api/documents/[slug]/languages/[code]/update",
    permission: "translator",
    request: async (world) => ({ params: { slug: world.slug, code: "de" }, path: "/?preview=1", body: upload("de.txt", "Ein Absatz.") }),
  },
  {
    method: "POST",
    route: "/api/documents/[slug]/operations",
    permission: "translator",
    request: async (world) => inDocument(world, { body: { op: "insert", segmentId: (await firstRow(world)).id, where: "below" } }),
  },
  { method: "GET", route: "/api/documents/[slug]/presence", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "POST",
    route: "/api/documents/[slug]/realign",
    permission: "translator",
    request: async (world) => inDocument(world, { body: { language: "en" } }),
  },
  { method: "GET", route: "/api/documents/[slug]/review", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "POST",
    route: "/api/documents/[slug]/review",
    permission: "reviewer",
    request: async (world) => {
      const cell = await textCell(world, "ru");
      return inDocument(world, { body: { decisions: [{ cellId: cell.id, revisionId: cell.headRevisionId, verdict: "approve" }] } });
    },
  },
  {
    method: "GET",
    route: "/api/documents/[slug]/rows",
    permission: "viewer",
    request: async (world) => inDocument(world, { path: "/?limit=5" }),
  },
  { method: "GET", route: "/api/documents/[slug]/snapshots", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "POST",
    route: "/api/documents/[slug]/snapshots",
    permission: "reviewer",
    request: async (world) => inDocument(world, { body: { name: fresh("snapshot") } }),
  },
  { method: "GET", route: "/api/documents/[slug]/tracked-changes", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "GET",
    route: "/api/revisions/diff",
    permission: "viewer",
    request: async (world) => {
      const head = (await textCell(world)).headRevisionId;
      return { path: `/?from=${head}&to=${head}` };
    },
  },

  // Glossaries: the shared one (reviewers change it) and the document's (its translators do)
  { method: "GET", route: "/api/glossary", permission: "viewer", request: async () => ({}) },
  {
    method: "POST",
    route: "/api/glossary",
    permission: "reviewer",
    request: async () => ({ body: { translations: { en: [fresh("term")] } } }),
  },
  {
    method: "PATCH",
    route: "/api/glossary/[id]",
    permission: "reviewer",
    request: async (world) => ({ params: { id: await glossaryTerm(world, false) }, body: { note: fresh("note") } }),
  },
  {
    method: "DELETE",
    route: "/api/glossary/[id]",
    permission: "reviewer",
    request: async (world) => ({ params: { id: await glossaryTerm(world, false) } }),
  },
  { method: "GET", route: "/api/glossary/export", permission: "viewer", request: async () => ({ path: "/?format=tbx" }) },
  {
    method: "POST",
    route: "/api/glossary/import",
    permission: "reviewer",
    request: async () => ({ body: upload("terms.csv", `en,ru\n${fresh("term")},термин\n`) }),
  },
  { method: "GET", route: "/api/documents/[slug]/glossary", permission: "viewer", request: async (world) => inDocument(world) },
  {
    method: "POST",
    route: "/api/documents/[slug]/glossary",
    permission: "translator",
    request: async (world) => inDocument(world, { body: { translations: { en: [fresh("term")] } } }),
  },
  {
    method: "PATCH",
    route: "/api/documents/[slug]/glossary/[id]",
    permission: "translator",
    request: async (world) => ({ params: { slug: world.slug, id: await glossaryTerm(world, true) }, body: { note: fresh("note") } }),
  },
  {
    method: "DELETE",
    route: "/api/documents/[slug]/glossary/[id]",
    permission: "translator",
    request: async (world) => ({ params: { slug: world.slug, id: await glossaryTerm(world, true) } }),
  },
  {
    method: "GET",
    route: "/api/documents/[slug]/glossary/export",
    permission: "viewer",
    request: async (world) => inDocument(world, { path: "/?format=csv" }),
  },
  {
    method: "POST",
    route: "/api/documents/[slug]/glossary/import",
    permission: "translator",
    request: async (world) => inDocument(world, { body: upload("terms.tbx", tbxOf(fresh("term"))) }),
  },

  // Signing in, one's own account
  {
    method: "POST",
    route: "/api/session",
    permission: "anyone",
    request: async ({ people }) => ({ body: { login: people.viewer.handle, password: TEST_PASSWORD } }),
  },
  { method: "DELETE", route: "/api/session", permission: "signed-in", request: async () => ({}), as: newSession },
  {
    method: "POST",
    route: "/api/invitations/accept",
    permission: "anyone",
    request: async ({ db }) => {
      const { user } = await createUser(db, { handle: fresh("invited"), role: "viewer" });
      return { body: { token: (await createInvitation(db, user.handle)).token, password: TEST_PASSWORD } };
    },
  },
  { method: "GET", route: "/api/me", permission: "anyone", request: async () => ({}) },
  {
    method: "PUT",
    route: "/api/me/password",
    permission: "signed-in",
    request: async () => ({ body: { currentPassword: TEST_PASSWORD, newPassword: "another correct horse battery" } }),
    as: newSession,
  },
  { method: "DELETE", route: "/api/me/sessions", permission: "signed-in", request: async () => ({}), as: newSession },
  { method: "GET", route: "/api/me/tokens", permission: "signed-in", request: async () => ({}) },
  { method: "POST", route: "/api/me/tokens", permission: "signed-in", request: async () => ({ body: { name: fresh("script") } }) },
  {
    method: "DELETE",
    route: "/api/me/tokens/[id]",
    permission: "signed-in",
    // The permitted caller is the viewer, whose token this is.
    request: async ({ db, people }) => ({
      params: { id: String((await createToken(db, people.viewer.id, { name: fresh("old") })).summary.id) },
    }),
  },

  // People (admin)
  { method: "GET", route: "/api/users", permission: "admin", request: async () => ({}) },
  {
    method: "POST",
    route: "/api/users",
    permission: "admin",
    request: async () => ({ body: { handle: fresh("newcomer"), role: "viewer" } }),
  },
  {
    method: "PATCH",
    route: "/api/users/[handle]",
    permission: "admin",
    request: async ({ target }) => ({ params: { handle: target }, body: { role: "translator" } }),
  },
  {
    method: "POST",
    route: "/api/users/[handle]/invitations",
    permission: "admin",
    request: async ({ target }) => ({ params: { handle: target } }),
  },
  {
    method: "PUT",
    route: "/api/users/[handle]/language-limits",
    permission: "admin",
    request: async ({ target, slug }) => ({ params: { handle: target }, body: { document: slug, languages: ["en"] } }),
  },
];

const key = (method: string, route: string) => `${method} ${route}`;

/** Everything a refused call could have changed. */
async function footprint(db: Db) {
  const counts = await Promise.all([
    db.revision.count(),
    db.alignmentChange.count(),
    db.reviewDecision.count(),
    db.snapshot.count(),
    db.cellPresence.count(),
    db.session.count(),
    db.apiToken.count({ where: { revokedAt: null } }),
    db.invitation.count(),
    db.languageLimit.count(),
    db.glossaryTerm.count(),
    db.glossaryTranslation.count(),
  ]);
  const documents = await db.document.findMany({ select: { slug: true, title: true, publicRead: true }, orderBy: { id: "asc" } });
  const languages = await db.documentLanguage.findMany({ select: { code: true, label: true }, orderBy: { id: "asc" } });
  const users = await db.user.findMany({ select: { handle: true, role: true, disabledAt: true }, orderBy: { id: "asc" } });
  const cells = await db.cell.findMany({ select: { status: true, stale: true, version: true }, orderBy: { id: "asc" } });
  return { counts, documents, languages, users, cells };
}

/** Who is refused, and how: anonymous (unless anyone may), then each role below the one needed. */
function refusals(permission: Permission): { who: string; as: (world: World) => HeaderMap | undefined; status: number; code: string }[] {
  if (permission === "anyone") return [];
  const anonymous = { who: "anonymous", as: () => undefined, status: 401, code: "sign_in_required" };
  if (permission === "signed-in") return [anonymous];
  const below = ROLES.slice(0, ROLES.indexOf(permission));
  return [anonymous, ...below.map((role) => ({ who: role, as: (world: World) => world.tokens[role], status: 403, code: "forbidden" }))];
}

/** The permitted caller: an API token of the role needed (a viewer's for signed-in), nobody for `anyone`. */
function permitted(endpoint: Endpoint, world: World): Promise<HeaderMap | undefined> | HeaderMap | undefined {
  if (endpoint.as) return endpoint.as(world);
  if (endpoint.permission === "anyone") return undefined;
  return world.tokens[endpoint.permission === "signed-in" ? "viewer" : endpoint.permission];
}

describe("the authorisation matrix", () => {
  it("names every endpoint the route files export, with the permission its handler declares", async () => {
    const exported: string[] = [];
    const declared: Record<string, Permission | undefined> = {};
    for (const { route, method, handler } of await apiEndpoints()) {
      exported.push(key(method, route));
      declared[key(method, route)] = handler.permission;
    }
    expect(ENDPOINTS.map((endpoint) => key(endpoint.method, endpoint.route)).sort()).toEqual(exported.sort());
    expect(Object.fromEntries(ENDPOINTS.map((endpoint) => [key(endpoint.method, endpoint.route), endpoint.permission]))).toEqual(declared);
  });

  for (const endpoint of ENDPOINTS) {
    it(`${key(endpoint.method, endpoint.route)}: ${endpoint.permission}`, async ({ world }) => {
      const handler = await routeHandler(`app${endpoint.route}/route.ts`, endpoint.method);
      for (const refusal of refusals(endpoint.permission)) {
        const request = await endpoint.request(world);
        const before = await footprint(world.db);
        const answer = await callJson(handler, { ...request, method: endpoint.method, headers: refusal.as(world) });
        expect([answer.status, answer.body.error?.code], `as ${refusal.who}`).toEqual([refusal.status, refusal.code]);
        expect(await footprint(world.db), `as ${refusal.who}, nothing changes`).toEqual(before);
      }
      const request = await endpoint.request(world);
      const answer = await callRoute(handler, { ...request, method: endpoint.method, headers: await permitted(endpoint, world) });
      const text = await answer.text();
      expect(answer.status, text).toBeGreaterThanOrEqual(200);
      expect(answer.status, text).toBeLessThan(300);
      // A progress stream is 200 from the start: its last line says how the work ended.
      if (answer.headers.get("content-type")?.startsWith("application/x-ndjson")) {
        expect(JSON.parse(text.trim().split("\n").at(-1)!), text).toMatchObject({ type: "result" });
      }
    });
  }
});

describe("a translator limited to some languages of a document", () => {
  it("saves and confirms cells only in those languages, and changes the alignment only where no other language moves", async ({
    world,
  }) => {
    const { db, slug } = world;
    const lena = await addPerson(db, "lena", "translator");
    await setLanguageLimits(db, lena.handle, slug, ["en"]);
    const asLena = await tokenHeaders(db, lena);
    const save = (cell: { id: number; text: string; headRevisionId: number | null }) =>
      callJson(saveCellRoute, {
        method: "PUT",
        params: { id: String(cell.id) },
        headers: asLena,
        body: { text: `${cell.text} (Lena)`, baseRevisionId: cell.headRevisionId },
      });
    const operation = (body: Record<string, unknown>) =>
      callJson(operationsRoute, { method: "POST", params: { slug }, headers: asLena, body });

    expect((await save(await textCell(world, "en"))).status).toBe(200);
    const ru = await textCell(world, "ru");
    const before = await footprint(db);
    expect(await save(ru)).toMatchObject({ status: 403, body: { error: { code: "language_not_allowed" } } });
    expect((await callJson(stillValidRoute, { method: "POST", params: { id: String(ru.id) }, headers: asLena })).status).toBe(403);
    const revert = await callJson(revertRoute, {
      method: "POST",
      params: { id: String(ru.id) },
      headers: asLena,
      body: { toRevisionId: ru.headRevisionId, baseRevisionId: ru.headRevisionId },
    });
    expect(revert).toMatchObject({
      status: 403,
      body: { error: { code: "language_not_allowed", message: "In this document you may edit only en" } },
    });

    const row = (await getRows(db, slug, { limit: 100 })).rows.find((candidate) => candidate.cells.en!.text.includes(" "))!;
    const refused = [
      { op: "split", segmentId: row.id, languageCode: "en", offset: row.cells.en!.text.indexOf(" "), splitOthers: true },
      { op: "split", segmentId: row.id, languageCode: "ru", offset: 1 },
      { op: "shift", segmentId: row.id, languageCode: "ru", direction: "down" },
      { op: "merge", segmentId: row.id },
      { op: "insert", segmentId: row.id, where: "above" },
      { op: "delete", segmentId: row.id },
      { op: "move", segmentId: row.id, toIndex: 0 },
      { op: "confirm", segmentId: row.id, scope: "row" },
      { op: "undo", changeId: 1 },
      { op: "redo", changeId: 1 },
    ];
    for (const body of refused) {
      expect(await operation(body), JSON.stringify(body)).toMatchObject({ status: 403, body: { error: { code: "language_not_allowed" } } });
    }
    const realignGerman = await callRoute(realignRoute, { method: "POST", params: { slug }, headers: asLena, body: { language: "de" } });
    expect(realignGerman.status).toBe(403);
    expect(await footprint(db)).toEqual(before);

    const split = await operation({ op: "split", segmentId: row.id, languageCode: "en", offset: row.cells.en!.text.indexOf(" ") });
    expect(split).toMatchObject({ status: 200, body: { result: { splitLanguages: ["en"] } } });
    expect((await operation({ op: "shift", segmentId: row.id, languageCode: "en", direction: "down" })).status).toBe(200);
    const realignEnglish = await callRoute(realignRoute, { method: "POST", params: { slug }, headers: asLena, body: { language: "en" } });
    expect(JSON.parse((await realignEnglish.text()).trim().split("\n").at(-1)!)).toMatchObject({ type: "result" });
  });
});

describe("reading without an account", () => {
  it("shows only the documents an admin made readable without one, and never lets anyone write", async ({ world }) => {
    const { db, tokens } = world;
    await seedDocument(db, { slug: "open-later", rows: 2, authorId: world.people.admin.id });
    const listed = async (headers?: HeaderMap) =>
      ((await callJson(listRoute, { headers })).body.documents as { slug: string }[]).map((document) => document.slug);
    const rows = () => callJson(rowsRoute, { params: { slug: "open-later" } });

    expect(await listed()).not.toContain("open-later");
    expect(await listed(tokens.viewer)).toContain("open-later");
    expect(await rows()).toMatchObject({ status: 401, body: { error: { code: "sign_in_required" } } });

    const change = (body: unknown) =>
      callJson(documentRoute, { method: "PATCH", params: { slug: "open-later" }, headers: tokens.admin, body });
    expect((await change({})).status).toBe(400);
    expect((await change({ slug: "renamed" })).status).toBe(400);
    expect(await change({ publicRead: true })).toEqual({
      status: 200,
      body: { document: { slug: "open-later", title: "open-later", publicRead: true } },
    });

    expect(await listed()).toContain("open-later");
    expect((await rows()).status).toBe(200);
    const cell = (await getRows(db, "open-later", { languages: ["en"], limit: 1 })).rows[0]!.cells.en!;
    const write = await callJson(saveCellRoute, {
      method: "PUT",
      params: { id: String(cell.id) },
      body: { text: "Anonymous text", baseRevisionId: cell.headRevisionId },
    });
    expect(write.status).toBe(401);
  });
});
