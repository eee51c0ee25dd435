import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { UserRole } from "@/lib/db/generated/enums";
import type { RunningApp } from "./app";

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A headless Chromium (each context gets a fresh profile); fails loudly when the browser is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

/**
 * A browser context of a reader without an account. Made inside a test (or
 * its beforeEach), it is that test's alone: fresh cookies and storage, and
 * closed when the test ends.
 */
export async function readerContext(browser: Browser, locale = "en-US", label = "reader"): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  contexts.push({ context, test: currentTest });
  context.on("page", (page) => track(page, label));
  return context;
}

/**
 * A browser context signed in as a person of the app, with a role: the
 * person is made in the app's database (once per handle) and signs in the
 * way the sign-in page does (POST /api/session from this site), so the
 * context carries a real session cookie.
 */
export async function personContext(
  browser: Browser,
  app: RunningApp,
  person: { handle: string; role: UserRole; name?: string },
  locale = "en-US",
): Promise<BrowserContext> {
  const { handle, password } = await app.person(person.handle, person.role, person.name);
  const context = await readerContext(browser, locale, handle);
  const signedIn = await context.request.post(`${app.base}/api/session`, {
    data: { login: handle, password },
    headers: { origin: app.base },
  });
  if (!signedIn.ok()) throw new Error(`${handle} could not sign in: ${signedIn.status()} ${await signedIn.text()}`);
  return context;
}

/** A page of a person's context, with what it said while it was open. */
interface TrackedPage {
  page: Page;
  person: string;
  /** The test that opened it (see startTest), so a failure keeps its own pages. */
  test: number;
  log: string[];
}

const tracked: TrackedPage[] = [];
const contexts: { context: BrowserContext; test: number }[] = [];
/** 0 outside any test (in beforeAll, say); each test gets the next number. */
let currentTest = 0;

function track(page: Page, person: string) {
  const entry: TrackedPage = { page, person, test: currentTest, log: [] };
  const at = () => new Date().toISOString().slice(11, 23);
  page.on("console", (message) => {
    const { url, lineNumber } = message.location();
    entry.log.push(`${at()} [console.${message.type()}] ${message.text()}${url ? `  (${url}:${lineNumber})` : ""}`);
  });
  page.on("pageerror", (error) => entry.log.push(`${at()} [pageerror] ${error.stack ?? error.message}`));
  page.on("requestfailed", (request) =>
    entry.log.push(`${at()} [requestfailed] ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? "?"}`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400)
      entry.log.push(`${at()} [response ${response.status()}] ${response.request().method()} ${response.url()}`);
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) entry.log.push(`${at()} [navigated] ${frame.url()}`);
  });
  page.on("crash", () => entry.log.push(`${at()} [crash]`));
  tracked.push(entry);
}

/** What a page said while it was open (console, errors, failed requests, navigations), as the failure artifacts keep it. */
export function consoleOf(page: Page): string[] {
  return tracked.find((entry) => entry.page === page)?.log ?? [];
}

/** Marks the start of a test: contexts and pages made from now on belong to it (tests/setup/browser-tests.ts calls this). */
export function startTest() {
  currentTest += 1;
  // Pages closed before have nothing more to tell.
  for (let index = tracked.length - 1; index >= 0; index--) {
    if (tracked[index]!.page.isClosed()) tracked.splice(index, 1);
  }
}

/** Where a failing browser test leaves its screenshots and console logs. */
export const failureDir = path.resolve("test-results", "browser");

/**
 * Ends a test (tests/setup/browser-tests.ts calls this after each one). When
 * it failed (`failedAs` names it), a screenshot and the console of each page
 * it opened (every open page when it opened none) go to
 * test-results/browser/NAME/. Then the contexts the test made are closed,
 * with their pages, so that nothing of one test reaches the next.
 * Returns the directory written, if any.
 */
