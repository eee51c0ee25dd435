// The import, realign and export routes through their handlers: uploads as
// multipart forms, answers as progress streams or downloads.
import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { GET as exportRoute } from "@/app/api/documents/[slug]/export/route";
import { POST as importLanguageRoute } from "@/app/api/documents/[slug]/import/route";
import { POST as realignRoute } from "@/app/api/documents/[slug]/realign/route";
import { POST as importDocumentRoute } from "@/app/api/documents/import/route";
import type { ProgressLine } from "@/app/api/_lib/progress";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { getRows } from "@/lib/documents/rows";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, test } from "../helpers/fixtures";
import { callRoute, type RouteHandler } from "../helpers/routes";

const ru = splitParagraphs(readFileSync("data/speech/ru.txt", "utf8"));
const en = splitParagraphs(readFileSync("data/speech/en.txt", "utf8"));

type Headers = Record<string, string>;

const it = test
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("asAdmin", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "ada", "admin")))
  .extend("asTranslator", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "ana", "translator")));

const form = (file: { name: string; content: BlobPart }, fields: Record<string, string> = {}) => {
  const body = new FormData();
  body.set("file", new File([file.content], file.name));
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
};

/** POSTs a multipart upload to a route; `slug` for the routes under /api/documents/:slug. */
const upload = (handler: RouteHandler, headers: Headers | undefined, body: FormData, slug?: string) =>
  callRoute(handler, { method: "POST", headers, body, params: slug === undefined ? {} : { slug } });

async function lines(response: Response): Promise<ProgressLine[]> {
  expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
  return (await response.text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProgressLine);
}

describe("POST /api/documents/import", () => {
  it("streams progress, then the result, and the document is there", async ({ db, asAdmin }) => {
    const response = await upload(
      importDocumentRoute,
      asAdmin,
      form({ name: "speech.ru.txt", content: ru.join("\n\n") }, { slug: "speech", title: "Speech" }),
    );
    expect(response.status).toBe(200);
    const stream = await lines(response);
    expect(stream.at(-1)).toMatchObject({ type: "result", result: { slug: "speech", languages: ["ru"], rows: ru.length } });
    expect(stream.filter((line) => line.type === "progress").map((line) => (line as { stage: string }).stage)).toContain("writing");
    expect((await getRows(db, "speech", { languages: ["ru"], offset: 0, limit: 100 })).total).toBe(ru.length);
  });

  it("answers a bad file with an ordinary error before any stream", async ({ db, asAdmin }) => {
    const response = await upload(
      importDocumentRoute,
      asAdmin,
      form({ name: "broken.xlf", content: "<xliff version='1.2'><file><body>" }, { slug: "broken", title: "Broken" }),
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string; details?: { line: number; column: number } } };
    expect(body.error.message).toMatch(/line \d+, column \d+/);
    expect(await db.document.findUnique({ where: { slug: "broken" } })).toBeNull();
  });

  it("asks for a file, and for an admin: 401 anonymous and 403 for a translator, before reading the upload", async ({
    db,
    asAdmin,
    asTranslator,
  }) => {
    expect((await upload(importDocumentRoute, asAdmin, new FormData())).status).toBe(400);
    const file = () => form({ name: "mine.txt", content: "One.\n\nTwo." }, { slug: "not-allowed", title: "Not allowed" });
    expect((await upload(importDocumentRoute, undefined, file())).status).toBe(401);
    expect((await upload(importDocumentRoute, asTranslator, file())).status).toBe(403);
    expect(await db.document.findUnique({ where: { slug: "not-allowed" } })).toBeNull();
  });

  it("refuses a file over 50 MB without reading it", async ({ asAdmin }) => {
    const big = new Uint8Array(50 * 1024 * 1024 + 1).fill(0x61);
    const response = await upload(importDocumentRoute, asAdmin, form({ name: "big.txt", content: big }, { slug: "big", title: "Big" }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/50 MB/);
  });
});

const realign = (language: string, headers: Headers | undefined) =>
  callRoute(realignRoute, { method: "POST", headers, body: { language }, params: { slug: "speech" } });

describe("POST /api/documents/:slug/import and /realign", () => {
  it("adds a language aligned to the rows (as an admin), and realigns it (as a translator)", async ({ db, asAdmin, asTranslator }) => {
    const english = () => form({ name: "speech.en.txt", content: en.join("\n\n") });
    expect((await upload(importLanguageRoute, asTranslator, english(), "speech")).status).toBe(403);
    const response = await upload(importLanguageRoute, asAdmin, english(), "speech");
    const stream = await lines(response);
    expect(stream.at(-1)).toMatchObject({ type: "result", result: { languages: ["en"], rows: ru.length, createdRows: 0 } });
    // The aligner's progress, posted from its worker thread, reaches the stream.
    const aligning = stream.filter((line) => line.type === "progress" && (line as { stage: string }).stage === "aligning");
    expect(aligning.length).toBeGreaterThan(0);
    expect(aligning.at(-1)).toMatchObject({ done: expect.any(Number), total: expect.any(Number) });
    const rows = await getRows(db, "speech", { languages: ["en"], offset: 0, limit: 100 });
    expect(rows.rows.map((row) => row.cells.en!.text)).toEqual(en);

    expect((await realign("en", undefined)).status).toBe(401);
    const realigned = await lines(await realign("en", asTranslator));
    expect(realigned.at(-1)).toMatchObject({ type: "result", result: { fromRow: 1, changeId: null } });
  });

  it("reports a failure inside the stream with the status it would have had, and an unknown language before it", async ({
    asTranslator,
  }) => {
    const stream = await lines(await realign("ru", asTranslator));
    expect(stream.at(-1)).toMatchObject({ type: "error", status: 400, error: { code: "cannot_realign_original" } });
    const unknown = await realign("de", asTranslator);
    expect([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code]).toEqual([404, "language_not_found"]);
  });
});

const download = (slug: string, query: string, headers?: Headers) =>
  callRoute(exportRoute, { path: `/api/documents/${slug}/export?${query}`, headers, params: { slug } });

describe("GET /api/documents/:slug/export", () => {
  it("downloads a file named after the document, for anyone signed in (the document is not public)", async ({ asTranslator }) => {
    expect((await download("speech", "format=tmx")).status).toBe(401);
    const response = await download("speech", "format=xliff&source=ru&target=en", asTranslator);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/xliff/);
    expect(response.headers.get("content-disposition")).toContain('filename="speech.ru-en.xlf"');
    const body = await response.text();
    expect(body).toContain('srcLang="ru"');
    expect(body).toContain(en[0]!.slice(0, 30));
  });

  it("says what is wrong with the query", async ({ asTranslator }) => {
    const response = await download("speech", "format=pdf", asTranslator);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/format/);
    expect((await download("nowhere", "format=tmx", asTranslator)).status).toBe(404);
  });
});
