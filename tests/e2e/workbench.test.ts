import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readSpeech, SPEECH_SLUG } from "@/lib/documents/speech";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext, readAllRows, screenshot, waitForCellFocus } from "../helpers/browser";

// The app as it runs in production (`wb start`): against the run's Postgres
// when DATABASE_URL is set, otherwise against a fresh embedded data
// directory. Tests that only read use the seeded speech; a test that changes
// a document works on its own copy, so that no test depends on another.
let app: RunningApp;
let browser: Browser;
let base: string;
let ana: BrowserContext;
let boris: BrowserContext;
const speech = readSpeech();

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();
});

// Ana and Boris translate. Contexts of their own in each test: nothing a
// test leaves in the browser (a draft, say) reaches another.
beforeEach(async () => {
  ana = await personContext(browser, app, { handle: "ana", role: "translator" });
  boris = await personContext(browser, app, { handle: "boris", role: "translator" });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function openDocument(context: BrowserContext, slug: string, query = ""): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/en/documents/${slug}${query}`);
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
  return cell(page, row, lang).locator(".cell-text").textContent();
}

async function editCell(page: Page, row: number, lang: string) {
  await showRow(page, row);
  await cell(page, row, lang).click();
  const editor = page.getByRole("textbox", { name: "Cell text" });
  await editor.waitFor();
  return editor;
}

/** Each language's text read in row order, as a reader would: cells joined by spaces. */
function reading(rows: { cells: Record<string, string> }[], lang: string) {
  return rows
    .map((row) => row.cells[lang] ?? "")
    .filter(Boolean)
    .join(" ")
    .replace(/\s+/g, " ");
}

describe("the workbench", () => {
  it("sends / to the reader's interface language", async () => {
    const page = await ana.newPage();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe("/en");
    await expect(page.getByRole("heading", { name: "Documents" }).isVisible()).resolves.toBe(true);
    const response = await fetch(`${base}/`, { redirect: "manual", headers: { "accept-language": "ru-RU,ru;q=0.9" } });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location")!, base).pathname).toBe("/ru");
    await page.close();
  }, 60_000);

  it("shows all 60 paragraphs of the speech in Russian and English, row by row", async () => {
    const { title, languages } = await speech;
    const page = await ana.newPage();
    await page.goto(`${base}/en`);
    await page.getByRole("link", { name: title, exact: true }).click();
    await page.waitForURL(`**/en/documents/${SPEECH_SLUG}`);
    await page.locator('[data-row="1"]').waitFor();
    const rows = await readAllRows(page);
    expect(rows.map((row) => row.number)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(rows.map((row) => row.cells.ru)).toEqual(languages[0]!.paragraphs);
    expect(rows.map((row) => row.cells.en)).toEqual(languages[1]!.paragraphs);
    const headers = page.getByRole("columnheader");
    await expect(headers.nth(1).textContent()).resolves.toMatch(/Русский\s*Original\s*60 of 60 filled/);
    await expect(headers.nth(2).textContent()).resolves.toMatch(/English.*kremlin\.ru/);
    await screenshot(page, "workbench-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "workbench-390");
    await page.close();
  }, 60_000);

  it("keeps its place on a reload, showing the rows there, without a hydration error", async () => {
    const page = await openDocument(ana, SPEECH_SLUG);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.mouse.wheel(0, 3000);
    await page.waitForFunction(() => window.scrollY > 1000);
    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    // Settled: the browser's restored position, not scrolled back to the top once the page came alive.
    await page.waitForTimeout(1000);
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(1000);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll("[data-row]")]
        .filter((row) => {
          const box = row.getBoundingClientRect();
          return box.bottom > 0 && box.top < window.innerHeight;
        })
        .map((row) => Number(row.getAttribute("data-row"))),
    );
    expect(shown.length).toBeGreaterThan(0);
    expect(Math.min(...shown)).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("keeps an unsaved edit across a reload, then saves it as one revision", async () => {
    const page = await openDocument(ana, (await app.copySpeech()).slug);
    const original = await cellText(page, 7, "ru");
    let editor = await editCell(page, 7, "ru");
    await editor.press("End");
    await editor.pressSequentially(" Добро пожаловать.");
    await page.getByLabel("Show changes").check();
    await expect(page.locator(".cell-editor ins").textContent()).resolves.toContain("Добро пожаловать.");
    await screenshot(page, "editor-with-diff");

    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    await showRow(page, 7);
    await cell(page, 7, "ru").getByText("unsaved draft").waitFor();
    expect(await cellText(page, 7, "ru")).toBe(original);
    editor = await editCell(page, 7, "ru");
    await expect(editor.inputValue()).resolves.toBe(`${original} Добро пожаловать.`);
    await editor.press("Control+Enter");
    await editor.waitFor({ state: "detached" });

    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    expect(await cellText(page, 7, "ru")).toBe(`${original} Добро пожаловать.`);
    await expect(cell(page, 7, "ru").getByText("unsaved draft").count()).resolves.toBe(0);
    await expect(cell(page, 7, "en").getByText("stale").isVisible()).resolves.toBe(true);
    await page.close();
  }, 60_000);

  it("splits and merges rows without changing any language's text", async () => {
    const page = await openDocument(ana, (await app.copySpeech()).slug);
    const before = await readAllRows(page);
    const ruText = (await cellText(page, 10, "ru"))!;
    const editor = await editCell(page, 10, "ru");
    const cut = ruText.indexOf(". ") + 1;
    await editor.evaluate((element: HTMLTextAreaElement, at) => element.setSelectionRange(at, at), cut);
    await page.getByRole("button", { name: "Split at cursor" }).click();
    await page.getByText("61 rows").waitFor();
    expect(await cellText(page, 10, "ru")).toBe(ruText.slice(0, cut).trim());
    expect(await cellText(page, 11, "ru")).toBe(ruText.slice(cut).trim());
    await expect(cell(page, 11, "en").getByText("empty").isVisible()).resolves.toBe(true);
    const split = await readAllRows(page);
    expect(reading(split, "ru")).toBe(reading(before, "ru"));
    expect(reading(split, "en")).toBe(reading(before, "en"));
    await screenshot(page, "after-split");

    await page.locator('[data-row="10"] .row-menu summary').click();
    await page.getByRole("menuitem", { name: "Merge with next row" }).click();
    await page.getByText("60 rows").waitFor();
    expect(await cellText(page, 10, "ru")).toBe(ruText);
    const merged = await readAllRows(page);
    expect(reading(merged, "ru")).toBe(reading(before, "ru"));
    expect(reading(merged, "en")).toBe(reading(before, "en"));

    // The buttons say what they will do, and to whom it is owed.
    await page.getByRole("button", { name: "Undo: merge of rows 10–11, by you" }).click();
    await page.getByText("61 rows").waitFor();
    await page.getByRole("button", { name: "Redo: merge of rows 10–11, by you" }).click();
    await page.getByText("60 rows").waitFor();
    expect(await cellText(page, 10, "ru")).toBe(ruText);

    await page.getByText("Change log").click();
    const log = page.locator(".change-list li");
    await log.first().waitFor();
    await expect(log.allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Ana split a row/),
        expect.stringMatching(/Ana merged two rows \(undone\)/),
        expect.stringMatching(/Ana redid change #\d+/),
      ]),
    );
    await page.close();
  }, 60_000);

  it("names the change Undo will undo, and of two people undoing it at once refuses one, saying what is next", async () => {
    const { slug } = await app.copySpeech();
    const anaPage = await openDocument(ana, slug);
    await showRow(anaPage, 20);
    await anaPage.locator('[data-row="20"] .row-menu summary').click();
    await anaPage.getByRole("menuitem", { name: "Merge with next row" }).click();
    await anaPage.getByText("59 rows").waitFor();
    const anaUndo = anaPage.getByRole("button", { name: "Undo: merge of rows 20–21, by you" });
    await anaUndo.waitFor();

    const borisPage = await openDocument(boris, slug);
    const borisUndo = borisPage.getByRole("button", { name: "Undo: merge of rows 20–21, by Ana" });
    await borisUndo.waitFor();
    await expect(borisUndo.isEnabled()).resolves.toBe(true);

    await Promise.all([anaUndo.click(), borisUndo.click()]);
    await Promise.all([anaPage.getByText("60 rows").waitFor(), borisPage.getByText("60 rows").waitFor()]);
    // Whoever came second is told, and nothing was undone twice.
    const refusal = "Not undone: someone else was quicker, and there is nothing left to undo.";
    await expect
      .poll(async () => (await anaPage.getByText(refusal).count()) + (await borisPage.getByText(refusal).count()), { timeout: 10_000 })
      .toBe(1);
    const changes = (await (await ana.request.get(`${base}/api/documents/${slug}/changes`)).json()) as {
      changes: { kind: string }[];
      undo: unknown;
    };
    expect(changes.changes.map((change) => change.kind)).toEqual(["undo", "merge", "import"]);
    expect(changes.undo).toBeNull();
    await Promise.all([anaPage.close(), borisPage.close()]);
  }, 60_000);

  it("names the change Undo will undo in Russian too", async () => {
    const { slug } = await app.copySpeech();
    const rows = (await (await ana.request.get(`${base}/api/documents/${slug}/rows?offset=4&limit=1`)).json()) as {
      rows: { id: number }[];
    };
    const merged = await ana.request.post(`${base}/api/documents/${slug}/operations`, {
      data: { op: "merge", segmentId: rows.rows[0]!.id },
      headers: { origin: base },
    });
    expect(merged.status()).toBe(200);
    const page = await boris.newPage();
    await page.goto(`${base}/ru/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await page.getByRole("button", { name: "Отменить: объединение строк 5–6 (Ana)" }).waitFor();
    await page.close();
  }, 60_000);

  it("keeps the text as a draft, and says so, when someone merges away the row being edited", async () => {
    const { slug } = await app.copySpeech();
    const anaPage = await openDocument(ana, slug);
    const editor = await editCell(anaPage, 31, "en");
    await editor.press("End");
    await editor.pressSequentially(" (Ana's note)");
    const mine = await editor.inputValue();
    const cellId = await anaPage.evaluate(() =>
      Object.keys(localStorage)
        .find((key) => key.startsWith("parallel:draft:"))!
        .slice("parallel:draft:".length),
    );

    const borisPage = await openDocument(boris, slug);
    await showRow(borisPage, 30);
    await borisPage.locator('[data-row="30"] .row-menu summary').click();
    await borisPage.getByRole("menuitem", { name: "Merge with next row" }).click();
    await borisPage.getByText("59 rows").waitFor();

    await editor.press("Control+Enter");
    const notice = anaPage.getByRole("alertdialog", { name: "Your text was not saved" });
    await notice.waitFor();
    await expect(notice.locator("p").textContent()).resolves.toBe(
      "Row 31 was merged into row 30 by Boris: your text is kept as a draft; place it where it belongs",
    );
    await expect(notice.locator("blockquote").textContent()).resolves.toBe(mine);
    expect(await anaPage.evaluate((id) => JSON.parse(localStorage.getItem(`parallel:draft:${id}`)!).text, cellId)).toBe(mine);
    await screenshot(anaPage, "row-merged-away");
    await notice.getByRole("button", { name: "Go to row 30" }).click();
    await notice.waitFor({ state: "detached" });
    await anaPage.locator('[data-row="30"]').waitFor();
    // Nothing was written: row 30 holds the two texts merged, without Ana's note.
    expect(await cellText(anaPage, 30, "en")).not.toContain("(Ana's note)");
    await Promise.all([anaPage.close(), borisPage.close()]);
  }, 60_000);

  it("shifts one language's cell down and back up, leaving the others in place", async () => {
    const page = await openDocument(ana, (await app.copySpeech()).slug);
    const before = await readAllRows(page);
    const en20 = await cellText(page, 20, "en");
    const ru20 = await cellText(page, 20, "ru");
    await editCell(page, 20, "en");
    await page.getByRole("button", { name: "Shift down" }).click();
    await showRow(page, 21);
    await cell(page, 21, "en").getByText(en20!).waitFor();
    await expect(cell(page, 20, "en").getByText("empty").isVisible()).resolves.toBe(true);
    expect(await cellText(page, 20, "ru")).toBe(ru20);
    const shifted = await readAllRows(page);
    expect(reading(shifted, "en")).toBe(reading(before, "en"));
    expect(shifted.map((row) => row.cells.ru)).toEqual([
      ...before.map((row) => row.cells.ru),
      ...(shifted.length > before.length ? [""] : []),
    ]);

    await editCell(page, 21, "en");
    await page.getByRole("button", { name: "Shift up" }).click();
    await showRow(page, 20);
    await cell(page, 20, "en").getByText(en20!).waitFor();
    const back = await readAllRows(page);
    expect(back.slice(0, 60)).toEqual(before);
    await page.close();
  }, 60_000);

  it("sets a cell's status from the editor, but never to reviewed or approved", async () => {
    const page = await openDocument(ana, (await app.copySpeech()).slug);
    await editCell(page, 5, "en");
    const status = page.getByLabel("Status");
    await expect(status.locator("option").allTextContents()).resolves.toEqual(["draft", "translated"]);
    await status.selectOption("draft");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("textbox", { name: "Cell text" }).waitFor({ state: "detached" });
    await cell(page, 5, "en").getByText("draft").waitFor();
    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    await showRow(page, 5);
    await cell(page, 5, "en").getByText("draft").waitFor();
    await page.close();
  }, 60_000);

  it("moves around the grid from the keyboard", async () => {
    const page = await openDocument(ana, SPEECH_SLUG);
    await cell(page, 2, "ru").focus();
    await waitForCellFocus(page, 2, "ru");
    await page.keyboard.press("ArrowDown");
    await waitForCellFocus(page, 3, "ru");
    await page.keyboard.press("ArrowRight");
    await waitForCellFocus(page, 3, "en");
    await page.keyboard.press("Enter");
    const editor = page.getByRole("textbox", { name: "Cell text" });
    await editor.waitFor();
    await editor.press("Escape");
    await editor.waitFor({ state: "detached" });
    await page.close();
  }, 60_000);

  it("finds words by their stem and steps through the matches", async () => {
    const page = await openDocument(ana, SPEECH_SLUG, "?q=преступление");
    await page.locator(".match-nav [role=status]", { hasText: /^1 of \d+$/ }).waitFor();
    await page.locator("mark").first().waitFor();
    await expect(page.locator("mark").first().textContent()).resolves.toMatch(/^преступлени/i);
    await page.getByRole("button", { name: "Next match" }).click();
    await page.locator(".match-nav [role=status]", { hasText: /^2 of \d+$/ }).waitFor();
    await page.close();
  }, 60_000);

  it("shows the other person's edit when two people save the same cell, and merges them", async () => {
    const { slug } = await app.copySpeech();
    const anaPage = await openDocument(ana, slug);
    const original = (await cellText(anaPage, 30, "en"))!;
    const anaEditor = await editCell(anaPage, 30, "en");
    await anaEditor.press("End");
    await anaEditor.pressSequentially(" (Ana's addition)");

    const borisPage = await openDocument(boris, slug);
    await showRow(borisPage, 30);
    await cell(borisPage, 30, "en").getByText("Ana editing").waitFor({ timeout: 15_000 });
    const borisEditor = await editCell(borisPage, 30, "en");
    await borisEditor.press("Control+Home");
    await borisEditor.pressSequentially("Indeed, ");
    await borisEditor.press("Control+Enter");
    await borisEditor.waitFor({ state: "detached" });

    await anaEditor.press("Control+Enter");
    const dialog = anaPage.getByRole("dialog", { name: "Someone else changed this cell" });
    await dialog.waitFor();
    await expect(dialog.locator("ins").first().textContent()).resolves.toContain("Indeed");
    await screenshot(anaPage, "conflict-dialog");
    await dialog.getByRole("button", { name: "Save merged text" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await cellText(anaPage, 30, "en")).toBe(`Indeed, ${original} (Ana's addition)`);

    await borisPage.reload();
    await borisPage.locator("[role=grid][data-ready]").waitFor();
    expect(await cellText(borisPage, 30, "en")).toBe(`Indeed, ${original} (Ana's addition)`);
    await Promise.all([anaPage.close(), borisPage.close()]);
  }, 60_000);

  it("switches the interface to Russian and keeps the view", async () => {
    const page = await openDocument(ana, SPEECH_SLUG, "?langs=en,ru");
    await page.getByRole("navigation", { name: "Interface language" }).getByRole("link", { name: "Русский" }).click();
    await page.waitForURL(`**/ru/documents/${SPEECH_SLUG}?langs=en,ru`);
    await expect(page.getByRole("link", { name: "← Все документы" }).isVisible()).resolves.toBe(true);
    const headers = page.getByRole("columnheader");
    await expect(headers.nth(1).textContent()).resolves.toMatch(/^English/);
    await expect(headers.nth(2).textContent()).resolves.toMatch(/Русский\s*Оригинал\s*заполнено \d+ из \d+/);
    await expect(page.getByText(/^\d+ строк/).isVisible()).resolves.toBe(true);
    await screenshot(page, "workbench-ru-interface");
    await page.close();
  }, 60_000);

  it("hides a language column and puts it back", async () => {
    const page = await openDocument(ana, SPEECH_SLUG);
    await page.getByRole("group", { name: "Languages" }).getByRole("button", { name: "English", exact: true }).click();
    await page.waitForURL(/langs=ru$/);
    await page.locator('[data-row="1"]').waitFor();
    await expect(page.locator('[data-row="1"] [role="gridcell"]').count()).resolves.toBe(1);
    await page.getByRole("group", { name: "Languages" }).getByRole("button", { name: "English", exact: true }).click();
    await page.waitForURL(/langs=ru,en$/);
    await expect(page.locator('[data-row="1"] [role="gridcell"]').count()).resolves.toBe(2);
    await page.close();
  }, 60_000);

  it("answers 404 for an unknown document", async () => {
    const response = await fetch(`${base}/en/documents/no-such-document`);
    expect(response.status).toBe(404);
  }, 60_000);
});

