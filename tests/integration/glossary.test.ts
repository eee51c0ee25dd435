// Glossaries through their API: who may change which, terms added, changed
// and removed, CSV and TBX round trips (also through Debian's Translate
// Toolkit, both ways), hostile files refused whole, and the terminology
// check they drive firing and clearing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { DELETE as documentTermDelete, PATCH as documentTermPatch } from "@/app/api/documents/[slug]/glossary/[id]/route";
import { GET as documentExport } from "@/app/api/documents/[slug]/glossary/export/route";
import { POST as documentImport } from "@/app/api/documents/[slug]/glossary/import/route";
import { GET as documentList, POST as documentAdd } from "@/app/api/documents/[slug]/glossary/route";
import { DELETE as sharedTermDelete, PATCH as sharedTermPatch } from "@/app/api/glossary/[id]/route";
import { GET as sharedExport } from "@/app/api/glossary/export/route";
import { POST as sharedImport } from "@/app/api/glossary/import/route";
import { GET as sharedList, POST as sharedAdd } from "@/app/api/glossary/route";
import type { UserRole } from "@/lib/db/generated/enums";
import { documentChecks } from "@/lib/documents/checks";
import { getRows } from "@/lib/documents/rows";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, test } from "../helpers/fixtures";
import { callJson, callRoute, type RouteHandler } from "../helpers/routes";
import { seedDocument } from "../helpers/seed-document";
import { tableCounts } from "../helpers/table-counts";

type Headers = Record<string, string>;

/** Two rows whose texts the terminology tests know. */
const TEXTS: Record<string, string[]> = {
  ru: ["Число особо тяжких преступлений снизилось.", "Министр внутренних дел выступил."],
  en: ["The number of serious crimes fell.", "The Interior Minister spoke."],
  de: ["Die Zahl der schweren Verbrechen sank.", "Der Innenminister sprach."],
};

const it = test.extend("appDb", { scope: "file", auto: true }, servingRoutes).extend("as", { scope: "file" }, async ({ db }) => {
  const roles: UserRole[] = ["viewer", "translator", "reviewer", "admin"];
  const headers = {} as Record<UserRole, Headers>;
  for (const role of roles) headers[role] = await tokenHeaders(db, await addPerson(db, `${role}-g`, role));
  const { id: adminId } = await db.user.findUniqueOrThrow({ where: { handle: "admin-g" } });
  await seedDocument(db, { slug: "glossed", rows: 2, authorId: adminId, paragraphs: (code, row) => TEXTS[code]![row]! });
  await seedDocument(db, { slug: "other", rows: 2, authorId: adminId, paragraphs: (code, row) => TEXTS[code]![row]! });
  return headers;
});

const GRAVE = {
  translations: { ru: ["особо тяжкие преступления"], en: ["grave crimes", "especially grave crimes"] },
  forbidden: { ru: ["особенно тяжкие преступления"] },
  note: "The legal term (Criminal Code, art. 15)",
};

const inDocument = (slug: string, extra: Record<string, unknown> = {}) => ({ params: { slug }, ...extra });
const form = (name: string, content: string, fields: Record<string, string> = {}) => {
  const body = new FormData();
  body.set("file", new File([content], name));
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
};
const listOf = async (handler: RouteHandler, headers: Headers, slug?: string) =>
  (await callJson(handler, { headers, ...(slug ? inDocument(slug) : {}) })).body.terms as {
    id: number;
    translations: Record<string, string[]>;
    forbidden: Record<string, string[]>;
    note: string;
  }[];
const wordings = (terms: { translations: unknown; forbidden: unknown; note: string }[]) =>
  terms.map(({ translations, forbidden, note }) => ({ translations, forbidden, note }));

