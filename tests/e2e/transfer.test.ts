import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { OFF_LOOP_BYTES } from "@/lib/formats";
import { buildZip, docxFiles, docxParagraph } from "../fixtures/formats/build-files";
import { type RunningApp, startApp } from "../helpers/app";
import { tallCsv } from "../helpers/hostile-files";
import { launchBrowser, personContext, screenshot } from "../helpers/browser";

// Importing, aligning and exporting from the browser, against the app as
// `wb start` runs it (the run's Postgres when DATABASE_URL is set). Each test
// imports a document of its own.
let app: RunningApp;
let browser: Browser;
let base: string;
let ana: BrowserContext;

const ru = splitParagraphs(await readFile("data/speech/ru.txt", "utf8"));
const en = splitParagraphs(await readFile("data/speech/en.txt", "utf8"));

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();
});

// Importing documents and adding languages is for admins.
beforeEach(async () => {
  ana = await personContext(browser, app, { handle: "ana", role: "admin" });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const file = (name: string, text: string | Uint8Array) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });

describe("import and export in the browser", () => {
  it("imports a document, adds a language aligned to it, exports and prints it", async () => {
    const page = await ana.newPage();
    await page.goto(`${base}/en`);
    await page.getByRole("link", { name: "Import a document from a file" }).click();
    // The fields follow the file chosen until the person types in one: choosing another file replaces the suggestion.
    await page.getByLabel("File", { exact: true }).setInputFiles(file("Draft.en.txt", "Draft."));
    expect(await page.getByLabel("Language code").inputValue()).toBe("en");
    await page.getByLabel("Title").fill("The Board Speech");
    await page.getByLabel("File", { exact: true }).setInputFiles(file("Board Speech.ru.txt", ru.join("\n\n")));
    expect(await page.getByLabel("Address (slug)").inputValue()).toBe("board-speech");
    expect(await page.getByLabel("Title").inputValue()).toBe("The Board Speech");
    expect(await page.getByLabel("Language code").inputValue()).toBe("ru");
    await page.getByRole("button", { name: "Import document" }).click();
    await expect.poll(() => page.locator(".transfer-result").textContent(), { timeout: 60_000 }).toContain("Imported ru: 60 rows.");
    await page.getByRole("link", { name: "Open the document" }).click();
    await page.locator("[role=grid][data-ready]").waitFor();
    // A filter naming a snapshot the document does not have shows every row and says why.
    await page.goto(`${base}/en/documents/board-speech?filter=changed&since=snapshot:999999`);
    await page.locator("[role=grid][data-ready]").waitFor();
    expect(await page.locator(".notice").first().textContent()).toMatch(/snapshot 999999/);

    // The English arrives with two paragraphs run together.
    const delivered = [...en.slice(0, 5), `${en[5]} ${en[6]}`, ...en.slice(7)];
    await page.goto(`${base}/en/documents/board-speech/transfer`);
    await page
      .getByRole("region", { name: "Add a language from a file" })
      .getByLabel("File", { exact: true })
      .setInputFiles(file("speech.en.txt", delivered.join("\n\n")));
    expect(await page.getByRole("region", { name: "Add a language from a file" }).getByLabel("Language code").inputValue()).toBe("en");
    await page.getByRole("button", { name: "Import and align" }).click();
    await expect.poll(() => page.locator(".transfer-result").textContent(), { timeout: 60_000 }).toContain("Imported en: 60 rows.");
    await screenshot(page, "transfer-imported");

    // The export form offers the language just imported.
    await page.getByRole("checkbox", { name: "English (en)" }).waitFor();
    await page.getByLabel("Format").selectOption("csv");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download" }).click()]);
    expect(download.suggestedFilename()).toBe("board-speech.csv");
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("ru,en,x-parallel-revision ru,x-parallel-revision en");
    expect(csv).toContain(en[0]!.slice(0, 40));

    const [print] = await Promise.all([ana.waitForEvent("page"), page.getByRole("link", { name: "Print view" }).click()]);
    await print.waitForLoadState();
    await expect.poll(() => print.locator(".print-table tbody tr").count()).toBe(60);
    expect(await print.locator(".print-table tbody tr").nth(5).locator("td[lang=en]").textContent()).toBe(`${en[5]} ${en[6]}`);
    expect(await print.locator(".print-table tbody tr").nth(6).locator("td[lang=en]").textContent()).toBe("");
    await screenshot(print, "transfer-print-view");
  }, 90_000);

  it("imports a Word document", async () => {
    const page = await ana.newPage();
    await page.goto(`${base}/en/import`);
    const docx = buildZip(
      docxFiles(
        ru
          .slice(0, 8)
          .map((text) => docxParagraph(`<w:t>${text}</w:t>`))
          .join(""),
      ),
    );
    await page
      .getByLabel("File", { exact: true })
      .setInputFiles({ name: "Speech.docx", mimeType: "application/octet-stream", buffer: Buffer.from(docx) });
    await page.getByRole("button", { name: "Import document" }).click();
    await expect.poll(() => page.locator(".transfer-result").textContent(), { timeout: 60_000 }).toContain("Imported ru: 8 rows.");
  }, 60_000);

  it("imports a file large enough to be read on a worker thread, and refuses a hostile one read there", async () => {
    const page = await ana.newPage();
    await page.goto(`${base}/en/import`);
    // The speech over and over, past the size from which files are read off the server's event loop (lib/formats/worker.ts).
    const copies = Math.ceil(OFF_LOOP_BYTES / Buffer.byteLength(ru.join("\n\n"))) + 1;
    const large = Array.from({ length: copies }, () => ru).flat();
    await page.getByLabel("File", { exact: true }).setInputFiles(file("Long speech.ru.txt", large.join("\n\n")));
    await page.getByRole("button", { name: "Import document" }).click();
    await expect
      .poll(() => page.locator(".transfer-result").textContent(), { timeout: 90_000 })
      .toContain(`Imported ru: ${large.length.toLocaleString("en")} rows.`);

    await page.goto(`${base}/en/import`);
    await page.getByLabel("File", { exact: true }).setInputFiles(file("tall.csv", tallCsv()));
    await page.getByRole("button", { name: "Import document" }).click();
    await expect.poll(() => page.locator(".transfer-error").textContent(), { timeout: 60_000 }).toMatch(/^tall\.csv: .*200000 rows/);
  }, 120_000);

  it("explains why a file cannot be imported", async () => {
    const page = await ana.newPage();
    await page.goto(`${base}/en/import`);
    await page
      .getByLabel("File", { exact: true })
      .setInputFiles(file("photo.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3, 0, 0])));
    await page.getByRole("button", { name: "Import document" }).click();
    await expect.poll(() => page.locator(".transfer-error").textContent()).toMatch(/binary/i);
    await screenshot(page, "transfer-bad-file");
  }, 60_000);
});