describe("the API", () => {
  // A script of a translator's, with an API token.
  const api = async (path: string, init: RequestInit = {}) =>
    fetch(`${base}/api${path}`, { ...init, headers: { ...(await app.apiHeaders("api-client", "translator")), ...init.headers } });

  async function firstCell(slug: string, lang: string) {
    const page = (await (await api(`/documents/${slug}/rows?langs=${lang}&offset=40&limit=1`)).json()) as {
      rows: { cells: Record<string, { id: number; text: string; headRevisionId: number }> }[];
    };
    return page.rows[0]!.cells[lang]!;
  }

  it("answers bad input with 400 naming what was wrong", async () => {
    // Nothing is written: the seeded speech serves.
    const target = await firstCell(SPEECH_SLUG, "en");
    const malformed = await api(`/cells/${target.id}`, { method: "PUT", body: "{ not json" });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatchObject({ code: "invalid_json", message: expect.stringContaining("not valid JSON") });

    const wrongField = await api(`/cells/${target.id}`, { method: "PUT", body: JSON.stringify({ text: 12, baseRevisionId: "x" }) });
    expect(wrongField.status).toBe(400);
    const { message } = (await wrongField.json()).error;
    expect(message).toContain("text:");
    expect(message).toContain("baseRevisionId:");

    const tooLong = await api(`/cells/${target.id}`, {
      method: "PUT",
      body: JSON.stringify({ text: "x".repeat(20_001), baseRevisionId: target.headRevisionId }),
    });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).error.message).toContain("longer than 20000 characters");

    const badFilter = await api(`/documents/${SPEECH_SLUG}/rows?filter=nonsense`);
    expect(badFilter.status).toBe(400);
    expect((await badFilter.json()).error.message).toContain("filter:");
  });

  it("answers unknown ids with 404 and a stale base with 409 carrying the head", async () => {
    expect((await api("/cells/999999", { method: "PUT", body: JSON.stringify({ text: "x", baseRevisionId: null }) })).status).toBe(404);
    expect((await api("/cells/abc", { method: "PUT", body: JSON.stringify({ text: "x", baseRevisionId: null }) })).status).toBe(404);
    expect((await api("/documents/no-such-document/rows")).status).toBe(404);
    expect(
      (await api(`/documents/${SPEECH_SLUG}/operations`, { method: "POST", body: JSON.stringify({ op: "merge", segmentId: 999999 }) }))
        .status,
    ).toBe(404);

    const target = await firstCell((await app.copySpeech()).slug, "en");
    const saved = await api(`/cells/${target.id}`, {
      method: "PUT",
      body: JSON.stringify({ text: `${target.text} Yes.`, baseRevisionId: target.headRevisionId }),
    });
    expect(saved.status).toBe(200);
    const { revision } = await saved.json();
    const stale = await api(`/cells/${target.id}`, {
      method: "PUT",
      body: JSON.stringify({ text: "Other.", baseRevisionId: target.headRevisionId }),
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.details.head).toMatchObject({
      id: revision.id,
      text: `${target.text} Yes.`,
      author: { handle: "api-client" },
    });
  });

  it("stores HTML as text and shows it as text", async () => {
    const { slug } = await app.copySpeech();
    const target = await firstCell(slug, "ru");
    const markup = `<img src=x onerror="window.injected=1"><script>window.injected=1</script> <b>жирный</b>`;
    const saved = await api(`/cells/${target.id}`, {
      method: "PUT",
      body: JSON.stringify({ text: markup, baseRevisionId: target.headRevisionId }),
    });
    expect(saved.status).toBe(200);
    const page = await openDocument(ana, slug);
    expect(await cellText(page, 41, "ru")).toBe(markup);
    await expect(page.evaluate(() => (window as unknown as { injected?: number }).injected)).resolves.toBeUndefined();
    await expect(page.locator('[data-row="41"] [data-lang="ru"] script, [data-row="41"] [data-lang="ru"] img').count()).resolves.toBe(0);
    await page.close();
  }, 60_000);

  it("needs to know who writes", async () => {
    const target = await firstCell(SPEECH_SLUG, "en");
    const anonymous = await fetch(`${base}/api/cells/${target.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "x", baseRevisionId: target.headRevisionId }),
    });
    expect(anonymous.status).toBe(401);
  });
});

describe("the history and review API", () => {
  // A script of a reviewer's, with an API token.
  const api = async (path: string, init: RequestInit = {}) =>
    fetch(`${base}/api${path}`, { ...init, headers: { ...(await app.apiHeaders("reviewer", "reviewer")), ...init.headers } });
  const json = async (response: Response) => ({ status: response.status, body: await response.json() });

  it("takes snapshots, shows a cell's history, diffs versions and records review decisions", async () => {
    const { slug } = await app.copySpeech();
    const snapshot = await json(
      await api(`/documents/${slug}/snapshots`, { method: "POST", body: JSON.stringify({ name: "before review" }) }),
    );
    expect(snapshot).toMatchObject({ status: 201, body: { name: "before review", rowCount: expect.any(Number) } });
    expect(
      (await json(await api(`/documents/${slug}/snapshots`, { method: "POST", body: JSON.stringify({ name: "before review" }) }))).status,
    ).toBe(409);

    const rows = (await (await api(`/documents/${slug}/rows?langs=en&offset=44&limit=1`)).json()) as {
      rows: { cells: { en: { id: number; text: string; headRevisionId: number } } }[];
    };
    const target = rows.rows[0]!.cells.en;
    await api(`/cells/${target.id}`, {
      method: "PUT",
      body: JSON.stringify({ text: `${target.text} Reviewed.`, baseRevisionId: target.headRevisionId }),
    });

    const history = await json(await api(`/cells/${target.id}/history`));
    expect(history.status).toBe(200);
    expect(history.body.revisions[0]).toMatchObject({ kind: "edit", author: { handle: "reviewer" } });
    const [newest, older] = history.body.revisions;
    const revisions = await json(await api(`/revisions/diff?from=${older.id}&to=${newest.id}`));
    expect(revisions.body.ops).toEqual(expect.arrayContaining([{ op: "insert", text: " Reviewed." }]));

    const documentDiff = await json(await api(`/documents/${slug}/diff?from=snapshot:${snapshot.body.id}&to=now`));
    expect(documentDiff.body.summary.changedCells).toBe(1);
    expect((await api(`/documents/${slug}/diff?from=yesterday-ish`)).status).toBe(400);

    const queue = await json(await api(`/documents/${slug}/review?langs=en&since=snapshot:${snapshot.body.id}`));
    expect(queue.body.items).toEqual([expect.objectContaining({ cellId: target.id, language: "en" })]);
    const decided = await json(
      await api(`/documents/${slug}/review`, {
        method: "POST",
        body: JSON.stringify({ decisions: [{ cellId: target.id, revisionId: newest.id, verdict: "approve" }] }),
      }),
    );
    expect(decided).toMatchObject({ status: 200, body: { outcomes: [{ cell: { status: "approved", approvedRevisionId: newest.id } }] } });
    const stale = await json(
      await api(`/documents/${slug}/review`, {
        method: "POST",
        body: JSON.stringify({ decisions: [{ cellId: target.id, revisionId: older.id, verdict: "approve" }] }),
      }),
    );
    expect(stale.status).toBe(409);

    const reverted = await json(
      await api(`/cells/${target.id}/revert`, {
        method: "POST",
        body: JSON.stringify({ toRevisionId: older.id, baseRevisionId: newest.id }),
      }),
    );
    expect(reverted).toMatchObject({
      status: 200,
      body: { cell: { text: target.text, status: "translated" }, revision: { text: target.text } },
    });
  });

  it("shows what changed in the original since a translation was written, and clears the stale flag", async () => {
    const { slug } = await app.copySpeech();
    const rows = (await (await api(`/documents/${slug}/rows?offset=45&limit=1`)).json()) as {
      rows: { cells: Record<string, { id: number; text: string; headRevisionId: number }> }[];
    };
    const { ru, en } = rows.rows[0]!.cells;
    await api(`/cells/${ru!.id}`, {
      method: "PUT",
      body: JSON.stringify({ text: `${ru!.text} Дополнение.`, baseRevisionId: ru!.headRevisionId }),
    });
    const change = await json(await api(`/cells/${en!.id}/source-change`));
    expect(change).toMatchObject({ status: 200, body: { cell: { stale: true }, original: { language: "ru" } } });
    expect(change.body.ops).toEqual(expect.arrayContaining([{ op: "insert", text: " Дополнение." }]));
    const valid = await json(await api(`/cells/${en!.id}/still-valid`, { method: "POST" }));
    expect(valid).toMatchObject({ status: 200, body: { cell: { stale: false } } });
  });
});