describe("who may change which glossary", () => {
  it("the shared one: reviewers and admins; a document's: its translators; anyone signed in reads", async ({ as, db }) => {
    const before = await tableCounts(db);
    expect(await callJson(sharedAdd, { method: "POST", headers: as.translator, body: GRAVE })).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden" } },
    });
    expect(await callJson(documentAdd, { method: "POST", headers: as.viewer, body: GRAVE, ...inDocument("glossed") })).toMatchObject({
      status: 403,
    });
    expect(await callJson(documentAdd, { method: "POST", body: GRAVE, ...inDocument("glossed") })).toMatchObject({ status: 401 });
    expect(await callJson(documentList, inDocument("glossed"))).toMatchObject({ status: 401 });
    expect(await callJson(documentAdd, { method: "POST", headers: as.admin, body: GRAVE, ...inDocument("nowhere") })).toMatchObject({
      status: 404,
      body: { error: { code: "document_not_found" } },
    });
    expect(await tableCounts(db)).toEqual(before);

    const shared = await callJson(sharedAdd, {
      method: "POST",
      headers: as.reviewer,
      body: { translations: { en: ["Interior Ministry"] } },
    });
    expect(shared).toMatchObject({
      status: 201,
      body: {
        term: {
          glossary: "shared",
          translations: { en: ["Interior Ministry"] },
          forbidden: {},
          note: "",
          addedBy: { handle: "reviewer-g" },
        },
      },
    });
    const own = await callJson(documentAdd, { method: "POST", headers: as.translator, body: GRAVE, ...inDocument("glossed") });
    expect(own).toMatchObject({ status: 201, body: { term: { glossary: "document", ...GRAVE, addedBy: { handle: "translator-g" } } } });
    expect(wordings(await listOf(documentList, as.viewer, "glossed"))).toEqual([GRAVE]);
    expect(await listOf(documentList, as.viewer, "other")).toEqual([]);
    expect((await listOf(sharedList, as.viewer)).map((term) => term.translations)).toEqual([{ en: ["Interior Ministry"] }]);
  });

  it("changes and removes a term only through its own glossary", async ({ as }) => {
    const { body } = await callJson(documentAdd, {
      method: "POST",
      headers: as.translator,
      body: { translations: { ru: ["коллегия"], en: ["board"] } },
      ...inDocument("glossed"),
    });
    const id = String((body.term as { id: number }).id);
    const notHere = { status: 404, body: { error: { code: "glossary_term_not_found" } } };
    expect(
      await callJson(documentTermPatch, { method: "PATCH", headers: as.translator, params: { slug: "other", id }, body: { note: "x" } }),
    ).toMatchObject(notHere);
    expect(await callJson(sharedTermPatch, { method: "PATCH", headers: as.reviewer, params: { id }, body: { note: "x" } })).toMatchObject(
      notHere,
    );
    expect(await callJson(sharedTermDelete, { method: "DELETE", headers: as.admin, params: { id } })).toMatchObject(notHere);
    expect(await callJson(sharedTermDelete, { method: "DELETE", headers: as.admin, params: { id: "abc" } })).toMatchObject(notHere);

    const patched = await callJson(documentTermPatch, {
      method: "PATCH",
      headers: as.translator,
      params: { slug: "glossed", id },
      body: { translations: { ru: ["коллегия"], EN_gb: [" Board ", "collegium"] }, note: " The ministry's board " },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: { term: { translations: { ru: ["коллегия"], "en-GB": ["Board", "collegium"] }, note: "The ministry's board" } },
    });
    expect(await callJson(documentTermDelete, { method: "DELETE", headers: as.translator, params: { slug: "glossed", id } })).toEqual({
      status: 200,
      body: { removed: true },
    });
    expect((await listOf(documentList, as.viewer, "glossed")).map((term) => String(term.id))).not.toContain(id);
  });

  it("refuses a term it could not use, saying what is wrong", async ({ as, db }) => {
    const before = await tableCounts(db);
    const add = (body: unknown) => callJson(documentAdd, { method: "POST", headers: as.translator, body, ...inDocument("glossed") });
    const refused = async (body: unknown, message: RegExp) => {
      const answer = await add(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error!.message).toMatch(message);
    };
    await refused({ translations: {} }, /at least one agreed wording/);
    await refused({ translations: { klingon: ["x"] } }, /translations\.klingon: is not a language tag/);
    await refused({ translations: { ru: ["  "] } }, /translations\.ru\.0: needs at least one letter or digit/);
    await refused(
      { translations: { ru: ["тяжкие"] }, forbidden: { ru: ["Тяжкие"] } },
      /both an agreed translation and a forbidden variant/,
    );
    await refused({ translations: { ru: ["x".repeat(301)] } }, /longer than 300 characters/);
    await refused({ translations: { ru: ["x"] }, extra: 1 }, /extra/);
    expect(await tableCounts(db)).toEqual(before);
  });
});

