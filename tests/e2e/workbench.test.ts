import { mkdtemp } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSpeech, SPEECH_SLUG } from "@/lib/documents/speech";
import { launchChromium, screenshotDir } from "../helpers/browser";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { environment, startScript, stop, waitForLine } from "../helpers/processes";

// The app as a newcomer starts it (`wb dev`): against the run's Postgres when
// DATABASE_URL is set, otherwise against a fresh embedded data directory.
let app: ChildProcess;
let database: TestDatabase | undefined;
let browser: BrowserContext;
let base: string;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://localhost:${port}`;
  database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
  const env = environment({
    DATABASE_URL: database?.url,
    PARALLEL_DATA_DIR: await mkdtemp(path.join(tmpdir(), "parallel-e2e-")),
    NEXT_DIST_DIR: ".next-test",
  });
  app = startScript("lib/cli/main.ts", ["dev", "--port", String(port)], env);
  await waitForLine(app, /Ready in/);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await stop(app, "SIGINT")).toBe(0);
  await database?.drop();
});

describe("the parallel view of the speech", () => {
  it("sends / to the reader's interface language", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe("/en");
    await expect(page.getByRole("heading", { name: "Documents" }).isVisible()).resolves.toBe(true);

    const response = await fetch(`${base}/`, { redirect: "manual", headers: { "accept-language": "ru-RU,ru;q=0.9" } });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location")!, base).pathname).toBe("/ru");
    await page.close();
  }, 120_000);

  it("shows all 60 paragraphs in Russian and English, row by row", async () => {
    const speech = await readSpeech();
    const page = await browser.newPage();
    await page.goto(`${base}/en`);
    await page.getByRole("link", { name: /Расширенное заседание коллегии МВД России/ }).click();
    await page.waitForURL(`**/en/documents/${SPEECH_SLUG}`);

    const rows = page.locator("[data-row]");
    await expect(rows.count()).resolves.toBe(60);
    const table = await rows.evaluateAll((elements) =>
      elements.map((row) => ({
        number: row.querySelector('[role="rowheader"]')!.textContent,
        ru: row.querySelector('[data-lang="ru"] .cell-text')!.textContent,
        en: row.querySelector('[data-lang="en"] .cell-text')!.textContent,
      })),
    );
    expect(table.map((row) => row.number)).toEqual(Array.from({ length: 60 }, (_, index) => String(index + 1)));
    expect(table.map((row) => row.ru)).toEqual(speech.languages[0]!.paragraphs);
    expect(table.map((row) => row.en)).toEqual(speech.languages[1]!.paragraphs);

    const headers = page.getByRole("columnheader");
    await expect(headers.nth(1).textContent()).resolves.toMatch(/Русский\s*Original\s*60 of 60 filled/);
    await expect(headers.nth(2).textContent()).resolves.toMatch(/English.*kremlin\.ru/);
    await page.screenshot({ path: path.join(screenshotDir, "document-1280.png") });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(screenshotDir, "document-390.png") });
    await page.close();
  }, 120_000);

  it("switches the interface to Russian and keeps the view", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/en/documents/${SPEECH_SLUG}?langs=en,ru`);
    await page.getByRole("navigation", { name: "Interface language" }).getByRole("link", { name: "Русский" }).click();
    await page.waitForURL(`**/ru/documents/${SPEECH_SLUG}?langs=en,ru`);
    await expect(page.getByRole("link", { name: "← Все документы" }).isVisible()).resolves.toBe(true);
    const headers = page.getByRole("columnheader");
    await expect(headers.nth(1).textContent()).resolves.toMatch(/^English/);
    await expect(headers.nth(2).textContent()).resolves.toMatch(/Русский\s*Оригинал\s*заполнено 60 из 60/);
    await expect(page.locator("[data-row]").count()).resolves.toBe(60);
    await page.screenshot({ path: path.join(screenshotDir, "document-ru-interface.png") });
    await page.close();
  }, 120_000);

  it("hides and shows a language column", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/en/documents/${SPEECH_SLUG}`);
    await page.getByRole("navigation", { name: "Languages" }).getByRole("link", { name: "English" }).click();
    await page.waitForURL(`**/en/documents/${SPEECH_SLUG}?langs=ru`);
    await expect(page.locator('[data-row="1"] [role="cell"]').count()).resolves.toBe(1);
    await expect(page.locator('[data-row="1"] [data-lang="ru"]').isVisible()).resolves.toBe(true);
    await page.close();
  }, 120_000);

  it("answers 404 for an unknown document", async () => {
    const response = await fetch(`${base}/en/documents/no-such-document`);
    expect(response.status).toBe(404);
  }, 120_000);
});
