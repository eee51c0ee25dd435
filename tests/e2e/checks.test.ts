// Quality checks on the workbench's cells (issue #15): a wrong figure in a
// translation shows a "numbers" badge naming both figures, in English and
// Russian, and the "failing quality checks" filter shows that row alone;
// correcting the figure in the editor takes the badge away at once;
// no WCAG 2.1 AA violation in the row with the badge. A translator dismisses
// a check with a reason (the badge then says who dismissed it, after a
// reload too, and the header's counts drop); the review screen shows the
// failing check beside the diff and approving it asks for confirmation.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { createDocument } from "@/lib/documents/create-document";
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
    const badge = cell(page, 31, "en").locator('[data-check="numbers"] summary');
    await expect(badge.textContent()).resolves.toBe(
      `${t("checks.kinds.numbers")}: ${t("checks.messages.numbersDiffer", { original: "26.9", translation: "29.6" })}`,
    );
    await expect(badge.getAttribute("title")).resolves.toBe(t("checks.messages.numbersDiffer", { original: "26.9", translation: "29.6" }));
    await expect(page.locator("[data-check]").count()).resolves.toBe(1);
    await expect(page.locator(".check-counts").textContent()).resolves.toBe(
      t("checks.ui.counts", {
        errors: t("checks.ui.errors", { count: 1 }),
        warnings: t("checks.ui.warnings", { count: 0 }),
        infos: t("checks.ui.infos", { count: 0 }),
      }),
    );
    // The row with the badge (the whole screen is the accessibility test's).
    const { violations } = await new AxeBuilder({ page }).include('[data-row="31"]').withTags(WCAG_TAGS).analyze();
    expect(violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join("; ")}`)).toEqual(
      [],
    );

    // Filtered to the rows failing a check: this one alone.
    await page.getByRole("combobox", { name: t("toolbar.filter"), exact: true }).selectOption({ label: t("filters.checks") });
    await page.waitForURL(/filter=checks/);
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(page.locator(".row-summary").textContent()).resolves.toBe(t("toolbar.filtered", { shown: 1, total: 60 }));
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

  it("after a shift of a long document, marks the moved cells' checks as being brought up to date, then shows them", async () => {
    // 600 rows: the shift moves more cells than a page waits to re-check (500).
    const slug = `long-${locale}-${Date.now()}`;
    const author = await ensureSystemUser(app.db);
    await createDocument(
      app.db,
      {
        slug,
        title: slug,
        languages: [
          {
            code: "ru",
            label: "Русский",
            isOriginal: true,
            provenance: "",
            paragraphs: Array.from({ length: 600 }, (_, at) => `Строка номер ${at + 1} говорит о своём.`),
          },
          {
            code: "en",
            label: "English",
            isOriginal: false,
            provenance: "",
            paragraphs: Array.from({ length: 600 }, (_, at) => `Line number ${at + 1} speaks of its own.`),
          },
        ],
      },
      { authorId: author.id },
    );
    const page = await translator.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await cell(page, 1, "en").click();
    await page.getByRole("button", { name: t("editor.shiftDown") }).click();
    // Row 2 now holds "Line number 1" beside "Строка номер 2": its checks are being brought up to date.
    const behind = cell(page, 2, "en").locator(".badge-checks-behind");
    await behind.waitFor({ timeout: 20_000 });
    await expect(behind.textContent()).resolves.toBe(t("document.checksBehind"));
    await expect(behind.getAttribute("title")).resolves.toBe(t("document.checksBehindHint"));
    // The page loads itself again once they are: the mark goes, and the figures that no longer agree are shown.
    await behind.waitFor({ state: "detached", timeout: 30_000 });
    await cell(page, 2, "en").locator('[data-check="numbers"]').waitFor();
    await page.close();
  }, 90_000);

  /** A copy of the speech whose row 31 in English has a wrong figure (saved by the system user): its slug and the cell. */
  async function withWrongFigure() {
    const { slug } = await app.copySpeech();
    const document = await app.db.document.findUniqueOrThrow({ where: { slug } });
    const found = await app.db.cell.findFirstOrThrow({
      where: { segment: { documentId: document.id }, language: { code: "en" }, text: { contains: "26.9 percent" } },
    });
    const author = await ensureSystemUser(app.db);
    const saved = await saveCell(
      app.db,
      found.id,
      { text: found.text.replace("26.9 percent", "29.6 percent"), baseRevisionId: found.headRevisionId },
      { authorId: author.id },
    );
    return { slug, cellId: found.id, revisionId: saved.cell.headRevisionId };
  }

  it("dismisses a check with a reason: the badge then names who dismissed it, after a reload too", async () => {
    const { slug, cellId, revisionId } = await withWrongFigure();
    const page = await translator.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await showRow(page, 31, locale);
    const check = cell(page, 31, "en").locator('[data-check="numbers"]');
    await check.locator("summary").click();
    // Opening the badge does not start editing the cell.
    await expect(page.getByRole("textbox", { name: t("editor.textLabel") }).count()).resolves.toBe(0);
    await check.getByRole("textbox", { name: t("checks.ui.reason") }).fill("The minister's slide said 29.6");
    await check.getByRole("button", { name: t("checks.ui.dismiss") }).click();
    const dismissed = cell(page, 31, "en").locator('[data-check="numbers"][data-dismissed="true"]');
    await dismissed.waitFor();
    await expect(dismissed.locator("summary").textContent()).resolves.toContain(
      t("checks.ui.dismissedKind", { kind: t("checks.kinds.numbers") }),
    );
    const stored = await app.db.checkDismissal.findFirstOrThrow({ where: { cellId } });
    expect(stored).toMatchObject({ kind: "numbers", revisionId, reason: "The minister's slide said 29.6" });

    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(page.locator(".check-counts").textContent()).resolves.toBe(t("checks.ui.noneFailing"));
    await showRow(page, 31, locale);
    const again = cell(page, 31, "en").locator('[data-check="numbers"][data-dismissed="true"]');
    await again.locator("summary").click();
    await expect(again.locator(".check-dismissal").textContent()).resolves.toContain("Tanya");
    await expect(again.locator(".check-dismissal").textContent()).resolves.toContain("The minister's slide said 29.6");
    await page.close();
  }, 90_000);

  it("shows the failing check beside the diff in review, and approving it asks first", async () => {
    const { slug, cellId } = await withWrongFigure();
    const reviewer = await personContext(browser, app, { handle: "rita", role: "reviewer", name: "Rita" }, browserLocale);
    try {
      const page = await reviewer.newPage();
      await page.goto(`${app.base}/${locale}/documents/${slug}/review?lang=en`);
      const item = page.locator(`.review-item[data-cell="${cellId}"]`);
      await item.waitFor();
      await expect(item.locator('.review-checks [data-check="numbers"]').textContent()).resolves.toContain(
        t("checks.messages.numbersDiffer", { original: "26.9", translation: "29.6" }),
      );
      await expect(item.locator("[data-check-count]").textContent()).resolves.toBe(t("checks.ui.failingCount", { count: 1 }));
      await item.getByRole("button", { name: t("review.queue.approve"), exact: true }).click();
      const dialog = page.getByRole("alertdialog", { name: t("checks.ui.confirmTitle", { count: 1 }) });
      await dialog.waitFor();
      // Nothing decided until confirmed.
      expect((await app.db.cell.findUniqueOrThrow({ where: { id: cellId } })).status).not.toBe("approved");
      await dialog.getByRole("button", { name: t("checks.ui.approveAnyway") }).click();
      await page.locator(".review-done").waitFor();
      expect((await app.db.cell.findUniqueOrThrow({ where: { id: cellId } })).status).toBe("approved");
      await page.close();
    } finally {
      await reviewer.close();
    }
  }, 90_000);
});