export async function finishTest(failedAs: string | null): Promise<string | null> {
  const own = tracked.filter((entry) => entry.test === currentTest);
  let dir: string | null = null;
  if (failedAs !== null) {
    const pages = own.length ? own : tracked.filter((entry) => !entry.page.isClosed());
    if (pages.length) dir = await keepArtifacts(path.join(failureDir, failedAs), pages);
  }
  const ending = contexts.filter((entry) => entry.test === currentTest);
  await Promise.all(ending.map(({ context }) => context.close().catch(() => undefined)));
  contexts.splice(0, contexts.length, ...contexts.filter((entry) => entry.test !== currentTest));
  return dir;
}

async function keepArtifacts(dir: string, pages: TrackedPage[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  await Promise.all(
    pages.map(async (entry, index) => {
      const stem = path.join(dir, `page-${index + 1}-${entry.person}`);
      const lines = [`person: ${entry.person}`];
      if (entry.page.isClosed()) lines.push("closed before the test ended: no screenshot");
      else {
        lines.push(`url: ${entry.page.url()}`);
        // What the page said to its user when the test failed (the screenshot shows it too, where one can be looked at).
        const said = await entry.page
          .locator("[role=alert], [role=status]")
          .allTextContents()
          .catch((error: Error) => [`(could not be read: ${error.message})`]);
        for (const text of said) if (text.trim()) lines.push(`says: ${text.trim()}`);
        try {
          await entry.page.screenshot({ path: `${stem}.png`, fullPage: true, timeout: 15_000 });
        } catch (error) {
          lines.push(`no screenshot: ${(error as Error).message}`);
        }
      }
      await writeFile(`${stem}.console.txt`, [...lines, "", ...entry.log, ""].join("\n"));
    }),
  );
  return dir;
}

/** WCAG 2.0 and 2.1, levels A and AA: the rules an accessibility check holds every screen to. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe-core on the page as it is now and fails with a readable list of
 * every violation: rule, impact, what it means and the elements concerned.
 */
export async function expectNoAxeViolations(page: Page, what = page.url()): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (!violations.length) return;
  const report = violations.map((violation) => {
    const nodes = violation.nodes.map((node) => {
      const summary = node.failureSummary?.split("\n").slice(1).join(" ").trim();
      return `    ${node.target.join(" ")}${summary ? ` — ${summary}` : ""}`;
    });
    return [`  ${violation.id} (${violation.impact ?? "?"}): ${violation.help}`, `    ${violation.helpUrl}`, ...nodes].join("\n");
  });
  throw new Error(`${violations.length} accessibility violation(s) on ${what}:\n${report.join("\n")}`);
}

export const screenshotDir = path.resolve("test-results", "screenshots");

export function screenshot(page: Page, name: string) {
  return page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/**
 * Every row of a virtualized view, read by scrolling from top to bottom:
 * each row's number and the text of each language's cell.
 */
export async function readAllRows(page: Page): Promise<{ number: number; cells: Record<string, string> }[]> {
  return page.evaluate(async () => {
    const seen = new Map<number, Record<string, string>>();
    const collect = () => {
      for (const row of document.querySelectorAll<HTMLElement>("[data-row]")) {
        const cells: Record<string, string> = {};
        for (const cell of row.querySelectorAll<HTMLElement>("[data-lang]"))
          cells[cell.dataset.lang!] = cell.querySelector(".cell-text")?.textContent ?? "";
        seen.set(Number(row.dataset.row), cells);
      }
    };
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    window.scrollTo(0, 0);
    await frame();
    for (let top = 0; ; top += window.innerHeight / 2) {
      window.scrollTo(0, top);
      await frame();
      await new Promise((resolve) => setTimeout(resolve, 30));
      collect();
      if (top > document.documentElement.scrollHeight) break;
    }
    window.scrollTo(0, 0);
    return [...seen.entries()].sort(([a], [b]) => a - b).map(([number, cells]) => ({ number, cells }));
  });
}

/** Waits until the focused element is the cell of `row` in `lang`. */
export const waitForCellFocus = (page: Page, row: number, lang: string) =>
  page.waitForFunction(
    ([row, lang]) => {
      const focused = document.activeElement as HTMLElement | null;
      return (
        focused?.getAttribute("role") === "gridcell" &&
        focused.dataset.lang === lang &&
        focused.closest<HTMLElement>("[data-row]")?.dataset.row === row
      );
    },
    [String(row), lang] as const,
    { timeout: 10_000 },
  );
