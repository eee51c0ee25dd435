import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getUser } from "@/lib/auth/accounts";
import type { RowsPage } from "@/lib/documents/rows";
import { type RunningApp, startApp } from "../helpers/app";
import { expectNoAxeViolations, launchBrowser, personContext, readerContext } from "../helpers/browser";

// The admin screen as `wb start` serves it: Ada is the admin; Rita reviews,
// and must not get in. Each test that changes a document uses its own copy
// of the speech (private unless a test makes it public).
let app: RunningApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const asAda = () => personContext(browser, app, { handle: "ada", role: "admin", name: "Ada Admin" });

/** Opens the admin screen and waits until it is interactive (its buttons stay disabled until React runs it). */
async function openAdmin(context: BrowserContext, locale = "en"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/${locale}/admin`);
  await page.locator("form button[type=submit]:not([disabled])").first().waitFor();
  return page;
}

const said = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text }).waitFor();

/** A write from this site's pages, as the browser would send it. */
const fromSite = () => ({ origin: base });

describe("the admin screen", () => {
  it("adds a person with a one-time link, sets their role and a language limit, and disables them", async () => {
    const ada = await asAda();
    await ada.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    const { slug, title } = await app.copySpeech();
    const page = await openAdmin(ada);

    // Her own role and state cannot be changed here (the server refuses it too).
    const own = page.locator('tr[data-user="ada"]');
    expect(await own.getByRole("combobox", { name: "Role of ada" }).isDisabled()).toBe(true);
    expect(await own.getByRole("button", { name: /^Disable/ }).count()).toBe(0);

    // Adding someone with the keyboard: each field, then Enter.
    await page.getByLabel("Handle", { exact: true }).fill("nora");
    await page.getByLabel("Display name").fill("Nora Novak");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByLabel("Email (optional)").fill("nora@example.org");
    await page.getByLabel("Email (optional)").press("Enter");

    // The one-time link, shown once, focused, and copied with a button.
    const box = page.locator('[data-invitation="nora"]');
    await box.waitFor();
    expect(await box.textContent()).toContain("nora is added.");
    const field = box.getByRole("textbox", { name: "One-time sign-in link for nora" });
    const link = await field.inputValue();
    expect(link).toMatch(/\/en\/invite\/wbi/);
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    await box.getByRole("button", { name: "Copy link" }).click();
    await box.getByText("Copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const row = page.locator('tr[data-user="nora"]');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Nora Novak.*nora@example\.org.*active.*not set yet/);
    expect(await getUser(app.db, "nora")).toMatchObject({ role: "viewer", hasPassword: false, email: "nora@example.org" });

    await row.getByRole("combobox", { name: "Role of nora" }).selectOption("translator");
    await said(page, "nora changed.");
    expect((await getUser(app.db, "nora")).role).toBe("translator");

    // A limit: Nora edits only the English of this document.
    await page.getByLabel("Person", { exact: true }).selectOption("nora");
    await page.getByLabel("Document", { exact: true }).selectOption(slug);
    const languages = page.getByRole("group", { name: `Languages nora may edit in “${title}”` });
    await languages.getByRole("checkbox", { name: /English/ }).check();
    await page.getByRole("button", { name: "Save limits" }).click();
    await said(page, `Limits of nora in “${title}” saved.`);
    expect((await getUser(app.db, "nora")).languageLimits).toEqual({ [slug]: ["en"] });
    expect(await row.textContent()).toContain(`${slug}: en`);

    // Nora uses her link, and can edit the English but not the Russian.
    const nora = await readerContext(browser, "en-US", "nora");
    const token = decodeURIComponent(new URL(link).pathname.split("/").at(-1)!);
    const accepted = await nora.request.post(`${base}/api/invitations/accept`, {
      data: { token, password: "nora's own long password" },
      headers: fromSite(),
    });
    expect(accepted.status(), await accepted.text()).toBe(200);
    const rows = (await (await nora.request.get(`${base}/api/documents/${slug}/rows?offset=0&limit=1`)).json()) as RowsPage;
    const save = (code: "ru" | "en", text: string) => {
      const cell = rows.rows[0]!.cells[code]!;
      return nora.request.put(`${base}/api/cells/${cell.id}`, { data: { text, baseRevisionId: cell.headRevisionId }, headers: fromSite() });
    };
    expect((await save("ru", "Не её язык.")).status()).toBe(403);
    expect((await save("en", "Nora's English.")).status()).toBe(200);

    // Disabled: her session ends at once; no new links are offered for her.
    await row.getByRole("button", { name: "Disable for nora" }).click();
    await said(page, "nora changed.");
    expect(await row.textContent()).toContain("disabled");
    expect(await row.getByRole("button", { name: /New sign-in link/ }).count()).toBe(0);
    expect((await getUser(app.db, "nora")).disabled).toBe(true);
    expect((await save("en", "After she was disabled.")).status()).toBe(401);

    await expectNoAxeViolations(page, "the admin screen");
  });

  it("makes a document readable without an account", async () => {
    const { slug, title } = await app.copySpeech();
    const reader = await (await readerContext(browser)).newPage();
    await reader.goto(`${base}/en/documents/${slug}`);
    expect(new URL(reader.url()).pathname).toBe("/en/sign-in");

    const page = await openAdmin(await asAda());
    await page.getByRole("checkbox", { name: `“${title}” readable without an account` }).check();
    await said(page, `“${title}” saved.`);
    expect((await app.db.document.findUniqueOrThrow({ where: { slug } })).publicRead).toBe(true);

    await reader.goto(`${base}/en/documents/${slug}`);
    expect(new URL(reader.url()).pathname).toBe(`/en/documents/${slug}`);
    await reader.getByRole("heading", { name: title }).waitFor();
  });

  it("speaks Russian", async () => {
    const page = await openAdmin(await asAda(), "ru");
    await page.getByRole("heading", { name: "Администрирование" }).waitFor();
    await page.getByRole("heading", { name: "Ограничения по языкам" }).waitFor();
    expect(await page.title()).toBe("Администрирование — Parallel");
    await expectNoAxeViolations(page, "the admin screen in Russian");
  });

  it("is not for anyone else: a reviewer is refused, a reader without an account is sent to sign in", async () => {
    const rita = await personContext(browser, app, { handle: "rita", role: "reviewer" });
    const page = await rita.newPage();
    await page.goto(`${base}/en/admin`);
    await page.getByRole("heading", { name: "For admins only" }).waitFor();
    expect(await page.locator("table, form").count()).toBe(0);
    expect((await rita.request.get(`${base}/api/users`)).status()).toBe(403);

    const reader = await (await readerContext(browser)).newPage();
    await reader.goto(`${base}/en/admin`);
    const url = new URL(reader.url());
    expect([url.pathname, url.searchParams.get("next")]).toEqual(["/en/sign-in", "/en/admin"]);
  });
});
