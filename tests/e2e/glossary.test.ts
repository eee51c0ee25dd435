// Terminology in the workbench (issue #15), in the English and the Russian
// interface: a translator selects words in the original's editor and adds
// them to the document's glossary with a translation; the term is marked in
// the original with its translation on hover; the translation that lacks it
// shows the terminology check; the glossary screen lists the term, and the
// shared glossary's screen is read-only for a translator.
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

/** Row 1 of the speech: "Расширенное заседание коллегии МВД России" / "Extended meeting of Russian Interior Ministry Board". */
const TERM = "коллегии МВД";
const TRANSLATION = "Interior Ministry Collegium";

describe.each<[Locale, string]>([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("the glossary in the workbench (%s interface)", (locale, browserLocale) => {
  const t = getTranslator(locale);
  let translator: BrowserContext;

  beforeAll(async () => {
    translator = await personContext(browser, app, { handle: "gleb", role: "translator", name: "Gleb" }, browserLocale);
  });

  afterAll(async () => translator?.close());

  it("adds a term from a selection, marks it in the original and checks the translation for it", async () => {
    const { slug } = await app.copySpeech();
    const page = await translator.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}`);
    await page.locator("[role=grid][data-ready]").waitFor();

    // Select the words in the original's editor and add them with a translation.
    await cell(page, 1, "ru").click();
    const editor = cell(page, 1, "ru").locator("textarea").first();
    await editor.waitFor();
    const original = await editor.inputValue();
    const start = original.indexOf(TERM);
    expect(start).toBeGreaterThan(0);
    await editor.evaluate((area: HTMLTextAreaElement, [from, to]) => area.setSelectionRange(from!, to!), [start, start + TERM.length]);
    await page.getByRole("button", { name: t("glossary.addFromSelection") }).click();
    const form = page.locator(".glossary-add form");
    await expect(form.locator('textarea[name="agreed:ru"]').inputValue()).resolves.toBe(TERM);
    await form.locator('textarea[name="agreed:en"]').fill(TRANSLATION);
    await form.getByRole("button", { name: t("glossary.save") }).click();
    await page
      .getByRole("status")
      .filter({ hasText: t("glossary.addedTerm", { term: TERM }) })
      .waitFor();
    await editor.press("Escape");

    // Marked in the original, its translation on hover and for screen readers.
    const mark = cell(page, 1, "ru").locator("mark.glossary-term");
    await mark.waitFor();
    await expect(mark.getAttribute("title")).resolves.toBe(`English: ${TRANSLATION}`);
    await expect(mark.textContent()).resolves.toBe(`${TERM} (${t("glossary.termIn", { translations: `English: ${TRANSLATION}` })})`);
    await expect(cell(page, 7, "ru").locator("mark.glossary-term").textContent()).resolves.toContain(TERM);

    // The translation lacking the agreed wording fails the terminology check (stored checks: on the next load).
    await page.reload();
    await page.locator("[role=grid][data-ready]").waitFor();
    const badge = cell(page, 1, "en").locator('[data-check="terminology"]');
    const message = t("checks.messages.termMissing", { term: TERM, expected: TRANSLATION });
    await expect(badge.textContent()).resolves.toContain(`${t("checks.kinds.terminology")}: ${message}`);
    await expect(cell(page, 3, "en").locator('[data-check="terminology"]').count()).resolves.toBe(0);
    await expectNoAxeViolations(page);

    // The glossary screen lists it, with who added it.
    await page.getByRole("link", { name: t("glossary.nav") }).click();
    await page.waitForURL(`**/${locale}/documents/${slug}/glossary`);
    const row = page.locator(".glossary-table tbody tr").first();
    await expect(row.locator('td[lang="ru"]').textContent()).resolves.toBe(TERM);
    await expect(row.locator('td[lang="en"]').textContent()).resolves.toBe(TRANSLATION);
    await expect(row.textContent()).resolves.toContain("Gleb");
    await expectNoAxeViolations(page);

    // The shared glossary: readable by a translator, changed by reviewers only.
    await page.getByRole("link", { name: t("glossary.sharedLink") }).click();
    await page.waitForURL(`**/${locale}/glossary`);
    await page.getByRole("heading", { name: t("glossary.sharedTitle") }).waitFor();
    await page.getByText(t("glossary.mayNotEdit", { role: t("auth.roles.reviewer") })).waitFor();
    await expect(page.getByRole("button", { name: t("glossary.add") }).count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
  });
});
