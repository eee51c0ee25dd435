import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext, screenshot, waitForCellFocus } from "../helpers/browser";

// The app as `wb start` runs it: against the run's Postgres when DATABASE_URL
// is set, otherwise against a fresh embedded data directory. A test that
// changes a document works on its own copy of the speech.
let app: RunningApp;
let browser: Browser;
let base: string;
let ana: BrowserContext;

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();
});

// A context of her own in each test: nothing a test leaves in the browser (a diff view chosen, say) reaches another.
beforeEach(async () => {
  ana = await personContext(browser, app, { handle: "ana", role: "translator" });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openDocument(context: BrowserContext, slug: string, locale = "en"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/${locale}/documents/${slug}`);
  await page.locator("[role=grid][data-ready]").waitFor();
  return page;
}

const cell = (page: Page, row: number, lang: string) => page.locator(`[data-row="${row}"] [data-lang="${lang}"]`);

/** Rows are virtualized: bring one into view the way a person would, with "Go to row". */
async function showRow(page: Page, row: number) {
  const jump = page.getByRole("spinbutton", { name: "Go to row" });
  await jump.fill(String(row));
  await jump.press("Enter");
  await page.locator(`[data-row="${row}"]`).waitFor();
}

async function cellText(page: Page, row: number, lang: string) {
  await showRow(page, row);
  return (await cell(page, row, lang).locator(".cell-text").textContent())!;
}

/** Opens the editor, replaces the text and saves it; focus goes back to the cell. */
async function saveText(page: Page, row: number, lang: string, text: string) {
  await showRow(page, row);
  await cell(page, row, lang).click();
  const editor = page.getByRole("textbox", { name: "Cell text" });
  await editor.fill(text);
  await editor.press("Control+Enter");
  await editor.waitFor({ state: "detached" });
}

/** What a diff marks as inserted or deleted, without the words only screen readers hear. */
async function marked(diff: Locator, tag: "ins" | "del"): Promise<string[]> {
  const texts = await diff.locator(tag).allTextContents();
  return texts.map((text) => text.replace(/^(inserted|deleted): /, ""));
}

describe("a cell's history", () => {
  it("lists every revision with its diff, compares two, switches views and reverts", async () => {
    const page = await openDocument(ana, (await app.copySpeech()).slug);
    const original = await cellText(page, 12, "en");
    await saveText(page, 12, "en", `${original} We thank the veterans.`);
    await saveText(page, 12, "en", `${original} We thank the veteran.`);

    // From the grid: the focused cell's history opens with Alt+H and takes the focus.
    await waitForCellFocus(page, 12, "en");
    await page.keyboard.press("Alt+KeyH");
    const dialog = page.getByRole("dialog", { name: "History: Row 12, English" });
    await dialog.waitFor();
    await expect(dialog.evaluate((element) => element.contains(document.activeElement))).resolves.toBe(true);
    const revisions = dialog.locator(".revision");
    await revisions.nth(2).waitFor();
    expect(await revisions.count()).toBe(3);
    await expect(revisions.nth(0).locator(".revision-meta").textContent()).resolves.toMatch(/Ana.*edit.*current.*translated/);
    await expect(revisions.nth(2).locator(".badge-kind").textContent()).resolves.toBe("imported");
    // Newest first, each against its parent, word by word.
    expect(await marked(revisions.nth(0), "del")).toEqual(["veterans"]);
    expect(await marked(revisions.nth(0), "ins")).toEqual(["veteran"]);
    expect((await marked(revisions.nth(1), "ins")).join("")).toBe(" We thank the veterans.");
    expect(await marked(revisions.nth(1), "del")).toEqual([]);
    // The first text has no parent: it is shown as it was, not as one long insertion.
    await expect(revisions.nth(2).locator(".diff").textContent()).resolves.toBe(original);
    expect(await marked(revisions.nth(2), "ins")).toEqual([]);
    await screenshot(page, "history-inline");

    // Side by side: deletions in the before column, insertions in the after column.
    await dialog.getByRole("button", { name: "Side by side" }).click();
    await expect(dialog.getByRole("button", { name: "Side by side" }).getAttribute("aria-pressed")).resolves.toBe("true");
    const newest = revisions.nth(0);
    expect(await marked(newest.locator(".diff-before"), "del")).toEqual(["veterans"]);
    expect(await marked(newest.locator(".diff-before"), "ins")).toEqual([]);
    expect(await marked(newest.locator(".diff-after"), "ins")).toEqual(["veteran"]);
    expect(await marked(newest.locator(".diff-after"), "del")).toEqual([]);

    // Character by character, only the dropped letter is a change.
    await dialog.getByRole("button", { name: "Characters" }).click();
    await expect.poll(() => marked(newest.locator(".diff-before"), "del")).toEqual(["s"]);
    expect(await marked(newest.locator(".diff-after"), "ins")).toEqual([]);
    await screenshot(page, "history-side-by-side-characters");

    // Two ticked revisions are compared, older to newer; a third cannot be ticked.
    await revisions.nth(0).getByRole("checkbox").check();
    await revisions.nth(2).getByRole("checkbox").check();
    await expect(revisions.nth(1).getByRole("checkbox").isDisabled()).resolves.toBe(true);
    const compare = dialog.locator(".history-compare");
    await compare.getByRole("heading", { name: /^Revision #\d+ → #\d+$/ }).waitFor();
    await dialog.getByRole("button", { name: "Words" }).click();
    await dialog.getByRole("button", { name: "Inline" }).click();
    expect((await marked(compare, "ins")).join("")).toBe(" We thank the veteran.");
    expect(await marked(compare, "del")).toEqual([]);
    await screenshot(page, "history-compare");

    // Reverting writes a new revision with the old text; the history keeps all the others.
    await revisions
      .nth(2)
      .getByRole("button", { name: /^Revert to this/ })
      .click();
    await dialog.getByRole("status").filter({ hasText: "Reverted" }).waitFor();
    await revisions.nth(3).waitFor();
    expect(await revisions.count()).toBe(4);
    await expect(revisions.nth(0).locator(".badge-kind").textContent()).resolves.toBe("revert");
    expect((await marked(revisions.nth(0), "del")).join("")).toBe(" We thank the veteran.");

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await waitForCellFocus(page, 12, "en");
    expect(await cellText(page, 12, "en")).toBe(original);

    // The choice of view is remembered: after a reload the history opens side by side in words.
    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    await showRow(page, 12);
    await cell(page, 12, "en").click();
    await page.locator(".cell-editor").getByRole("button", { name: "History" }).click();
    await dialog.waitFor();
    await expect(dialog.getByRole("button", { name: "Inline" }).getAttribute("aria-pressed")).resolves.toBe("true");
    await expect(dialog.getByRole("button", { name: "Words" }).getAttribute("aria-pressed")).resolves.toBe("true");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.close();
  }, 90_000);

  it("explains a revert refused because someone changed the cell meanwhile, and loses nothing", async () => {
    const { slug } = await app.copySpeech();
    const page = await openDocument(ana, slug);
    const original = await cellText(page, 14, "en");
    await saveText(page, 14, "en", `${original} Ana's line.`);
    await cell(page, 14, "en").getByRole("button", { name: "History" }).click();
    const dialog = page.getByRole("dialog", { name: "History: Row 14, English" });
    const revisions = dialog.locator(".revision");
    await revisions.nth(1).waitFor();

    // Boris saves from a script of his, with an API token.
    const headers = await app.apiHeaders("boris", "translator");
    const rows = (await (await fetch(`${base}/api/documents/${slug}/rows?langs=en&offset=13&limit=1`, { headers })).json()) as {
      rows: { cells: { en: { id: number; headRevisionId: number } } }[];
    };
    const { id, headRevisionId } = rows.rows[0]!.cells.en;
    const saved = await fetch(`${base}/api/cells/${id}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ text: `${original} Boris's line.`, baseRevisionId: headRevisionId }),
    });
    expect(saved.status).toBe(200);

    await revisions
      .nth(1)
      .getByRole("button", { name: /^Revert to this/ })
      .click();
    await dialog
      .getByRole("alert")
      .filter({ hasText: "Boris changed this cell after you opened its history, so nothing was reverted" })
      .waitFor();
    await revisions.nth(2).waitFor();
    await expect(revisions.nth(0).locator(".revision-meta").textContent()).resolves.toContain("Boris");
    expect((await marked(revisions.nth(0), "ins")).join("")).toContain("Boris");
    await screenshot(page, "history-conflict");
    await page.keyboard.press("Escape");
    expect(await cellText(page, 14, "en")).toBe(`${original} Boris's line.`);
    await page.close();
  }, 60_000);
});

