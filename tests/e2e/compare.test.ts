// Comparing two versions of one language in the workbench (issue #14): a
// second English version made as a copy of the Kremlin's, two paragraphs
// edited, compared word by word with the Kremlin column, filtered to the rows
// that differ, exported as CSV and as a print view; in English and Russian.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTranslator, type Locale } from "@/lib/i18n";
import { type RunningApp, startApp } from "../helpers/app";
import { expectNoAxeViolations, launchBrowser, personContext } from "../helpers/browser";

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

/** Every row's number and whether it is marked as differing, read by scrolling through the virtualized list. */
async function markedRows(page: Page): Promise<{ rows: number; marked: number[] }> {
  return page.evaluate(async () => {
    const seen = new Map<number, boolean>();
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    for (let top = 0; ; top += window.innerHeight / 2) {
      window.scrollTo(0, top);
      await frame();
      await new Promise((resolve) => setTimeout(resolve, 30));
      for (const row of document.querySelectorAll<HTMLElement>("[data-row]")) {
        seen.set(Number(row.dataset.row), row.querySelector(".row-differs, ins, del") !== null);
      }
      if (top > document.documentElement.scrollHeight) break;
    }
    window.scrollTo(0, 0);
    return {
      rows: seen.size,
      marked: [...seen.entries()]
        .filter(([, marked]) => marked)
        .map(([number]) => number)
        .sort((a, b) => a - b),
    };
  });
}

