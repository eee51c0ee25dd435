import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RowsPage } from "@/lib/documents/rows";
import { type RunningApp, startApp } from "../helpers/app";
import { expectNoAxeViolations, launchBrowser, personContext } from "../helpers/browser";

// Every main screen, in English and in Russian, is checked by axe-core against
// WCAG 2.0/2.1 A and AA and carries a title naming the screen and document.
// The screens show a copy of the speech with something on each of them: an
// edit by Ana awaiting review, a snapshot before it, and Vera's change to
// Ana's text among the changes to her work. Ana is an admin, so every form
// and button a screen can offer is there to be checked.
let app: RunningApp;
let browser: Browser;
let base: string;
let ana: BrowserContext;
let slug: string;
let title: string;
let snapshotId: number;

const roles = { ana: "admin", vera: "reviewer" } as const;

async function saveAs(handle: keyof typeof roles, row: number, lang: string, text: string) {
  const headers = await app.apiHeaders(handle, roles[handle]);
  const rows = (await (await fetch(`${base}/api/documents/${slug}/rows?offset=${row - 1}&limit=1`, { headers })).json()) as RowsPage;
  const cell = rows.rows[0]!.cells[lang]!;
  const saved = await fetch(`${base}/api/cells/${cell.id}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({ text, baseRevisionId: cell.headRevisionId }),
  });
  expect(saved.status).toBe(200);
}

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();
  ({ slug, title } = await app.copySpeech());
  const snapshot = await fetch(`${base}/api/documents/${slug}/snapshots`, {
    method: "POST",
    headers: await app.apiHeaders("vera", roles.vera),
    body: JSON.stringify({ name: "before" }),
  });
  expect(snapshot.status).toBe(201);
  snapshotId = ((await snapshot.json()) as { id: number }).id;
  await saveAs("ana", 2, "en", "Ana's new wording of the second paragraph.");
  await saveAs("vera", 2, "en", "Vera's correction of Ana's wording.");
  await saveAs("ana", 3, "ru", "Анна изменила третий абзац оригинала.");
});

beforeEach(async () => {
  ana = await personContext(browser, app, { handle: "ana", role: roles.ana });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** What each screen is called in each language, as its title says. */
const names = {
  en: {
    home: "Documents",
    import: "Import a document",
    workbench: "Workbench",
    review: "Review",
    compare: "Compare",
    snapshots: "Snapshots",
    snapshot: "Snapshot “before”",
    changes: "Changes to my work",
    transfer: "Import & export",
    print: "Print view",
  },
  ru: {
    home: "Документы",
    import: "Импорт документа",
    workbench: "Редактор",
    review: "Проверка",
    compare: "Сравнение",
    snapshots: "Снимки",
    snapshot: "Снимок «before»",
    changes: "Правки моего текста",
    transfer: "Импорт и экспорт",
    print: "Версия для печати",
  },
} as const;

type Screen = keyof (typeof names)["en"];

/** Where each screen is and what shows that it is ready to be read. */
const screens: Record<Screen, { path: () => string; ready: (page: Page) => Promise<unknown>; ofDocument: boolean }> = {
  home: { path: () => "", ready: (page) => page.locator(".document-list").waitFor(), ofDocument: false },
  import: { path: () => "/import", ready: (page) => page.locator("form").first().waitFor(), ofDocument: false },
  workbench: { path: () => `/documents/${slug}`, ready: (page) => page.locator("[role=grid][data-ready]").waitFor(), ofDocument: true },
  review: {
    path: () => `/documents/${slug}/review`,
    // Hydrated, the queue focuses its current item.
    ready: (page) => page.waitForFunction(() => document.activeElement?.classList.contains("review-item") ?? false),
    ofDocument: true,
  },
  compare: {
    path: () => `/documents/${slug}/compare?from=snapshot:${snapshotId}&to=now`,
    ready: (page) => page.locator(".document-diff .review-item").first().waitFor(),
    ofDocument: true,
  },
  snapshots: {
    path: () => `/documents/${slug}/snapshots`,
    ready: (page) => page.locator(".snapshot-table").waitFor(),
    ofDocument: true,
  },
  snapshot: {
    path: () => `/documents/${slug}/snapshots/${snapshotId}`,
    ready: (page) => page.locator('.snapshot-view [data-row="60"]').waitFor(),
    ofDocument: true,
  },
  changes: { path: () => `/documents/${slug}/changes`, ready: (page) => page.locator(".review-item").first().waitFor(), ofDocument: true },
  transfer: { path: () => `/documents/${slug}/transfer`, ready: (page) => page.locator("#export-heading").waitFor(), ofDocument: true },
  print: {
    path: () => `/documents/${slug}/print`,
    ready: (page) => page.locator(".print-table tbody tr").nth(59).waitFor(),
    ofDocument: true,
  },
};

describe.each(["en", "ru"] as const)("every screen in %s", (locale) => {
  async function open(screen: Screen): Promise<Page> {
    const page = await ana.newPage();
    await page.goto(`${base}/${locale}${screens[screen].path()}`);
    await screens[screen].ready(page);
    return page;
  }

  it.each(Object.keys(screens) as Screen[])(
    "%s has a title and no WCAG A/AA violation",
    async (screen) => {
      const page = await open(screen);
      const name = names[locale][screen];
      await expect(page.title()).resolves.toBe(screens[screen].ofDocument ? `${name} — ${title} — Parallel` : `${name} — Parallel`);
      await expectNoAxeViolations(page, `${screen} (${locale})`);
      await page.close();
    },
    60_000,
  );

  it("the workbench with a cell's editor open, then its history", async () => {
    const page = await open("workbench");
    // On its text: a check's badge in the cell opens the check, not the editor.
    await page.locator('[data-row="2"] [data-lang="en"] .cell-text').click();
    const editor = page.locator(".cell-editor");
    await editor.waitFor();
    await expectNoAxeViolations(page, `the cell editor (${locale})`);
    await editor.getByRole("button", { name: locale === "en" ? "History" : "История" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator(".revision").nth(2).waitFor();
    await expectNoAxeViolations(page, `a cell's history (${locale})`);
    await page.close();
  }, 60_000);

  it("the workbench with a row's menu, a column's settings and the new-language form open", async () => {
    const page = await open("workbench");
    await page.locator('[data-row="1"] .row-menu summary').click();
    await page.locator('[data-row="1"] [role="menu"]').waitFor();
    await page.locator(".column-head").first().locator("button[aria-expanded]").click();
    await page.locator(".column-head form").waitFor();
    await page.locator(".language-picker button[aria-expanded]").click();
    await page.locator(".language-picker form").waitFor();
    await expectNoAxeViolations(page, `the workbench's menus and forms (${locale})`);
    await page.close();
  }, 60_000);

  it("the review screen with a rejection note and a bulk revert preview", async () => {
    const page = await open("review");
    await page.keyboard.press("r");
    await page.locator(".reject-form textarea").waitFor();
    await expectNoAxeViolations(page, `the rejection note (${locale})`);
    await page.locator(".bulk-revert summary").click();
    await page.locator('.bulk-revert input[name="author"]').fill("ana");
    await page.locator(".bulk-revert-form button[type=submit]").click();
    await page.locator(".bulk-preview li").first().waitFor();
    await expectNoAxeViolations(page, `the bulk revert preview (${locale})`);
    await page.close();
  }, 60_000);
});

