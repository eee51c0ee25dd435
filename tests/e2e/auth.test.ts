import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvitation, createUser, setLanguageLimits } from "@/lib/auth/accounts";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import type { RowsPage } from "@/lib/documents/rows";
import type { ReviewQueue } from "@/lib/revisions/review-queue";
import { type RunningApp, startApp } from "../helpers/app";
import { TEST_PASSWORD } from "../helpers/auth";
import { consoleOf, expectNoAxeViolations, launchBrowser, personContext, readerContext, screenshot } from "../helpers/browser";

// Signing in and what each role is offered, in a real browser against the
// app as `wb start` runs it (the run's Postgres when DATABASE_URL is set).
// Each test has people of its own (a handle names one person for the whole
// file) and, when it changes a document, a copy of the speech.
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

const cell = (page: Page, row: number, lang: string) => page.locator(`[data-row="${row}"] [data-lang="${lang}"]`);
const editor = (page: Page) => page.getByRole("textbox", { name: "Cell text" });
const userMenu = (page: Page) => page.getByRole("navigation", { name: "Account" });

async function openDocument(context: BrowserContext, slug: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/en/documents/${slug}`);
  await page.locator("[role=grid][data-ready]").waitFor();
  return page;
}

/** Clicks a cell and gives the editor a moment to open, then says whether it did. */
async function opensEditor(page: Page, row: number, lang: string): Promise<boolean> {
  await cell(page, row, lang).click();
  await page.waitForTimeout(300);
  return editor(page).isVisible();
}

/** Fills the sign-in form (its submit button is enabled once the page has hydrated) and sends it. */
async function signInWithForm(page: Page, login: string, password: string) {
  await page.getByLabel("Handle or email").fill(login);
  await page.getByLabel("Password").fill(password);
  const submit = page.getByRole("button", { name: "Sign in" });
  await expect.poll(() => submit.isEnabled()).toBe(true);
  await submit.click();
}

/** The lines of a page's console in which the browser refused something under the Content-Security-Policy. */
const cspViolations = (page: Page) => consoleOf(page).filter((line) => /Content Security Policy|Content-Security-Policy/i.test(line));

async function me(context: BrowserContext): Promise<{ handle: string; role: string } | null> {
  return ((await (await context.request.get(`${base}/api/me`)).json()) as { user: { handle: string; role: string } | null }).user;
}

describe("a reader without an account", () => {
  it("reads the public speech without any way to change it, and is offered to sign in", async () => {
    const page = await openDocument(await readerContext(browser), SPEECH_SLUG);
    await expect(page.getByRole("link", { name: "Sign in to edit" }).isVisible()).resolves.toBe(true);
    await expect(userMenu(page).getByRole("link", { name: "Sign in" }).isVisible()).resolves.toBe(true);
    expect(await opensEditor(page, 1, "en")).toBe(false);
    await page.keyboard.press("Enter");
    await expect(editor(page).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Undo" }).count()).resolves.toBe(0);
    await expect(page.locator(".row-menu").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "+ Add language" }).count()).resolves.toBe(0);
    expect(cspViolations(page)).toEqual([]);
    await screenshot(page, "workbench-read-only");
    await page.close();
  }, 60_000);

  it("is sent to sign in by a private document, and comes back to it signed in", async () => {
    const { slug, title } = await app.copySpeech();
    await app.person("priya", "viewer");
    const page = await (await readerContext(browser)).newPage();
    await page.goto(`${base}/en`);
    await page.locator(".document-list").waitFor();
    await expect(page.getByRole("link", { name: title, exact: true }).count()).resolves.toBe(0);

    await page.goto(`${base}/en/documents/${slug}?langs=en`);
    expect(new URL(page.url()).pathname).toBe("/en/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe(`/en/documents/${slug}`);
    await expect(page.title()).resolves.toBe("Sign in — Parallel");
    await signInWithForm(page, "priya", TEST_PASSWORD);
    await page.waitForURL(`**/en/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(userMenu(page).textContent()).resolves.toContain("Priya · viewer");
    // A viewer reads: nothing offers to edit.
    await page.getByText("Read only: as a viewer you can read this document but not edit it.").waitFor();
    expect(await opensEditor(page, 1, "ru")).toBe(false);

    await page.goto(`${base}/en`);
    await page.getByRole("link", { name: title, exact: true }).waitFor();
    expect(cspViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("is never sent to another site after signing in", async () => {
    await app.person("oleg", "viewer");
    const page = await (await readerContext(browser)).newPage();
    await page.goto(`${base}/en/sign-in?next=${encodeURIComponent("//evil.example/en")}`);
    await signInWithForm(page, "oleg", TEST_PASSWORD);
    await page.waitForURL(`${base}/en`);
    await page.close();
  }, 60_000);
});

