import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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

/** A browser context for one person: their handle and name ride in the cookies the app reads. */
export async function personContext(
  browser: Browser,
  base: string,
  person: { handle: string; name: string },
  locale = "en-US",
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  await context.addCookies([
    { name: "wb_user", value: person.handle, url: base },
    { name: "wb_name", value: encodeURIComponent(person.name), url: base },
  ]);
  return context;
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
