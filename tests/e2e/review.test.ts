import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EditorCell, RowsPage } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import type { ReviewQueue } from "@/lib/revisions/review-queue";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext, screenshot } from "../helpers/browser";

// Ana translates, Vera reviews. The app as `wb start` runs it, against the
// run's Postgres when DATABASE_URL is set, else a fresh embedded database.
// Each test reviews its own copy of the speech, so none depends on another.
let app: RunningApp;
let browser: Browser;
let base: string;
let ana: BrowserContext;
let vera: BrowserContext;

const api = (slug: string, path: string) => `${base}/api/documents/${slug}${path}`;
const screen = (slug: string, path: string, locale = "en") => `${base}/${locale}/documents/${slug}${path}`;

async function cellOf(context: BrowserContext, slug: string, row: number, lang: "ru" | "en"): Promise<EditorCell> {
  const response = await context.request.get(api(slug, `/rows?offset=${row - 1}&limit=1`));
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as RowsPage).rows[0]!.cells[lang]!;
}

async function save(context: BrowserContext, slug: string, row: number, lang: "ru" | "en", text: string) {
  const cell = await cellOf(context, slug, row, lang);
  const response = await context.request.put(`${base}/api/cells/${cell.id}`, {
    data: { text, baseRevisionId: cell.headRevisionId },
    headers: { origin: base },
  });
  expect(response.status()).toBe(200);
}

/** A copy of the speech whose imported text Vera has approved as it is: its queue then holds only what a test changes. */
async function approvedCopy(): Promise<string> {
  const { slug } = await app.copySpeech();
  const queue = (await (await vera.request.get(api(slug, "/review?limit=1000"))).json()) as ReviewQueue;
  const approved = await vera.request.post(api(slug, "/review"), {
    headers: { origin: base },
    data: { decisions: queue.items.map((item) => ({ cellId: item.cellId, revisionId: item.head.id, verdict: "approve" })) },
  });
  expect(approved.status()).toBe(200);
  return slug;
}

const counts = (page: Page) =>
  page
    .locator(".review-queue [data-count]")
    .evaluateAll((elements) =>
      Object.fromEntries(elements.map((element) => [element.getAttribute("data-count"), Number(element.textContent)])),
    );

/** Waits until the queue is interactive: once hydrated it focuses the current item, and only then do keys work. */
async function openQueue(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => document.activeElement?.classList.contains("review-item") ?? false);
}

const queueNames = (page: Page) =>
  page.locator(".review-item").evaluateAll((items) => items.map((item) => item.getAttribute("aria-label")));

/** Retries a read of the page until it gives `expected`: the list refreshes from the server after each decision. */
const eventually = <T>(read: () => Promise<T>, expected: T) => expect.poll(read, { timeout: 30_000 }).toEqual(expected);

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();
});

