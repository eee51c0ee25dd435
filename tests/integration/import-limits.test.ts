// The import routes refuse a file that breaks a limit with an ordinary 4xx
// answer before any progress stream starts, and change nothing.
import { describe, expect } from "vitest";
import { POST as importLanguageRoute } from "@/app/api/documents/[slug]/import/route";
import { POST as importDocumentRoute } from "@/app/api/documents/import/route";
import type { Db } from "@/lib/db/client";
import { addLanguage } from "@/lib/documents/languages";
import { MAX_CELL_LENGTH, MAX_IMPORT_BYTES, MAX_LANGUAGES_PER_DOCUMENT, MAX_UPLOAD_BODY_BYTES } from "@/lib/limits";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, test } from "../helpers/fixtures";
import { endlessUpload } from "../helpers/hostile-files";
import { callRoute } from "../helpers/routes";

const it = test
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("asAdmin", { scope: "file" }, async ({ db }) => tokenHeaders(db, await addPerson(db, "ada", "admin")));

const form = (name: string, content: string, fields: Record<string, string> = {}) => {
  const body = new FormData();
  body.set("file", new File([content], name));
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
};

async function counts(db: Db) {
  return {
    documents: await db.document.count(),
    languages: await db.documentLanguage.count(),
    segments: await db.segment.count(),
    cells: await db.cell.count(),
    revisions: await db.revision.count(),
  };
}

type Refusal = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** A refusal is plain JSON, never the ndjson of a progress stream. */
async function refusalOf(response: Response): Promise<Refusal> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()) as Refusal;
}

const longParagraph = `A short first paragraph.\n\n${"x".repeat(25_000)}\n`;

describe("import limits, through the routes", () => {
  it("refuses a 25,000-character paragraph for a new document with 422 before any stream, changing nothing", async ({ db, asAdmin }) => {
    const before = await counts(db);
    const response = await callRoute(importDocumentRoute, {
      method: "POST",
      headers: asAdmin,
      body: form("long.txt", longParagraph, { slug: "long", title: "Long", language: "en" }),
    });
    expect(response.status).toBe(422);
    const { error } = await refusalOf(response);
    expect(error).toMatchObject({
      code: "limit_exceeded",
      details: { limit: "cell_characters", max: MAX_CELL_LENGTH, paragraph: 2, line: 3 },
    });
    expect(error.message).toBe(
      `long.txt: Paragraph 2 (line 3) has 25000 characters; a cell holds at most ${MAX_CELL_LENGTH}: split it into shorter paragraphs`,
    );
    expect(await counts(db)).toEqual(before);
  });

  it("refuses it as a new language of a document too", async ({ db, asAdmin }) => {
    const created = await callRoute(importDocumentRoute, {
      method: "POST",
      headers: asAdmin,
      body: form("short.txt", "One.\n\nTwo.\n", { slug: "short", title: "Short", language: "en" }),
    });
    expect(created.status).toBe(200);
    await created.text();
    const before = await counts(db);
    const response = await callRoute(importLanguageRoute, {
      method: "POST",
      headers: asAdmin,
      body: form("long.ru.txt", longParagraph, { language: "ru" }),
      params: { slug: "short" },
    });
    expect(response.status).toBe(422);
    expect((await refusalOf(response)).error).toMatchObject({ code: "limit_exceeded", details: { limit: "cell_characters", line: 3 } });
    expect(await counts(db)).toEqual(before);
  });

  it("stops reading a chunked upload with 413 as soon as it passes the limit, changing nothing", async ({ db, asAdmin }) => {
    const before = await counts(db);
    for (const [handler, slug] of [
      [importDocumentRoute, undefined],
      [importLanguageRoute, "short"],
    ] as const) {
      const { upload, call } = endlessUpload(asAdmin, { slug: "endless", title: "Endless" }, slug === undefined ? {} : { slug });
      const response = await call(handler);
      expect(response.status).toBe(413);
      const { error } = await refusalOf(response);
      expect(error).toMatchObject({ code: "file_too_large", details: { limit: "import_bytes", max: MAX_IMPORT_BYTES } });
      expect(error.message).toMatch(
        /^The upload is larger than 50\.1 MB \(at least \d+ bytes\) and was not read further; files up to 50 MB can be imported$/,
      );
      // Read up to the limit and at most the chunk that passed it (and one the stream had queued), never the rest.
      expect(upload.pulled).toBeLessThanOrEqual(MAX_UPLOAD_BODY_BYTES + 2 * 1024 * 1024);
    }
    expect(await counts(db)).toEqual(before);
  });

  it("refuses a language past the limit of a document, from a file or added empty, changing nothing", async ({ db, asAdmin }) => {
    const codes = Array.from({ length: MAX_LANGUAGES_PER_DOCUMENT }, (_, index) => `en-v${1000 + index}`);
    const created = await callRoute(importDocumentRoute, {
      method: "POST",
      headers: asAdmin,
      body: form("full.csv", `${codes.join(",")}\n${codes.map(() => "text").join(",")}\n`, { slug: "full", title: "Full" }),
    });
    expect(created.status).toBe(200);
    await created.text();
    expect(await db.documentLanguage.count({ where: { document: { slug: "full" } } })).toBe(MAX_LANGUAGES_PER_DOCUMENT);
    const before = await counts(db);
    const response = await callRoute(importLanguageRoute, {
      method: "POST",
      headers: asAdmin,
      body: form("more.txt", "Text.\n", { language: "fr" }),
      params: { slug: "full" },
    });
    expect(response.status).toBe(422);
    const { error } = await refusalOf(response);
    expect(error).toMatchObject({
      code: "limit_exceeded",
      details: { limit: "languages_per_document", max: MAX_LANGUAGES_PER_DOCUMENT, found: MAX_LANGUAGES_PER_DOCUMENT + 1 },
    });
    expect(error.message).toBe(
      `With fr, document "full" would have ${MAX_LANGUAGES_PER_DOCUMENT + 1} languages; a document holds at most ${MAX_LANGUAGES_PER_DOCUMENT}`,
    );
    await expect(addLanguage(db, "full", { code: "fr", label: "French" })).rejects.toMatchObject({
      code: "limit_exceeded",
      status: 422,
      details: { limit: "languages_per_document" },
    });
    expect(await counts(db)).toEqual(before);
  });
});
