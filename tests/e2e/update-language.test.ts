// Updating a language from a revised file in the browser (issue #13): the
// English of a copy of the speech comes back with two paragraphs revised;
// the preview shows exactly those two with their word diffs, one is left out,
// applying writes the other as one file_update revision; an XLIFF 1.2 file
// downloaded from the export form before an edit made in the app comes back
// changing the same words: the preview shows the conflict, and the text typed
// for it is what is written; in English and Russian.
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { writeCellText } from "@/lib/cells/write-cell-text";
import { escapeXml } from "@/lib/formats/xml";
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

const en = splitParagraphs(await readFile("data/speech/en.txt", "utf8"));

describe.each<[Locale, string]>([
  ["en", "en-US"],
  ["ru", "ru-RU"],
])("updating a language from a file (%s interface)", (locale, browserLocale) => {
  const t = getTranslator(locale);
  let admin: BrowserContext;

  beforeAll(async () => {
    admin = await personContext(browser, app, { handle: "uma", role: "admin", name: "Uma" }, browserLocale);
  });

  afterAll(async () => admin?.close());

  it("previews the two revised paragraphs with their diffs, applies one of them, and writes one revision", async () => {
    const { slug } = await app.copySpeech();
    const revised = [...en];
    revised[2] = `${en[2]} Thank you.`;
    revised[9] = `${en[9]} Indeed.`;
    const page = await admin.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}/transfer`);
    const section = page.getByRole("region", { name: t("transfer.update.heading") });
    await section.getByLabel(t("transfer.update.language")).selectOption("en");
    await section
      .getByLabel(t("transfer.import.file"), { exact: true })
      .setInputFiles({ name: "speech.en.revised.txt", mimeType: "text/plain", buffer: Buffer.from(revised.join("\n\n")) });
    await section.getByRole("button", { name: t("transfer.update.preview") }).click();

    const preview = section.getByRole("region", { name: t("transfer.update.previewHeading") });
    await expect
      .poll(() => preview.getByRole("status").textContent(), { timeout: 30_000 })
      .toBe(t("transfer.update.counts", { changed: 2, unchanged: en.length - 2, added: 0, removed: 0 }));
    const changes = preview.locator(".update-changes > li");
    await expect.poll(() => changes.count()).toBe(2);
    // Each change shows its own insertion alone (after the mark's label for screen readers).
    expect(await changes.nth(0).locator("ins").allTextContents()).toEqual([expect.stringMatching(/: {2}Thank you\.$/)]);
    expect(await changes.nth(1).locator("ins").allTextContents()).toEqual([expect.stringMatching(/: {2}Indeed\.$/)]);
    await expectNoAxeViolations(page, `the update preview (${locale})`);

    // Leave the second change out.
    await changes.nth(1).getByRole("checkbox").uncheck();
    await preview.getByRole("button", { name: t("transfer.update.apply") }).click();
    await expect
      .poll(() => section.locator(".transfer-result").textContent(), { timeout: 30_000 })
      .toContain(t("transfer.update.done", { changed: 1, added: 0, removed: 0 }));

    const revisions = await app.db.revision.findMany({
      where: { kind: "file_update", cell: { segment: { document: { slug } } } },
      select: { text: true, note: true },
    });
    expect(revisions).toEqual([{ text: revised[2], note: "updated from speech.en.revised.txt" }]);
  }, 90_000);

  it("shows a conflict with an edit made in the app since the export, and writes the text chosen for it", async () => {
    const { slug } = await app.copySpeech();
    const page = await admin.newPage();
    await page.goto(`${app.base}/${locale}/documents/${slug}/transfer`);
    // The file downloaded from the export form as XLIFF 1.2 (the version CAT tools such as OmegaT read).
    const exporter = page.getByRole("region", { name: t("transfer.export.heading") });
    await exporter.getByLabel(t("transfer.export.format")).selectOption("xliff");
    await exporter.getByLabel(t("transfer.export.xliffVersion")).selectOption("1.2");
    const href = await exporter.getByRole("link", { name: t("transfer.export.download") }).getAttribute("href");
    expect(href).toContain("xliffVersion=1.2");
    const xliff = await (await page.request.get(`${app.base}${href}`)).text();
    expect(xliff).toContain('version="1.2"');
    const cells = await app.db.cell.findMany({
      where: { segment: { document: { slug }, deletedAt: null }, language: { code: "en" }, text: { not: "" } },
      orderBy: { segment: { position: "asc" } },
      select: { id: true, text: true },
    });
    const cell = cells[5]!;
    const lastWord = cell.text.match(/(\p{L}+)(\P{L}*)$/u)!;
    const ending = (word: string) => `${cell.text.slice(0, lastWord.index)}${word}${lastWord[2]}`;
    const uma = await app.db.user.findUniqueOrThrow({ where: { handle: "uma" } });
    await app.db.$transaction((tx) => writeCellText(tx, { cellId: cell.id, text: ending("app"), authorId: uma.id, kind: "edit" }));
    const returned = xliff.replace(`>${escapeXml(cell.text)}</target>`, `>${escapeXml(ending("file"))}</target>`);
    expect(returned).not.toBe(xliff);

    const section = page.getByRole("region", { name: t("transfer.update.heading") });
    await section.getByLabel(t("transfer.update.language")).selectOption("en");
    await section
      .getByLabel(t("transfer.import.file"), { exact: true })
      .setInputFiles({ name: "returned.xlf", mimeType: "application/xliff+xml", buffer: Buffer.from(returned) });
    await section.getByRole("button", { name: t("transfer.update.preview") }).click();

    const preview = section.getByRole("region", { name: t("transfer.update.previewHeading") });
    await expect
      .poll(() => preview.getByRole("status").textContent(), { timeout: 30_000 })
      .toContain(t("transfer.update.conflictsCount", { count: 1 }));
    const conflicts = preview.locator(".update-conflicts > li");
    await expect.poll(() => conflicts.count()).toBe(1);
    expect(await preview.locator(".update-changes > li").count()).toBe(0);
    const conflict = conflicts.first();
    expect(await conflict.locator("legend").textContent()).toBe(t("transfer.update.row", { row: 6 }));
    expect(await conflict.locator("ins").allTextContents()).toEqual([expect.stringMatching(/app$/), expect.stringMatching(/file$/)]);
    await expectNoAxeViolations(page, `a conflict in the update preview (${locale})`);

    await conflict.getByRole("radio", { name: t("transfer.update.resolve.edit") }).check();
    const resolved = ending("app and file");
    await conflict.getByLabel(t("transfer.update.resolvedText", { row: 6 })).fill(resolved);
    await preview.getByRole("button", { name: t("transfer.update.apply") }).click();
    await expect
      .poll(() => section.locator(".transfer-result").textContent(), { timeout: 30_000 })
      .toContain(t("transfer.update.doneConflicts", { resolved: 1, left: 0 }));

    expect(await app.db.cell.findUniqueOrThrow({ where: { id: cell.id }, select: { text: true } })).toEqual({ text: resolved });
    const revision = await app.db.revision.findFirstOrThrow({ where: { cellId: cell.id }, orderBy: { id: "desc" } });
    expect(revision).toMatchObject({ kind: "conflict_resolution", text: resolved, authorId: uma.id, note: "updated from returned.xlf" });
  }, 90_000);
});