// Contexts of their own in each test: nothing a test leaves in the browser reaches another.
beforeEach(async () => {
  ana = await personContext(browser, app, { handle: "ana", role: "translator" });
  vera = await personContext(browser, app, { handle: "vera", role: "reviewer" });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the review screens", () => {
  it("lets a reviewer read diffs, approve by keyboard, reject with a note and approve the rest in bulk", async () => {
    // Ana edits four cells through the API the workbench saves with (the
    // workbench's own editing is workbench.test.ts's subject).
    const slug = await approvedCopy();
    const original1 = (await cellOf(ana, slug, 1, "en")).text;
    await save(ana, slug, 1, "en", original1.replace("Extended", "Expanded"));
    const original2 = (await cellOf(ana, slug, 2, "en")).text;
    await save(ana, slug, 2, "en", `${original2} Ana added this sentence.`);
    await save(ana, slug, 3, "en", "Ana's rewording of the third paragraph.");
    await save(ana, slug, 4, "ru", "Анна переписала четвёртый абзац.");

    const page = await vera.newPage();
    await openQueue(page, screen(slug, "/review"));
    await eventually(() => queueNames(page), ["row 1 (en)", "row 2 (en)", "row 3 (en)", "row 4 (ru)"]);
    await eventually(() => counts(page), { queue: 4, draft: 0, translated: 4, reviewed: 0, approved: 116 });
    await page.getByText("Keys: j or ↓ next").waitFor();

    // The diff of row 1: the replaced word struck out, the new one marked inserted.
    const first = page.locator(".review-item").nth(0);
    await expect(first.locator("del").textContent()).resolves.toContain("Extended");
    await expect(first.locator("ins").textContent()).resolves.toContain("Expanded");
    await expect(page.locator(".review-item").nth(1).locator("ins").textContent()).resolves.toContain("Ana added this sentence.");
    await screenshot(page, "review-queue");

    // j moves to row 2, k back to row 1; a approves it.
    await page.keyboard.press("j");
    await eventually(() => page.locator(".review-item-current").getAttribute("aria-label"), "row 2 (en)");
    await page.keyboard.press("k");
    await eventually(() => page.locator(".review-item-current").getAttribute("aria-label"), "row 1 (en)");
    await page.keyboard.press("a");
    await page.getByRole("status").filter({ hasText: "Approved 1 cell." }).waitFor();
    await eventually(() => queueNames(page), ["row 2 (en)", "row 3 (en)", "row 4 (ru)"]);
    await eventually(() => counts(page), { queue: 3, draft: 0, translated: 3, reviewed: 0, approved: 117 });

    // r on row 2 asks for a note; rejecting puts the approved text back as Vera's revision.
    await eventually(() => page.locator(".review-item-current").getAttribute("aria-label"), "row 2 (en)");
    await page.keyboard.press("r");
    const note = page.getByRole("textbox", { name: /Why is this text rejected/ });
    await note.fill("The added sentence is not in the original.");
    await screenshot(page, "review-reject-note");
    await page.getByRole("button", { name: "Reject", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Rejected 1 cell" }).waitFor();
    expect((await cellOf(vera, slug, 2, "en")).text).toBe(original2);
    // The revert is itself a new head, shown as an unchanged text to approve again.
    await page.locator('.review-item[aria-label="row 2 (en)"] .diff-none').waitFor();

    // Select all → approve: one request, one transaction.
    await page.getByLabel("Select all on this page").check();
    await eventually(() => page.locator(".review-selected").textContent(), "3 selected");
    await page.getByRole("button", { name: "Approve selected" }).click();
    await page.getByRole("status").filter({ hasText: "Approved 3 cells." }).waitFor();
    await page.getByText("Nothing to review").waitFor();
    await eventually(() => counts(page), { queue: 0, draft: 0, translated: 0, reviewed: 0, approved: 120 });

    // The decision log, newest first (a bulk decision records its cells in order).
    const log = await page.locator(".review-log-list li").allTextContents();
    expect(log.slice(0, 5).map((entry) => entry.replace(/^.*?Vera /, "Vera "))).toEqual([
      "Vera approved row 4 (ru)",
      "Vera approved row 3 (en)",
      "Vera approved row 2 (en)",
      "Vera rejected row 2 (en)The added sentence is not in the original.",
      "Vera approved row 1 (en)",
    ]);
    await screenshot(page, "review-done");
    await page.close();

    // Ana sees Vera's revert of her text among the changes to her work.
    const tracked = await ana.newPage();
    await tracked.goto(screen(slug, "/changes"));
    const change = tracked.locator(".review-item").first();
    await change.waitFor();
    await expect(change.textContent()).resolves.toContain("changed by Vera");
    await expect(change.locator("del").textContent()).resolves.toContain("Ana added this sentence.");
    await expect(change.getByRole("link", { name: "Row 2" }).getAttribute("href")).resolves.toBe(`/en/documents/${slug}?row=2`);
    await screenshot(tracked, "tracked-changes");
    await tracked.close();
  }, 90_000);

  it("explains a decision on a cell that changed meanwhile and shows it again", async () => {
    const slug = await approvedCopy();
    await save(ana, slug, 5, "en", "Ana's first take on row five.");
    const page = await vera.newPage();
    await openQueue(page, screen(slug, "/review"));
    await page.locator('.review-item[aria-label="row 5 (en)"]').waitFor();
    await save(ana, slug, 5, "en", "Ana's second take on row five.");
    const item = page.locator('.review-item[aria-label="row 5 (en)"]');
    await item.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByRole("alert").filter({ hasText: "Nothing was decided: row 5 (en) changed after you loaded the list" }).waitFor();
    await item.getByText("changed meanwhile").waitFor();
    await item.locator("ins", { hasText: "second" }).waitFor();
    await eventually(async () => (await counts(page)).queue, 1);
    await item.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByText("Nothing to review").waitFor();
    await page.close();
  }, 60_000);

  it("saves a snapshot, shows it read-only as it was, and compares it with now", async () => {
    const { slug } = await app.copySpeech();
    const page = await vera.newPage();
    await page.goto(screen(slug, "/snapshots"));
    await page.getByLabel("Name").fill("reviewed 1");
    await page.getByRole("button", { name: "Save a snapshot" }).click();
    const link = page.getByRole("link", { name: "reviewed 1" });
    await link.waitFor();
    await expect(page.getByRole("link", { name: "Export this snapshot (TMX)" }).getAttribute("href")).resolves.toMatch(
      new RegExp(`/api/documents/${slug}/export\\?format=tmx&at=snapshot:\\d+$`),
    );
    await screenshot(page, "snapshots");

    const before = (await cellOf(ana, slug, 6, "en")).text;
    await save(ana, slug, 6, "en", "Row six, rewritten after the snapshot.");

    await link.click();
    await page.locator('.snapshot-view [data-row="6"]').waitFor();
    await expect(page.locator('.snapshot-view [data-row="6"] [data-lang="en"]').textContent()).resolves.toBe(before);
    expect(await page.locator(".snapshot-view tbody tr").count()).toBe(60);
    await screenshot(page, "snapshot-view");

    await page.getByRole("link", { name: "Compare with now" }).click();
    await page.locator(".document-diff").waitFor();
    const summary = () =>
      page
        .locator(".document-diff [data-count]")
        .evaluateAll((elements) =>
          Object.fromEntries(elements.map((element) => [element.getAttribute("data-count"), Number(element.textContent)])),
        );
    await eventually(summary, { changedCells: 1, added: 0, removed: 0, split: 0, merged: 0, moved: 0, unchangedRows: 59 });
    const changed = page.locator('.document-diff .review-item[data-row="6"]');
    await expect(changed.locator("ins").first().textContent()).resolves.toContain("rewritten");
    await screenshot(page, "compare");

    // The workbench filter "changed since" that snapshot shows that row alone.
    const snapshotId = new URL(page.url()).searchParams.get("from")!;
    await page.goto(screen(slug, `?filter=changed&since=${snapshotId}`));
    await page.locator("[role=grid][data-ready]").waitFor();
    await eventually(() => page.locator("[data-row]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-row"))), ["6"]);
    // The snapshot is chosen in the filter once the list of snapshots has come.
    await eventually(() => page.getByLabel("since:").inputValue(), snapshotId);
    await screenshot(page, "workbench-changed-since-snapshot");
    await page.close();
  }, 60_000);

  it("previews one author's edits as diffs, warns about later edits by others, and reverts them", async () => {
    // Ana rewrites three cells; Vera then edits one of them again.
    const slug = await approvedCopy();
    const original1 = (await cellOf(ana, slug, 1, "en")).text;
    await save(ana, slug, 1, "en", "Ana's rewrite of row one.");
    await save(ana, slug, 2, "en", "Ana's rewrite of row two.");
    const original7 = (await cellOf(ana, slug, 7, "en")).text;
    await save(ana, slug, 7, "en", "Ana's rewrite of row seven.");
    await save(vera, slug, 2, "en", "Vera's correction of Ana's row two.");
    const page = await vera.newPage();
    await openQueue(page, screen(slug, "/review"));
    await page.getByText("Bulk revert").click();
    await page.getByLabel("Author (handle)").fill("ana");
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.locator(".bulk-preview");
    await preview.getByText("2 cells will go back to their earlier text.").waitFor();
    await expect(preview.textContent()).resolves.toContain("1 cell was edited later by someone else.");
    const row7 = preview.locator('[data-outcome="revert"]').filter({ hasText: "row 7 (en)" });
    await expect(row7.locator("del").textContent()).resolves.toContain("rewrite of row seven");
    const row2 = preview.locator('[data-outcome="later-edits"]').filter({ hasText: "row 2 (en)" });
    await expect(row2.locator(".bulk-warning").textContent()).resolves.toMatch(/^Edited later by: Vera \(/);
    await screenshot(page, "bulk-revert-preview");

    await page.getByRole("button", { name: "Revert 2 cells" }).click();
    await page.getByRole("status").filter({ hasText: "Reverted 2 cells (1 left as they were)." }).waitFor();
    expect((await cellOf(vera, slug, 7, "en")).text).toBe(original7);
    expect((await cellOf(vera, slug, 1, "en")).text).toBe(original1);
    expect((await cellOf(vera, slug, 2, "en")).text).toBe("Vera's correction of Ana's row two.");
    await page.close();
  }, 60_000);

  it("speaks Russian", async () => {
    const page = await vera.newPage();
    await page.goto(screen(SPEECH_SLUG, "/review", "ru"));
    await page.getByRole("navigation", { name: "Документ" }).getByRole("link", { name: "Проверка" }).waitFor();
    await page.getByText("на проверку").waitFor();
    await page.getByRole("heading", { name: "Решения" }).waitFor();
    await screenshot(page, "review-ru");
    await page.close();
  }, 60_000);
});