const download = async (handler: RouteHandler, headers: Headers, format: string, slug?: string) => {
  const response = await callRoute(handler, { headers, path: `/?format=${format}`, ...(slug ? inDocument(slug) : {}) });
  expect(response.status).toBe(200);
  return {
    text: await response.text(),
    type: response.headers.get("content-type"),
    disposition: response.headers.get("content-disposition"),
  };
};

const scratch = mkdtempSync(path.join(tmpdir(), "glossary-"));
/** Runs Python with Debian's Translate Toolkit on a file: its units as JSON. */
const toolkitReads = (file: string) =>
  JSON.parse(
    execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        `import json, sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
print(json.dumps([{"source": u.source, "target": u.target, "notes": u.getnotes()} for u in store.units], ensure_ascii=False))`,
        file,
      ],
      { encoding: "utf8" },
    ),
  ) as { source: string; target: string; notes: string }[];

describe("glossary files", () => {
  it("round-trips a document's glossary through CSV and TBX into another glossary, and importing again changes nothing", async ({ as }) => {
    await callJson(documentAdd, {
      method: "POST",
      headers: as.translator,
      body: {
        translations: { ru: ["Росгвардия"], en: ["National Guard"] },
        forbidden: { en: ["Rosgvardia"] },
        note: 'Say "the" before it;\nnot an acronym',
      },
      ...inDocument("glossed"),
    });
    const terms = wordings(await listOf(documentList, as.viewer, "glossed"));
    expect(terms.length).toBeGreaterThanOrEqual(2);

    const csv = await download(documentExport, as.viewer, "csv", "glossed");
    expect(csv.type).toBe("text/csv; charset=utf-8");
    expect(csv.disposition).toContain('filename="glossed-glossary.csv"');
    // (The byte-order mark is read away by Response.text.)
    expect(csv.text.split("\r\n")[0]).toBe("ru,en,en,forbidden:ru,forbidden:en,note");
    const first = await callJson(sharedImport, { method: "POST", headers: as.reviewer, body: form("glossed.csv", csv.text) });
    expect(first).toEqual({ status: 200, body: { result: { added: terms.length, updated: 0, unchanged: 0 } } });
    const shared = (await listOf(sharedList, as.viewer)).filter((term) => !term.translations.en?.includes("Interior Ministry"));
    expect(wordings(shared)).toEqual(terms);

    const tbx = await download(documentExport, as.viewer, "tbx", "glossed");
    expect(tbx.type).toBe("application/x-tbx; charset=utf-8");
    const again = await callJson(sharedImport, { method: "POST", headers: as.reviewer, body: form("glossed.tbx", tbx.text) });
    expect(again).toEqual({ status: 200, body: { result: { added: 0, updated: 0, unchanged: terms.length } } });
    const fresh = await callJson(documentImport, {
      method: "POST",
      headers: as.translator,
      body: form("x.tbx", tbx.text),
      ...inDocument("other"),
    });
    expect(fresh.body).toEqual({ result: { added: terms.length, updated: 0, unchanged: 0 } });
    expect(wordings(await listOf(documentList, as.viewer, "other"))).toEqual(terms);
  });

  it("completes a stored term that shares a wording with an imported one", async ({ as }) => {
    const csv = "en,ru,ru,note\nInterior Ministry,МВД,Министерство внутренних дел,The ministry\n";
    const answer = await callJson(sharedImport, { method: "POST", headers: as.admin, body: form("more.csv", csv) });
    expect(answer.body).toMatchObject({ result: { added: 0, updated: 1 } });
    const ministry = (await listOf(sharedList, as.viewer)).find((term) => term.translations.en?.includes("Interior Ministry"))!;
    expect(ministry).toMatchObject({
      translations: { en: ["Interior Ministry"], ru: ["МВД", "Министерство внутренних дел"] },
      note: "The ministry",
    });
  });

  it("writes TBX that Translate Toolkit reads, and imports what its csv2tbx writes", async ({ as }) => {
    const tbx = await download(documentExport, as.viewer, "tbx", "glossed");
    const ours = path.join(scratch, "ours.tbx");
    writeFileSync(ours, tbx.text);
    const units = toolkitReads(ours);
    const terms = await listOf(documentList, as.viewer, "glossed");
    expect(units.map((unit) => unit.source)).toEqual(terms.map((term) => term.translations.ru![0]));
    expect(units.map((unit) => unit.target)).toEqual(terms.map((term) => term.translations.en![0]));
    expect(units.map((unit) => unit.notes)).toEqual(terms.map((term) => term.note));

    const csv = path.join(scratch, "toolkit.csv");
    writeFileSync(
      csv,
      '"location","source","target"\n"","law enforcement agencies","правоохранительные органы"\n"","crime","преступление"\n',
    );
    const written = path.join(scratch, "toolkit.tbx");
    execFileSync("/usr/bin/csv2tbx", [csv, written], { stdio: "ignore" });
    const answer = await callJson(documentImport, {
      method: "POST",
      headers: as.translator,
      body: form("toolkit.tbx", readFileSync(written, "utf8"), { rename: "xx=ru" }),
      ...inDocument("other"),
    });
    expect(answer).toEqual({ status: 200, body: { result: { added: 2, updated: 0, unchanged: 0 } } });
    const imported = (await listOf(documentList, as.viewer, "other")).slice(-2);
    expect(wordings(imported)).toEqual([
      { translations: { en: ["law enforcement agencies"], ru: ["правоохранительные органы"] }, forbidden: {}, note: "" },
      { translations: { en: ["crime"], ru: ["преступление"] }, forbidden: {}, note: "" },
    ]);
  });

  it("refuses hostile and broken files whole, naming the file and where, and stores nothing", async ({ as, db }) => {
    const before = await tableCounts(db);
    const refused = async (name: string, content: string, code: string, message: RegExp, fields: Record<string, string> = {}) => {
      const answer = await callJson(documentImport, {
        method: "POST",
        headers: as.translator,
        body: form(name, content, fields),
        ...inDocument("glossed"),
      });
      expect(answer.body.error?.code, name).toBe(code);
      expect(answer.body.error!.message).toMatch(message);
    };
    await refused(
      "laughs.tbx",
      '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><martif/>',
      "bad_import",
      /^laughs\.tbx: .*declares entities/,
    );
    const deep = `<martif><text><body>${"<termEntry>".repeat(300)}</body></text></martif>`;
    await refused("deep.tbx", deep, "limit_exceeded", /^deep\.tbx: .*nested 201 elements deep/);
    await refused(
      "broken.tbx",
      "<martif><text><body><termEntry><langSet xml:lang='en'><tig><term>a & b</term></tig>",
      "bad_import",
      /line 1, column \d+/,
    );
    await refused(
      "late.tbx",
      `<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>fine</term></tig></langSet></termEntry>
<termEntry><langSet xml:lang="en"><tig><term>${"x".repeat(400)}</term></tig></langSet></termEntry></body></text></martif>`,
      "bad_import",
      /<termEntry> at line 2, column 1: translations\.en\.0: is longer than 300 characters/,
    );
    await refused(
      "late.csv",
      "en,forbidden:en\nfine,\n,only forbidden\n",
      "bad_import",
      /^late\.csv: Line 3 of the CSV file: a term needs at least one agreed wording/,
    );
    await refused("tags.csv", "en,ru\na,b\n", "invalid_input", /rename: "xx" is not FROM=TO/, { rename: "xx" });
    expect(
      (await callJson(documentImport, { method: "POST", headers: as.translator, body: new FormData(), ...inDocument("glossed") })).body
        .error?.code,
    ).toBe("file_missing");
    expect((await callRoute(sharedExport, { headers: as.viewer, path: "/?format=xlsx" })).status).toBe(400);
    expect(await tableCounts(db)).toEqual(before);
  });
});

