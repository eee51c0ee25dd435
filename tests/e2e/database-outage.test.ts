import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext } from "../helpers/browser";

// The database going away, as the browser sees it: the API answers 503
// database_unavailable (tests/integration/database-outage.test.ts shows the
// server does so). Here the answers are made by the browser's request
// interception, so the app's own database stays up and nothing else waits.
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openDocument(context: BrowserContext, slug: string, locale: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${app.base}/${locale}/documents/${slug}`);
  await page.locator("[role=grid][data-ready]").waitFor();
  return page;
}

const unavailable = (route: Route) =>
  route.fulfill({
    status: 503,
    headers: { "retry-after": "5" },
    contentType: "application/json",
    body: JSON.stringify({
      error: { code: "database_unavailable", message: "The database cannot be reached right now; try again shortly" },
    }),
  });

describe("while the database cannot be reached", () => {
  for (const [locale, banner] of [
    ["en", "The database cannot be reached; your unsaved text is kept on this device and will be saved when it returns"],
    ["ru", "База данных недоступна; несохранённый текст хранится на этом устройстве и будет сохранён, когда она вернётся"],
  ] as const) {
    it(`says so in a banner (${locale}), keeps the unsaved text as a draft, and saves it when the database returns`, async () => {
      const context = await personContext(browser, app, { handle: `outage-${locale}`, role: "translator" });
      const { slug } = await app.copySpeech();
      const page = await openDocument(context, slug, locale);

      await page.route("**/api/**", unavailable);
      const cell = page.locator('[data-row="2"] [data-lang="en"]');
      await cell.click();
      const editor = page.locator(".cell-editor textarea");
      await editor.fill("Typed while the database was away.");
      await editor.press("Control+Enter");
      await page.getByRole("alert").filter({ hasText: banner }).waitFor();
      // Kept on this device: the editor stays open with the text, and the draft survives in localStorage.
      expect(await editor.inputValue()).toBe("Typed while the database was away.");
      const drafts = await page.evaluate(() =>
        Object.keys(localStorage)
          .filter((key) => key.startsWith("parallel:draft:"))
          .map((key) => JSON.parse(localStorage.getItem(key)!).text as string),
      );
      expect(drafts).toEqual(["Typed while the database was away."]);

      // The database returns: the next answer (the presence poll) says so, the save goes out by itself.
      await page.unroute("**/api/**", unavailable);
      await editor.waitFor({ state: "detached", timeout: 20_000 });
      await page.getByRole("alert").filter({ hasText: banner }).waitFor({ state: "detached" });
      await expect.poll(() => cell.locator(".cell-text").textContent()).toBe("Typed while the database was away.");
      expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("parallel:draft:")))).toEqual([]);
    });
  }
});
