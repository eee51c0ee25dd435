// Removing a language and changing its tag from the workbench's column
// header (issue #13), and undoing both from the change log; in English and
// Russian.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTranslator, type Locale } from "@/lib/i18n";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext } from "../helpers/browser";

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

/** A language's column header, by its tag (the title names it with `lang`). */
const header = (page: Page, code: string) =>
  page.locator("[role=columnheader]").filter({ has: page.locator(`.column-title > span[lang="${code}"]`) });
const cells = (page: Page, code: string) => page.locator(`[data-row="1"] [data-lang="${code}"]`);

/**
 * A page whose every step gives up after 15 s: a step that hangs then fails
 * naming itself, before the test's 30 s end it without saying where (each
 * step takes well under a second).
 */
async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

describe.each<[Locale, string]>([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("removing a language and changing its tag (%s interface)", (locale, browserLocale) => {
  const t = getTranslator(locale);
  let admin: BrowserContext;

  beforeAll(async () => {
    admin = await personContext(browser, app, { handle: "ada", role: "admin", name: "Ada" }, browserLocale);
  });

  afterAll(async () => admin?.close());

  /** Opens the change log and undoes its latest entry, which must name `entry`. */
  async function undoFromChangeLog(page: Page, entry: string) {
    const log = page.locator("details.change-log");
    if ((await log.getAttribute("open")) === null) await log.locator("summary").click();
    const item = log.locator("li", { hasText: entry }).first();
    await item.waitFor();
    await item.getByRole("button", { name: t("changes.undo"), exact: true }).click();
  }

  it("removes English after a confirmation, sees it gone, and brings it back from the change log", async () => {
    const { slug } = await app.copySpeech();
    const page = await newPage(admin);
    await page.goto(`${app.base}/${locale}/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    const english = await cells(page, "en").locator(".cell-text").textContent();
    expect(english).toBeTruthy();

    // The original offers no removal; English does, after saying what goes and that it can be undone.
    await header(page, "ru")
      .getByRole("button", { name: t("columns.edit"), exact: true })
      .click();
    await expect(
      header(page, "ru")
        .getByRole("button", { name: t("columns.remove"), exact: true })
        .count(),
    ).resolves.toBe(0);
    await header(page, "en")
      .getByRole("button", { name: t("columns.edit"), exact: true })
      .click();
    await header(page, "en")
      .getByRole("button", { name: t("columns.remove"), exact: true })
      .click();
    const confirmation = header(page, "en").getByRole("group", { name: t("columns.remove"), exact: true });
    await expect(confirmation.textContent()).resolves.toContain(t("columns.removeConfirm", { language: "English", code: "en" }));
    await confirmation.getByRole("button", { name: t("columns.removeSubmit", { language: "English" }) }).click();

    await header(page, "en").waitFor({ state: "detached" });
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(cells(page, "en").count()).resolves.toBe(0);
    await expect(page.getByRole("group", { name: t("document.languages") }).textContent()).resolves.not.toContain("English");

    await undoFromChangeLog(page, t("changes.kind.language_remove", { label: "English", code: "en" }));
    await header(page, "en").waitFor();
    await expect(cells(page, "en").locator(".cell-text").textContent()).resolves.toBe(english);
    await page.close();
  });

  it("changes English's tag, and undoes that from the change log", async () => {
    const { slug } = await app.copySpeech();
    const page = await newPage(admin);
    await page.goto(`${app.base}/${locale}/documents/${slug}?langs=ru,en`);
    await page.locator("[role=grid][data-ready]").waitFor();

    await header(page, "en")
      .getByRole("button", { name: t("columns.edit"), exact: true })
      .click();
    await header(page, "en").getByLabel(t("columns.tag")).fill("en-GB");
    await header(page, "en")
      .getByRole("button", { name: t("columns.save"), exact: true })
      .click();
    await page.waitForURL(/langs=ru,en-GB/);
    await header(page, "en-GB").waitFor();
    await cells(page, "en-GB").waitFor();

    await undoFromChangeLog(page, t("changes.kind.language_rename", { label: "English", code: "en", newCode: "en-GB" }));
    // The URL names en-GB, which is en again: the workbench offers English as a column to show.
    await header(page, "en-GB").waitFor({ state: "detached" });
    await page
      .getByRole("group", { name: t("document.languages") })
      .getByRole("button", { name: "English", exact: true, pressed: false })
      .click();
    await cells(page, "en").waitFor();
    await page.close();
  });
});
