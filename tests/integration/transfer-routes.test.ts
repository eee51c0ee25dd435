// The import, realign and export routes through their handlers: uploads as
// multipart forms, answers as progress streams or downloads.
import { readFileSync } from "node:fs";
import { NextRequest } from "next/server";
import { describe, expect } from "vitest";
import { GET as exportRoute } from "@/app/api/documents/[slug]/export/route";
import { POST as importLanguageRoute } from "@/app/api/documents/[slug]/import/route";
import { POST as realignRoute } from "@/app/api/documents/[slug]/realign/route";
import { POST as importDocumentRoute } from "@/app/api/documents/import/route";
import type { ProgressLine } from "@/app/api/_lib/progress";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { getRows } from "@/lib/documents/rows";
import { servingRoutes, test } from "../helpers/fixtures";

const ru = splitParagraphs(readFileSync("data/speech/ru.txt", "utf8"));
const en = splitParagraphs(readFileSync("data/speech/en.txt", "utf8"));

const it = test.extend("appDb", { scope: "file", auto: true }, servingRoutes);

const headers = () => new Headers({ cookie: "wb_user=ana; wb_name=Ana" });

function upload(path: string, file: { name: string; content: BlobPart }, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("file", new File([file.content], file.name));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return new NextRequest(`http://localhost${path}`, { method: "POST", headers: headers(), body: form });
}

async function lines(response: Response): Promise<ProgressLine[]> {
  expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
  return (await response.text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ProgressLine);
}

const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe("POST /api/documents/import", () => {
  it("streams progress, then the result, and the document is there", async ({ db }) => {
    const response = await importDocumentRoute(
      upload("/api/documents/import", { name: "speech.ru.txt", content: ru.join("\n\n") }, { slug: "speech", title: "Speech" }),
      params(""),
    );
    expect(response.status).toBe(200);
    const stream = await lines(response);
    expect(stream.at(-1)).toMatchObject({ type: "result", result: { slug: "speech", languages: ["ru"], rows: ru.length } });
    expect(stream.filter((line) => line.type === "progress").map((line) => (line as { stage: string }).stage)).toContain("writing");
    expect((await getRows(db, "speech", { languages: ["ru"], offset: 0, limit: 100 })).total).toBe(ru.length);
  });

  it("answers a bad file with an ordinary error before any stream", async ({ db }) => {
    const response = await importDocumentRoute(
      upload(
        "/api/documents/import",
        { name: "broken.xlf", content: "<xliff version='1.2'><file><body>" },
        { slug: "broken", title: "Broken" },
      ),
      params(""),
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string; details?: { line: number; column: number } } };
    expect(body.error.message).toMatch(/line \d+, column \d+/);
    expect(await db.document.findUnique({ where: { slug: "broken" } })).toBeNull();
  });

  it("asks for a file and for who is importing", async () => {
    const noFile = new NextRequest("http://localhost/api/documents/import", { method: "POST", headers: headers(), body: new FormData() });
    expect((await importDocumentRoute(noFile, params(""))).status).toBe(400);
    const anonymous = new NextRequest("http://localhost/api/documents/import", { method: "POST", body: new FormData() });
    expect((await importDocumentRoute(anonymous, params(""))).status).toBe(401);
  });

  it("refuses a file over 50 MB without reading it", async () => {
    const big = new Uint8Array(50 * 1024 * 1024 + 1).fill(0x61);
    const response = await importDocumentRoute(
      upload("/api/documents/import", { name: "big.txt", content: big }, { slug: "big", title: "Big" }),
      params(""),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/50 MB/);
  });
});

describe("POST /api/documents/:slug/import and /realign", () => {
  it("adds a language aligned to the rows, and realigns it", async ({ db }) => {
    const response = await importLanguageRoute(
      upload("/api/documents/speech/import", { name: "speech.en.txt", content: en.join("\n\n") }),
      params("speech"),
    );
    const stream = await lines(response);
    expect(stream.at(-1)).toMatchObject({ type: "result", result: { languages: ["en"], rows: ru.length, createdRows: 0 } });
    const rows = await getRows(db, "speech", { languages: ["en"], offset: 0, limit: 100 });
    expect(rows.rows.map((row) => row.cells.en!.text)).toEqual(en);

    const realign = new NextRequest("http://localhost/api/documents/speech/realign", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ language: "en" }),
    });
    const realigned = await lines(await realignRoute(realign, params("speech")));
    expect(realigned.at(-1)).toMatchObject({ type: "result", result: { fromRow: 1, changeId: null } });
  });

  it("reports a failure inside the stream with the status it would have had", async () => {
    const realign = new NextRequest("http://localhost/api/documents/speech/realign", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ language: "ru" }),
    });
    const stream = await lines(await realignRoute(realign, params("speech")));
    expect(stream.at(-1)).toMatchObject({ type: "error", status: 400, error: { code: "cannot_realign_original" } });
  });
});

describe("GET /api/documents/:slug/export", () => {
  it("downloads a file named after the document", async () => {
    const response = await exportRoute(
      new NextRequest("http://localhost/api/documents/speech/export?format=xliff&source=ru&target=en"),
      params("speech"),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/xliff/);
    expect(response.headers.get("content-disposition")).toContain('filename="speech.ru-en.xlf"');
    const body = await response.text();
    expect(body).toContain('srcLang="ru"');
    expect(body).toContain(en[0]!.slice(0, 30));
  });

  it("says what is wrong with the query", async () => {
    const response = await exportRoute(new NextRequest("http://localhost/api/documents/speech/export?format=pdf"), params("speech"));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/format/);
    const missing = await exportRoute(new NextRequest("http://localhost/api/documents/nowhere/export?format=tmx"), params("nowhere"));
    expect(missing.status).toBe(404);
  });
});
