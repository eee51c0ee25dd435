// On a phone (390 px wide), every screen an admin reaches fits the width:
// nothing (header, tabs, forms, hints) pushes the page sideways, in the
// English and the Russian interface (Russian words are longer).
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import type { Locale } from "@/lib/i18n";
import { type RunningApp, startApp } from "../helpers/app";
import { launchBrowser, personContext } from "../helpers/browser";

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

const SCREENS = [
  "",
  `/documents/${SPEECH_SLUG}`,
  `/documents/${SPEECH_SLUG}/review`,
  `/documents/${SPEECH_SLUG}/compare`,
  `/documents/${SPEECH_SLUG}/snapshots`,
  `/documents/${SPEECH_SLUG}/changes`,
  `/documents/${SPEECH_SLUG}/activity`,
  `/documents/${SPEECH_SLUG}/glossary`,
  `/documents/${SPEECH_SLUG}/transfer`,
  "/glossary",
  "/import",
  "/admin",
  "/account",
];

describe.each<[Locale, string]>([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("screens 390 px wide (%s interface)", (locale, browserLocale) => {
  let admin: BrowserContext;

  beforeAll(async () => {
    admin = await personContext(browser, app, { handle: "ada", role: "admin", name: "Ada Lovelace" }, browserLocale);
  });

  afterAll(async () => admin?.close());

  it("fit the width: nothing makes the page scroll sideways", async () => {
    const page = await admin.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const overflowing: string[] = [];
    for (const screen of SCREENS) {
      await page.goto(`${app.base}/${locale}${screen}`);
      await page.locator("main h1, main h2").first().waitFor();
      const { width, stickingOut } = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        // What sticks out of the screen, to say why; not what scrolls within its own frame (a wide table).
        stickingOut: [...document.querySelectorAll("body *")]
          .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((element) => {
            for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
              if (getComputedStyle(parent).overflowX !== "visible") return false;
            }
            return true;
          })
          .slice(0, 3)
          .map(
            (element) => `${element.tagName.toLowerCase()}.${element.className} to ${Math.round(element.getBoundingClientRect().right)} px`,
          ),
      }));
      if (width > 390) overflowing.push(`/${locale}${screen} is ${width} px wide: ${stickingOut.join("; ")}`);
    }
    expect(overflowing).toEqual([]);
  }, 120_000);
});