describe("signing in", () => {
  it("signs in through the form and edits a cell as a translator", async () => {
    const { slug } = await app.copySpeech({ publicRead: true });
    await app.person("tanya", "translator");
    const page = await openDocument(await readerContext(browser), slug);
    await page.getByRole("link", { name: "Sign in to edit" }).click();
    await page.waitForURL("**/en/sign-in?next=*");
    // Keyboard only: the handle field has the focus, Tab reaches the password, Enter sends.
    await page.keyboard.type("tanya");
    await page.keyboard.press("Tab");
    await page.keyboard.type("not her password");
    await expect.poll(() => page.getByRole("button", { name: "Sign in" }).isEnabled()).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByRole("alert").filter({ hasText: "Wrong handle, email or password." }).waitFor();
    await screenshot(page, "sign-in-wrong");
    await signInWithForm(page, "tanya", TEST_PASSWORD);
    await page.waitForURL(`**/en/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(userMenu(page).textContent()).resolves.toContain("Tanya · translator");
    await expect(page.getByRole("link", { name: "Sign in to edit" }).count()).resolves.toBe(0);

    expect(await opensEditor(page, 2, "en")).toBe(true);
    await editor(page).press("End");
    await editor(page).pressSequentially(" Tanya was here.");
    await editor(page).press("Control+Enter");
    await editor(page).waitFor({ state: "detached" });
    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    await expect(cell(page, 2, "en").locator(".cell-text").textContent()).resolves.toMatch(/ Tanya was here\.$/);
    expect(cspViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("offers to sign in again when a save finds the sign-in ended, and keeps the text typed", async () => {
    const { slug } = await app.copySpeech();
    const page = await openDocument(await personContext(browser, app, { handle: "uma", role: "translator" }), slug);
    expect(await opensEditor(page, 4, "en")).toBe(true);
    await editor(page).fill("Uma's text, typed while her sign-in ended.");
    const elsewhere = await personContext(browser, app, { handle: "uma", role: "translator" });
    expect((await elsewhere.request.delete(`${base}/api/me/sessions`, { headers: { origin: base } })).status()).toBe(200);

    await editor(page).press("Control+Enter");
    const notice = page.getByRole("alert").filter({ hasText: "You are not signed in, or your sign-in has ended." });
    await notice.waitFor();
    await screenshot(page, "sign-in-notice");
    await notice.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL("**/en/sign-in?next=*");
    await signInWithForm(page, "uma", TEST_PASSWORD);
    await page.waitForURL(`**/en/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();
    await cell(page, 4, "en").getByText("unsaved draft").waitFor();
    expect(await opensEditor(page, 4, "en")).toBe(true);
    await expect(editor(page).inputValue()).resolves.toBe("Uma's text, typed while her sign-in ended.");
    await page.close();
  }, 60_000);

  it("refuses further tries for a while after too many wrong passwords, and says how long", async () => {
    await app.person("lara", "translator");
    const page = await (await readerContext(browser)).newPage();
    await page.goto(`${base}/en/sign-in`);
    for (let attempt = 0; attempt < 5; attempt++) {
      await signInWithForm(page, "lara", `wrong password ${attempt}`);
      await page.getByRole("alert").filter({ hasText: "Wrong handle, email or password." }).waitFor();
    }
    await signInWithForm(page, "lara", TEST_PASSWORD);
    await page.getByRole("alert").filter({ hasText: "Too many failed attempts: try again in 15 minutes." }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/en/sign-in");
    await page.close();
  }, 60_000);

  it("uses a one-time link to choose a password, and the link works once", async () => {
    await createUser(app.db, { handle: "nina", role: "translator", name: "Nina" });
    const { token } = await createInvitation(app.db, "nina");
    const page = await (await readerContext(browser)).newPage();
    await page.goto(`${base}/en/invite/${token}`);
    await page.getByText("This one-time link signs in Nina (nina).").waitFor();
    await page.getByLabel("New password", { exact: true }).fill("a long enough new password");
    await page.getByLabel("New password again").fill("a long enough other password");
    const submit = page.getByRole("button", { name: "Set the password and sign in" });
    await expect.poll(() => submit.isEnabled()).toBe(true);
    await submit.click();
    await page.getByRole("alert").filter({ hasText: "The two new passwords differ" }).waitFor();
    await page.getByLabel("New password again").fill("a long enough new password");
    await submit.click();
    await page.waitForURL(`${base}/en`);
    await expect(userMenu(page).textContent()).resolves.toContain("Nina · translator");

    const again = await (await readerContext(browser)).newPage();
    await again.goto(`${base}/en/invite/${token}`);
    await again.getByText("This sign-in link was used already, has expired, or never existed.").waitFor();
    await Promise.all([page.close(), again.close()]);
  }, 60_000);
});

describe("roles", () => {
  it("gives a translator no decisions in the review queue, and the server refuses a forced one", async () => {
    const { slug } = await app.copySpeech();
    const tomas = await personContext(browser, app, { handle: "tomas", role: "translator" });
    const page = await tomas.newPage();
    await page.goto(`${base}/en/documents/${slug}/review`);
    await page.locator(".review-item").first().waitFor();
    await page.getByText("Only reviewers approve and reject.").waitFor();
    await expect(page.getByRole("button", { name: /^Approve/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: /^Reject/ }).count()).resolves.toBe(0);
    await expect(page.getByText("Bulk revert").count()).resolves.toBe(0);
    await page.keyboard.press("a");
    await page.waitForTimeout(300);
    await expect(page.getByRole("status").filter({ hasText: "Approved" }).count()).resolves.toBe(0);

    const queue = (await (await tomas.request.get(`${base}/api/documents/${slug}/review?limit=1`)).json()) as ReviewQueue;
    const item = queue.items[0]!;
    const forced = await tomas.request.post(`${base}/api/documents/${slug}/review`, {
      headers: { origin: base },
      data: { decisions: [{ cellId: item.cellId, revisionId: item.head.id, verdict: "approve" }] },
    });
    expect(forced.status()).toBe(403);
    await page.goto(`${base}/en/documents/${slug}/snapshots`);
    await page.locator(".snapshots").waitFor();
    await expect(page.getByRole("button", { name: "Save a snapshot" }).count()).resolves.toBe(0);
    await page.close();
  }, 60_000);

  it("lets a reviewer approve a cell in the review queue", async () => {
    const { slug } = await app.copySpeech();
    const headers = await app.apiHeaders("tomas", "translator");
    const rows = (await (await fetch(`${base}/api/documents/${slug}/rows?offset=0&limit=1`, { headers })).json()) as RowsPage;
    const target = rows.rows[0]!.cells.en!;
    const saved = await fetch(`${base}/api/cells/${target.id}`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ text: `${target.text} Tomas added this.`, baseRevisionId: target.headRevisionId }),
    });
    expect(saved.status).toBe(200);

    const page = await (await personContext(browser, app, { handle: "rita", role: "reviewer" })).newPage();
    await page.goto(`${base}/en/documents/${slug}/review?lang=en`);
    const item = page.locator('.review-item[aria-label="row 1 (en)"]');
    await item.locator("ins", { hasText: "Tomas added this." }).waitFor();
    await item.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Approved 1 cell." }).waitFor();
    await item.waitFor({ state: "detached" });
    const after = (await (await fetch(`${base}/api/documents/${slug}/rows?offset=0&limit=1`, { headers })).json()) as RowsPage;
    expect(after.rows[0]!.cells.en!.status).toBe("approved");
    expect(cspViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("lets a translator limited to some languages edit only those", async () => {
    const { slug } = await app.copySpeech();
    const context = await personContext(browser, app, { handle: "lida", role: "translator" });
    await setLanguageLimits(app.db, "lida", slug, ["en"]);
    const page = await openDocument(context, slug);
    await page.getByText("Here you edit only: English.").waitFor();
    await expect(page.locator(".row-menu").count()).resolves.toBe(0);
    expect(await opensEditor(page, 3, "ru")).toBe(false);
    expect(await opensEditor(page, 3, "en")).toBe(true);
    await expect(page.getByRole("button", { name: "Split at cursor" }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel("split other languages too").count()).resolves.toBe(0);
    await editor(page).fill("Lida's English for row three.");
    await editor(page).press("Control+Enter");
    await editor(page).waitFor({ state: "detached" });
    await expect(cell(page, 3, "en").locator(".cell-text").textContent()).resolves.toBe("Lida's English for row three.");
    await page.close();
  }, 60_000);
});

describe("one's account", () => {
  it("signs out from the header, after which a private document asks to sign in again", async () => {
    const { slug } = await app.copySpeech();
    const page = await openDocument(await personContext(browser, app, { handle: "sam", role: "translator" }), slug);
    await userMenu(page).getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base}/en`);
    await userMenu(page).getByRole("link", { name: "Sign in" }).waitFor();
    await page.goto(`${base}/en/documents/${slug}`);
    expect(new URL(page.url()).pathname).toBe("/en/sign-in");
    await page.close();
  }, 60_000);

  it("makes an API token shown once, shows when it was last used, and revokes it", async () => {
    const page = await (await personContext(browser, app, { handle: "ivan", role: "reviewer" })).newPage();
    await page.goto(`${base}/en/account`);
    await page.getByText("You have no API tokens.").waitFor();
    await page.getByLabel("Name").fill("ci script");
    await page.getByLabel("Acts as").selectOption("viewer");
    const create = page.getByRole("button", { name: "Create a token" });
    await expect.poll(() => create.isEnabled()).toBe(true);
    await create.click();
    await page.getByText("Your new token “ci script”. Copy it now: it is shown only this once.").waitFor();
    const token = await page.getByLabel("New token").inputValue();
    expect(token).toMatch(/^wbt_/);
    await page.getByRole("button", { name: "Copy" }).waitFor();
    await screenshot(page, "account-token-created");

    const asScript = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await asScript.json()).user).toMatchObject({ handle: "ivan", role: "viewer" });

    await page.reload();
    const row = page.locator("tbody tr", { hasText: "ci script" });
    await row.waitFor();
    await expect(page.getByLabel("New token").count()).resolves.toBe(0);
    await expect(row.locator("td").nth(1).textContent()).resolves.toBe("viewer");
    await expect(row.locator("td").nth(3).textContent()).resolves.not.toBe("never");
    await expect(page.locator("html").textContent()).resolves.not.toContain(token);

    await row.getByRole("button", { name: "Revoke ci script" }).click();
    await row.getByText(/^revoked /).waitFor();
    const revoked = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    await page.close();
  }, 60_000);

  it("changes the password, which signs out every other browser", async () => {
    const here = await personContext(browser, app, { handle: "pavel", role: "translator" });
    const elsewhere = await personContext(browser, app, { handle: "pavel", role: "translator" });
    expect(await me(elsewhere)).toMatchObject({ handle: "pavel" });
    const page = await here.newPage();
    await page.goto(`${base}/en/account`);
    await page.getByLabel("Current password").fill(TEST_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("pavel's much better passphrase");
    await page.getByLabel("New password again").fill("pavel's much better passphrase");
    const change = page.getByRole("button", { name: "Change the password" });
    await expect.poll(() => change.isEnabled()).toBe(true);
    await change.click();
    await page.getByRole("status").filter({ hasText: "Password changed." }).waitFor();
    expect(await me(here)).toMatchObject({ handle: "pavel" });
    expect(await me(elsewhere)).toBeNull();

    await userMenu(page).getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${base}/en`);
    await page.goto(`${base}/en/sign-in`);
    await signInWithForm(page, "pavel", TEST_PASSWORD);
    await page.getByRole("alert").filter({ hasText: "Wrong handle, email or password." }).waitFor();
    await signInWithForm(page, "pavel", "pavel's much better passphrase");
    await page.waitForURL(`${base}/en`);
    await expect(userMenu(page).textContent()).resolves.toContain("Pavel · translator");
    await page.close();
  }, 60_000);

  it("signs out everywhere", async () => {
    const here = await personContext(browser, app, { handle: "sasha", role: "viewer" });
    const elsewhere = await personContext(browser, app, { handle: "sasha", role: "viewer" });
    const page = await here.newPage();
    await page.goto(`${base}/en/account`);
    const everywhere = page.getByRole("button", { name: "Sign out everywhere" });
    await expect.poll(() => everywhere.isEnabled()).toBe(true);
    await everywhere.click();
    await page.waitForURL(`${base}/en`);
    expect(await me(here)).toBeNull();
    expect(await me(elsewhere)).toBeNull();
    await page.close();
  }, 60_000);
});

describe.each(["en", "ru"] as const)("the account screens in %s", (locale) => {
  const titles = { en: { signIn: "Sign in", account: "Your account" }, ru: { signIn: "Вход", account: "Ваша учётная запись" } };

  it("the sign-in page has a title, hydrates under the CSP, and has no WCAG A/AA violation", async () => {
    const page = await (await readerContext(browser, locale)).newPage();
    await page.goto(`${base}/${locale}/sign-in`);
    await expect.poll(() => page.locator("form button[type=submit]").isEnabled()).toBe(true);
    await expect(page.title()).resolves.toBe(`${titles[locale].signIn} — Parallel`);
    await expectNoAxeViolations(page, `sign-in (${locale})`);
    expect(cspViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("the account page, with a token just made, has a title and no WCAG A/AA violation", async () => {
    const page = await (await personContext(browser, app, { handle: `ada-${locale}`, role: "admin" }, locale)).newPage();
    await page.goto(`${base}/${locale}/account`);
    await expect(page.title()).resolves.toBe(`${titles[locale].account} — Parallel`);
    await page.locator("input[name=name]").fill("script");
    const create = page.locator("form button[type=submit]").last();
    await expect.poll(() => create.isEnabled()).toBe(true);
    await create.click();
    await page.locator("tbody tr").waitFor();
    await expectNoAxeViolations(page, `account (${locale})`);
    expect(cspViolations(page)).toEqual([]);
    await screenshot(page, `account-${locale}`);
    await page.close();
  }, 60_000);
});