describe.each<[Locale, string]>([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("comparing versions of a language (%s interface)", (locale, browserLocale) => {
  const t = getTranslator(locale);
  let admin: BrowserContext;

  beforeAll(async () => {
    admin = await personContext(browser, app, { handle: "ada", role: "admin", name: "Ada" }, browserLocale);
  });

  afterAll(async () => admin?.close());

  it("adds a copy of the Kremlin text, marks exactly the two edited rows, filters to them and exports them", async () => {
    const { slug } = await app.copySpeech();
    const page = await admin.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}?langs=en`);
    await page.locator("[role=grid][data-ready]").waitFor();

    // A second English version, started as a copy of the Kremlin's English.
    await page.getByRole("button", { name: t("columns.add") }).click();
    await page.getByLabel(t("columns.code"), { exact: true }).fill("en-revised");
    await page.getByLabel(t("columns.label"), { exact: true }).fill("English — revised");
    await page.getByLabel(t("columns.provenance"), { exact: true }).fill("Our revision of the Kremlin transcript");
    await page.getByLabel(t("compare.startFrom")).selectOption({ label: t("compare.copyOf", { language: "English" }) });
    await page.getByRole("button", { name: t("columns.addSubmit"), exact: true }).click();
    await page.waitForURL(/langs=en,en-revised/);
    await page.locator("[role=columnheader]", { hasText: "English — revised" }).waitFor();
    await expect(cell(page, 3, "en-revised").locator(".cell-text").textContent()).resolves.toBe(
      await cell(page, 3, "en").locator(".cell-text").textContent(),
    );

    // Two paragraphs edited.
    const edit = async (row: number, from: string, to: string) => {
      await cell(page, row, "en-revised").click();
      const editor = page.getByRole("textbox", { name: t("editor.textLabel") });
      await editor.fill(((await editor.inputValue()) as string).replace(from, to));
      await page.getByRole("button", { name: t("editor.save"), exact: true }).click();
      await editor.waitFor({ state: "detached" });
      await expect(cell(page, row, "en-revised").locator(".cell-text").textContent()).resolves.toContain(to);
    };
    await edit(3, "attended", "attends");
    await edit(6, "comrades", "colleagues");

    // Compared with the Kremlin column: exactly those rows are marked, with the right words.
    await page.getByLabel(t("compare.against")).selectOption({ label: "English" });
    await page.waitForURL(/diffAgainst=en(&|$)/);
    await expect(page.locator(".compare-summary").textContent()).resolves.toContain(`2 ${locale === "en" ? "of" : "из"} 60`);
    await expect(cell(page, 3, "en-revised").locator("del").textContent()).resolves.toBe(`${t("diff.deleted")}attended`);
    await expect(cell(page, 3, "en-revised").locator("ins").textContent()).resolves.toBe(`${t("diff.inserted")}attends`);
    await expect(cell(page, 6, "en-revised").locator("ins").textContent()).resolves.toBe(`${t("diff.inserted")}colleagues`);
    await expect(cell(page, 2, "en-revised").locator("ins, del").count()).resolves.toBe(0);
    await expect(page.locator('[data-row="3"] .row-difference').textContent()).resolves.toMatch(/7[.,]7\s?%/);
    expect(await markedRows(page)).toEqual({ rows: 60, marked: [3, 6] });
    await expectNoAxeViolations(page, `the workbench comparing versions (${locale})`);

    // Editing still works while comparing, and the diff follows the typing.
    await cell(page, 6, "en-revised").click();
    const editor = page.getByRole("textbox", { name: t("editor.textLabel") });
    await editor.fill(((await editor.inputValue()) as string).replace("colleagues", "friends"));
    await expect(page.locator(".cell-editing ins").first().textContent()).resolves.toBe(`${t("diff.inserted")}friends`);
    await page.getByRole("button", { name: t("editor.save"), exact: true }).click();
    await editor.waitFor({ state: "detached" });
    await expect(cell(page, 6, "en-revised").locator("ins").textContent()).resolves.toBe(`${t("diff.inserted")}friends`);

    // Filtered to the rows that differ.
    await page.getByRole("combobox", { name: t("toolbar.filter"), exact: true }).selectOption({ label: t("filters.differs") });
    await page.waitForURL(/filter=differs/);
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(page.locator(".row-summary").textContent()).resolves.toBe(t("toolbar.filtered", { shown: 2, total: 60 }));
    expect(await markedRows(page)).toEqual({ rows: 2, marked: [3, 6] });

    // Ordered by difference: row 6 changed 2 words of 16, row 3 2 of 26.
    await page.getByRole("combobox", { name: t("compare.order"), exact: true }).selectOption({ label: t("compare.byDifference") });
    await page.waitForURL(/order=difference/);
    await expect
      .poll(() => page.locator("[role=grid] [data-row]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-row"))))
      .toEqual(["6", "3"]);

    // Exported: the CSV with the scores, and the print view, both of the rows the filter shows.
    const csvHref = await page.getByRole("link", { name: t("compare.exportCsv") }).getAttribute("href");
    const csv = await (await admin.request.get(`${app.base}${csvHref}`)).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("row,en,en-revised,en-revised marked,en-revised difference,difference");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["3", "6"]);
    expect(lines[1]).toContain("[-attended-]{+attends+}");
    expect(lines[2]).toContain("[-comrades-]{+friends+}");
    expect(lines[1]!.split(",").at(-1)).toBe("0.0769");

    await page.getByRole("link", { name: t("compare.print") }).click();
    await page.locator(".print-table").waitFor();
    await expect(
      page.locator(".print-table tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-row"))),
    ).resolves.toEqual(["3", "6"]);
    await expect(page.locator('.print-table [data-row="3"] del').textContent()).resolves.toBe(`${t("diff.deleted")}attended`);
    await expect(page.locator('.print-table [data-row="3"] ins').textContent()).resolves.toBe(`${t("diff.inserted")}attends`);
    await expect(page.locator(".print-table thead").textContent()).resolves.toContain("English — revised");
    await expect(page.getByRole("button", { name: t("transfer.print.print") }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page, `the comparison's print view (${locale})`);

    // Turned off without leaving the page: plain text again, and the URL says so.
    await page.goBack();
    await page.locator("[role=grid][data-ready]").waitFor();
    await page.getByLabel(t("compare.against")).selectOption({ label: t("compare.off") });
    await page.waitForURL((url) => !url.searchParams.has("diffAgainst") && !url.searchParams.has("filter"));
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(cell(page, 3, "en-revised").locator(".cell-text").textContent()).resolves.toContain("attends");
    await expect(page.locator("ins, del").count()).resolves.toBe(0);
    await page.close();
    // A long walk through the app (about 12 s alone); the machine may be shared.
  }, 120_000);
});