it("a page that does not exist says so in its title, and has no WCAG A/AA violation", async () => {
  const page = await ana.newPage();
  const response = await page.goto(`${base}/en/documents/no-such-document`);
  expect(response?.status()).toBe(404);
  await expect(page.title()).resolves.toBe("Page not found — Parallel");
  // Next sends a not-found page's HTML as an empty shell that its script fills in: checked once filled.
  await page.locator("h1").waitFor();
  await expectNoAxeViolations(page, "the not-found page");
  // Any path no page matches, in the language of its path, inside the app's own layout (not Next's bare default).
  for (const [path, title, heading] of [
    ["/ru/no/such/page", "Страница не найдена — Parallel", "Такой страницы нет."],
    ["/en/no-such-page", "Page not found — Parallel", "This page does not exist."],
  ] as const) {
    expect((await page.goto(`${base}${path}`))?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe(heading);
    // Checked again once the page is live: hydration must not put back the layout's bare title.
    await page.waitForLoadState("networkidle");
    expect(await page.title()).toBe(title);
    expect(await page.locator("html").getAttribute("lang")).toBe(path.slice(1, 3));
  }
  // A document that does not exist, in Russian: the message in Russian.
  expect((await page.goto(`${base}/ru/documents/no-such-document`))?.status()).toBe(404);
  await page.locator("h1").waitFor();
  expect(await page.locator("h1").innerText()).toBe("Такой страницы нет.");
  expect(await page.locator("html").getAttribute("lang")).toBe("ru");
  // The icon every page names is served (it lived under the locale segment, where its address had no locale: a 404).
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  const answer = await page.request.get(`${base}${icon}`);
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toContain("image/svg+xml");
  await page.close();
});
