// Quality checks on the workbench's cells (issue #15): a wrong figure in a
// translation shows a "numbers" badge naming both figures, in English and
// Russian, and the "failing quality checks" filter shows that row alone;
// correcting the figure in the editor takes the badge away at once;
// no WCAG 2.1 AA violation in the row with the badge.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { getTranslator, type Locale } from "@/lib/i18n";
import { ensureSystemUser } from "@/lib/users";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext, WCAG_TAGS } from "../helpers/browser";

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

const cell = (page: Page, row: number, lang: string) => page.locator(`[data-row="${row}"] [data-lang="${lang}"]`);

async function showRow(page: Page, row: number, locale: Locale) {
  const jump = page.getByRole("spinbutton", { name: getTranslator(locale)("toolbar.jump") });
  await jump.fill(String(row));
  await jump.press("Enter");
  await page.locator(`[data-row="${row}"]`).waitFor();
}

describe.each<[Locale, string]>([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("quality checks in the workbench (%s interface)", (locale, browserLocale) => {
  const t = getTranslator(locale);
  let translator: BrowserContext;

  beforeAll(async () => {
    translator = await personContext(browser, app, { handle: "tanya", role: "translator", name: "Tanya" }, browserLocale);
  });

  afterAll(async () => translator?.close());

  it("badges a wrong figure on its cell and takes the badge away once it is corrected", async () => {
    const { slug } = await app.copySpeech();
    const document = await app.db.document.findUniqueOrThrow({ where: { slug } });
    const wrong = await app.db.cell.findFirstOrThrow({
      where: { segment: { documentId: document.id }, language: { code: "en" }, text: { contains: "26.9 percent" } },
    });
    const author = await ensureSystemUser(app.db);
    await saveCell(
      app.db,
      wrong.id,
      { text: wrong.text.replace("26.9 percent", "29.6 percent"), baseRevisionId: wrong.headRevisionId },
      { authorId: author.id },
    );

    const page = await translator.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await showRow(page, 31, locale);
    const badge = cell(page, 31, "en").locator('[data-check="numbers"]');
    await expect(badge.textContent()).resolves.toBe(
      `${t("checks.kinds.numbers")}: ${t("checks.messages.numbersDiffer", { original: "26.9", translation: "29.6" })}`,
    );
    await expect(badge.getAttribute("title")).resolves.toBe(t("checks.messages.numbersDiffer", { original: "26.9", translation: "29.6" }));
    await expect(page.locator("[data-check]").count()).resolves.toBe(1);
    // The row with the badge (the whole screen is the accessibility test's).
    const { violations } = await new AxeBuilder({ page }).include('[data-row="31"]').withTags(WCAG_TAGS).analyze();
    expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join("; ")}`)).toEqual(
      [],
    );

    // Filtered to the rows failing a check: this one alone.
    await page.getByRole("combobox", { name: t("toolbar.filter"), exact: true }).selectOption({ label: t("filters.checks") });
    await page.waitForURL(/filter=checks/);
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(page.locator(".row-summary").textContent()).resolves.toBe(t("toolbar.filtered", { shown: "1", total: "60" }));
    await expect(page.locator("[data-row]").evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.row))).resolves.toEqual([
      "31",
    ]);

    await cell(page, 31, "en").click();
    const editor = page.getByRole("textbox", { name: t("editor.textLabel") });
    await editor.fill(wrong.text);
    await editor.press("Control+Enter");
    await editor.waitFor({ state: "detached" });
    await expect(cell(page, 31, "en").locator("[data-check]").count()).resolves.toBe(0);
    await page.close();
  }, 90_000);
});