describe("a stale translation", () => {
  it("shows what changed in the original and can be confirmed as still valid", async () => {
    const page = await openDocument(ana, (await app.copySpeech()).slug);
    const ru = await cellText(page, 16, "ru");
    await saveText(page, 16, "ru", `${ru} Дополнение к тексту.`);
    await cell(page, 16, "en").getByText("stale", { exact: true }).waitFor();

    await cell(page, 16, "en").click();
    const panel = page.getByRole("region", { name: "What changed in the source since this was translated" });
    await panel.waitFor();
    await panel.locator(".diff").waitFor();
    expect(await marked(panel, "ins")).toEqual([" Дополнение к тексту."]);
    expect(await marked(panel, "del")).toEqual([]);
    await screenshot(page, "stale-editor");

    await panel.getByRole("button", { name: "Still valid" }).click();
    await panel.waitFor({ state: "detached" });
    await page.getByRole("textbox", { name: "Cell text" }).press("Escape");
    await expect(cell(page, 16, "en").getByText("stale", { exact: true }).count()).resolves.toBe(0);
    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    await showRow(page, 16);
    await expect(cell(page, 16, "en").getByText("stale", { exact: true }).count()).resolves.toBe(0);
    await page.close();
  }, 60_000);

  it("speaks Russian in the history and the stale panel", async () => {
    // Reads only: the seeded speech.
    const page = await openDocument(ana, SPEECH_SLUG, "ru");
    const jump = page.getByRole("spinbutton", { name: "К строке" });
    await jump.fill("12");
    await jump.press("Enter");
    await cell(page, 12, "en").click();
    await page.locator(".cell-editor").getByRole("button", { name: "История" }).click();
    const dialog = page.getByRole("dialog", { name: /^История: / });
    await dialog.locator(".revision").first().waitFor();
    await expect(dialog.getByRole("list").getAttribute("aria-label")).resolves.toMatch(/^\d+ верси(я|и|й), сначала новые$/);
    await expect(dialog.getByRole("button", { name: "Рядом" }).isVisible()).resolves.toBe(true);
    await expect(
      dialog
        .locator(".revision")
        .first()
        .getByRole("checkbox", { name: /^Сравнить №\d+$/ })
        .isVisible(),
    ).resolves.toBe(true);
    await screenshot(page, "history-ru");
    await page.setViewportSize({ width: 390, height: 844 });
    await dialog.getByRole("button", { name: "Рядом" }).click();
    await screenshot(page, "history-ru-390");
    await page.keyboard.press("Escape");
    await page.close();
  }, 60_000);
});
