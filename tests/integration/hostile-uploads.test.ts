// Every hostile file (tests/helpers/hostile-files.ts), and an upload that
// never ends, sent through every route that takes an uploaded file (found on
// disk: the route files that read one with readUpload). Each is refused with
// a 4xx before any progress stream, whose message names the file and what is
// wrong with it; no table changes; and a cheap read sent meanwhile is
// answered within READ_WAIT_LIMIT_MS (2 s), so one hostile upload cannot stall the server.
import { readFileSync } from "node:fs";
import { describe, expect } from "vitest";
import { MAX_IMPORT_BYTES, MAX_UPLOAD_BODY_BYTES } from "@/lib/limits";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, test } from "../helpers/fixtures";
import { endlessUpload, HOSTILE_FILES } from "../helpers/hostile-files";
import { callRoute, routeFiles, routeHandler, type RouteHandler } from "../helpers/routes";
import { READ_WAIT_LIMIT_MS, whileReading } from "../helpers/sweep";
import { tableCounts } from "../helpers/table-counts";

/** The document the language-import route adds languages to. */
const SLUG = "target";

const it = test.extend("appDb", { scope: "file", auto: true }, servingRoutes).extend("headers", { scope: "file" }, async ({ db }) => {
  const headers = await tokenHeaders(db, await addPerson(db, "uploader", "admin"));
  const body = new FormData();
  body.set("file", new File(["One.\n\nTwo.\n"], "target.txt"));
  for (const [key, value] of Object.entries({ slug: SLUG, title: "Target", language: "en" })) body.set(key, value);
  const created = await callRoute(await routeHandler("app/api/documents/import/route.ts", "POST"), { method: "POST", headers, body });
  expect(created.status).toBe(200);
  await created.text();
  return headers;
});

interface UploadRoute {
  route: string;
  handler: RouteHandler;
  params: Record<string, string>;
  /** The form's fields besides the file: a valid new document, or a new language of SLUG. */
  fields: Record<string, string>;
}

/** The routes that take a file: those whose source reads an upload. */
async function uploadRoutes(): Promise<UploadRoute[]> {
  const found: UploadRoute[] = [];
  for (const { file, route } of routeFiles()) {
    if (!readFileSync(file, "utf8").includes("readUpload(")) continue;
    // The document's English for a language's route, a new language of it for the document's, a new document otherwise.
    const params: Record<string, string> = {
      ...(route.includes("[slug]") && { slug: SLUG }),
      ...(route.includes("[code]") && { code: "en" }),
    };
    const fields: Record<string, string> = route.includes("[code]")
      ? {}
      : route.includes("[slug]")
        ? { language: "fr" }
        : { slug: "hostile", title: "Hostile", language: "en" };
    found.push({ route, handler: await routeHandler(file, "POST"), params, fields });
  }
  return found;
}

interface Answer {
  status: number;
  contentType: string | null;
  body: { error?: { code?: string; message?: string } };
}

const answerOf = async (response: Response): Promise<Answer> => {
  const text = await response.text();
  let body: Answer["body"] = {};
  try {
    body = JSON.parse(text) as Answer["body"];
  } catch {
    // A progress stream (ndjson) or anything else: judged by its status and content type.
  }
  return { status: response.status, contentType: response.headers.get("content-type"), body };
};

describe("hostile files through every upload route", () => {
  it("finds the routes that take a file", async () => {
    expect((await uploadRoutes()).map(({ route }) => route).sort()).toEqual([
      "/api/documents/[slug]/import",
      "/api/documents/[slug]/languages/[code]/update",
      "/api/documents/import",
    ]);
  });

  it(
    "refuses each hostile file with a 4xx naming the file and the fault, changes nothing, and keeps answering reads",
    { timeout: 300_000 },
    async ({ db, headers }) => {
      const before = await tableCounts(db);
      const failures: string[] = [];
      for (const { route, handler, params, fields } of await uploadRoutes()) {
        for (const { kind, fileName, bytes } of HOSTILE_FILES) {
          const body = new FormData();
          body.set("file", new File([bytes() as Uint8Array<ArrayBuffer>], fileName));
          for (const [key, value] of Object.entries(fields)) body.set(key, value);
          const { outcome: answer, slowest } = await whileReading(headers, async () =>
            answerOf(await callRoute(handler, { method: "POST", headers, body, params })),
          );
          const { status, contentType } = answer;
          const error = answer.body.error;
          const what = `${route} with ${fileName} (${kind})`;
          if (status < 400 || status >= 500) failures.push(`${what}: ${status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          else if (!contentType?.startsWith("application/json")) failures.push(`${what}: ${status} as ${contentType}, not a JSON refusal`);
          else if (!["bad_import", "limit_exceeded", "file_too_large"].includes(error?.code ?? "")) {
            failures.push(`${what}: ${status} ${error?.code}, not a refusal of the file`);
          } else if (!error?.message?.startsWith(`${fileName}: `) || error.message.length < fileName.length + 20) {
            failures.push(`${what}: the message does not name the file and the fault: ${error?.message}`);
          }
          if (slowest >= READ_WAIT_LIMIT_MS) failures.push(`${what}: a read waited ${Math.round(slowest)} ms`);
        }
      }
      expect(failures).toEqual([]);
      expect(await tableCounts(db)).toEqual(before);
    },
  );

  it(
    "stops reading an upload that passes 50 MB as it arrives, with 413, while reads are answered",
    { timeout: 120_000 },
    async ({ db, headers }) => {
      const before = await tableCounts(db);
      for (const { route, handler, params, fields } of await uploadRoutes()) {
        const { upload, call } = endlessUpload(headers, fields, params);
        const { outcome: answer, slowest } = await whileReading(headers, async () => answerOf(await call(handler)));
        expect(answer, route).toMatchObject({
          status: 413,
          contentType: expect.stringMatching(/^application\/json/),
          body: {
            error: { code: "file_too_large", message: expect.stringMatching(/^The upload is larger than 50\.1 MB \(at least \d+ bytes\)/) },
          },
        });
        expect(upload.pulled, route).toBeLessThanOrEqual(MAX_UPLOAD_BODY_BYTES + 2 * 1024 * 1024);
        expect(slowest, route).toBeLessThan(READ_WAIT_LIMIT_MS);

        // Declared too large: refused before a byte of the body is read.
        const declared = await callRoute(handler, {
          method: "POST",
          headers: { ...headers, "content-length": String(MAX_UPLOAD_BODY_BYTES + 1), "content-type": "multipart/form-data; boundary=x" },
          params,
        });
        expect(await answerOf(declared), route).toMatchObject({
          status: 413,
          body: { error: { code: "file_too_large", message: expect.stringContaining(`files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`) } },
        });
      }
      expect(await tableCounts(db)).toEqual(before);
    },
  );
});