describe("the terminology check", () => {
  const terminology = async (db: Parameters<typeof documentChecks>[0], language: string) =>
    (await documentChecks(db, "glossed", language)).filter((check) => check.kind === "terminology");

  it("fires where a term of the original lacks its agreed translation, and clears when the translation has it", async ({ as, db }) => {
    expect(await terminology(db, "en")).toMatchObject([
      {
        row: 1,
        language: "en",
        severity: "warning",
        message: "termMissing",
        params: { term: "особо тяжкие преступления", expected: "grave crimes / especially grave crimes" },
      },
    ]);
    const cell = (await getRows(db, "glossed", { languages: ["en"], limit: 1 })).rows[0]!.cells.en!;
    const saved = await callJson(saveCellRoute, {
      method: "PUT",
      headers: as.translator,
      params: { id: String(cell.id) },
      body: { text: "The number of especially grave crimes fell.", baseRevisionId: cell.headRevisionId },
    });
    expect(saved.status).toBe(200);
    expect(await terminology(db, "en")).toEqual([]);
  });

  it("refuses a forbidden variant, and follows the glossary as it changes", async ({ as, db }) => {
    const original = (await getRows(db, "glossed", { languages: ["ru"], limit: 1 })).rows[0]!.cells.ru!;
    await callJson(saveCellRoute, {
      method: "PUT",
      headers: as.translator,
      params: { id: String(original.id) },
      body: { text: "Число особенно тяжких преступлений снизилось.", baseRevisionId: original.headRevisionId },
    });
    expect(await terminology(db, "ru")).toMatchObject([
      { row: 1, severity: "error", message: "termForbidden", params: { variant: "особенно тяжкие преступления" } },
    ]);

    // A term of the shared glossary applies to every document; removing it clears its checks.
    const minister = await callJson(sharedAdd, {
      method: "POST",
      headers: as.reviewer,
      body: { translations: { ru: ["министр"], de: ["Bundesminister"] } },
    });
    expect(await terminology(db, "de")).toMatchObject([
      { row: 2, message: "termMissing", params: { term: "министр", expected: "Bundesminister" } },
    ]);
    const id = String((minister.body.term as { id: number }).id);
    await callJson(sharedTermPatch, {
      method: "PATCH",
      headers: as.reviewer,
      params: { id },
      body: { translations: { ru: ["министр"], de: ["Innenminister"] } },
    });
    expect(await terminology(db, "de")).toEqual([]);
    await callJson(sharedTermPatch, {
      method: "PATCH",
      headers: as.reviewer,
      params: { id },
      body: { translations: { ru: ["министр"], de: ["Minister des Innern"] } },
    });
    expect(await terminology(db, "de")).toHaveLength(1);
    await callJson(sharedTermDelete, { method: "DELETE", headers: as.reviewer, params: { id } });
    expect(await terminology(db, "de")).toEqual([]);
  });
});
