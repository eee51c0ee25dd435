import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLanguageLimits } from "@/lib/auth/accounts";
import { createToken } from "@/lib/auth/tokens";
import { createDocument } from "@/lib/documents/create-document";
import type { RowsPage } from "@/lib/documents/rows";
import type { SnapshotSummary } from "@/lib/revisions";
import { ensureSystemUser } from "@/lib/users";
import { type RunningApp, startApp } from "../helpers/app";
import { expectNoAxeViolations, launchBrowser, personContext, screenshot } from "../helpers/browser";

// Script-bearing text in every field people can write and others see: cell
// text, the document's title, language labels and provenance, display
// names, snapshot names, review notes, token names. Every screen that shows
// them must show them as text and run nothing, with a CSP that would refuse
// inline scripts anyway.
const PAYLOADS = [
  `<img src=x onerror="window.__pwned=1">`,
  `<script>window.__pwned=1</script>`,
  `javascript:window.__pwned=1`,
  `{{constructor.constructor('window.__pwned=1')()}}`,
] as const;
const ALL = PAYLOADS.join(" · ");
const [IMG, SCRIPT, JS_LINK, TEMPLATE] = PAYLOADS;

const SLUG = "pwn";
const TITLE = `Title ${ALL}`;
const LABELS = { ru: `${IMG} ${SCRIPT}`, en: `${JS_LINK} ${TEMPLATE}` };
const PROVENANCE = `Provenance ${ALL}`;

// Display names (at most 80 characters): one payload each.
const PEOPLE = {
  tina: { handle: "tina", role: "translator", name: IMG },
  rex: { handle: "rex", role: "reviewer", name: SCRIPT },
  jay: { handle: "jay", role: "translator", name: JS_LINK },
  ada: { handle: "ada", role: "admin", name: TEMPLATE },
} as const;

let app: RunningApp;
let browser: Browser;
let base: string;
let snapshotId: number;

type Person = keyof typeof PEOPLE;
const headersOf = (person: Person) => app.apiHeaders(person, PEOPLE[person].role, PEOPLE[person].name);

async function api(person: Person, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: await headersOf(person),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
  return answer as unknown;
}

async function cellOf(row: number, code: "ru" | "en") {
  const page = (await api("ada", "GET", `/api/documents/${SLUG}/rows?offset=${row - 1}&limit=1`)) as RowsPage;
  return page.rows[0]!.cells[code]!;
}

async function save(person: Person, row: number, code: "ru" | "en", text: string) {
  const cell = await cellOf(row, code);
  await api(person, "PUT", `/api/cells/${cell.id}`, { text, baseRevisionId: cell.headRevisionId });
}

async function decide(verdict: "approve" | "reject", row: number, note: string) {
  const cell = await cellOf(row, "en");
  await api("rex", "POST", `/api/documents/${SLUG}/review`, {
    decisions: [{ cellId: cell.id, revisionId: cell.headRevisionId, verdict, note }],
  });
}

beforeAll(async () => {
  app = await startApp();
  base = app.base;
  browser = await launchBrowser();

  const system = await ensureSystemUser(app.db);
  const paragraphs = (code: string) => [`${code} ${ALL}`, `${code} second ${ALL}`, `${code} third ${ALL}`, `${code} plain fourth row.`];
  await createDocument(
    app.db,
    {
      slug: SLUG,
      title: TITLE,
      languages: [
        { code: "ru", label: LABELS.ru, isOriginal: true, provenance: PROVENANCE, paragraphs: paragraphs("ru") },
        { code: "en", label: LABELS.en, isOriginal: false, provenance: PROVENANCE, paragraphs: paragraphs("en") },
      ],
    },
    { authorId: system.id },
  );
  for (const person of Object.keys(PEOPLE) as Person[]) await headersOf(person);

  // Row 1: approved, rewritten by Tina, rejected by Rex with a note (back to the approved text).
  await decide("approve", 1, `Approved ${ALL}`);
  await save("tina", 1, "en", `Tina's ${ALL}`);
  await decide("reject", 1, `Rejected ${ALL}`);
  await save("jay", 2, "en", `Jay's ${ALL}`);
  for (const name of PAYLOADS) {
    snapshotId = ((await api("rex", "POST", `/api/documents/${SLUG}/snapshots`, { name })) as SnapshotSummary).id;
  }
  // After the snapshots, so comparing the last one with now shows a diff.
  await save("tina", 3, "en", `Tina's third ${ALL}`);

  const ada = await app.person("ada", "admin", PEOPLE.ada.name);
  for (const name of PAYLOADS) await createToken(app.db, ada.id, { name });
  await setLanguageLimits(app.db, "tina", SLUG, ["en"]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const contextOf = (person: Person) => personContext(browser, app, PEOPLE[person]);

/**
 * Opens a screen, watching for dialogs; checks that the answer carries a CSP
 * whose script-src has a nonce and no 'unsafe-inline'.
 */
async function open(context: BrowserContext, path: string, ready: (page: Page) => Promise<unknown>) {
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(`${base}${path}`);
  expect(response!.status(), path).toBe(200);
  const policy = response!.headers()["content-security-policy"] ?? "";
  const scriptSrc = policy.split(";").find((directive) => directive.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc, path).toMatch(/'nonce-[^']+'/);
  expect(scriptSrc, path).not.toContain("'unsafe-inline'");
  await ready(page);
  // Hydrated, and a broken image's onerror would have fired by now.
  await page.waitForLoadState("networkidle");
  return { page, dialogs };
}

/** The screen shows each text literally and nothing ran: no flag, no dialog, no element made of the text. */
async function expectInert({ page, dialogs }: { page: Page; dialogs: string[] }, shown: string[]) {
  const visible = await page.evaluate(() =>
    [
      document.body.innerText,
      document.title,
      ...[...document.querySelectorAll("input, textarea")].map((field) => (field as HTMLInputElement).value),
    ].join("\n"),
  );
  for (const text of shown) expect(visible, `${page.url()} shows ${text}`).toContain(text);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('img[src="x"], a[href^="javascript:"], [onerror]').count()).toBe(0);
}

const cell = (page: Page, row: number, lang: string) => page.locator(`[data-row="${row}"] [data-lang="${lang}"]`);

describe("script-bearing text", () => {
  it("shows as text on the document list, the workbench and a cell's history", async () => {
    const ada = await contextOf("ada");
    await expectInert(await open(ada, "/en", (page) => page.getByRole("link", { name: TITLE }).waitFor()), [
      TITLE,
      LABELS.ru,
      LABELS.en,
      TEMPLATE,
    ]);

    const workbench = await open(ada, `/en/documents/${SLUG}`, (page) => page.locator("[role=grid][data-ready]").waitFor());
    await expectInert(workbench, [TITLE, LABELS.ru, LABELS.en, PROVENANCE, `en ${ALL}`, `Jay's ${ALL}`, `Tina's third ${ALL}`]);

    // Row 1's history: Tina's text, Rex's revert with his note, their names (diffs split texts into parts).
    await cell(workbench.page, 1, "en").getByRole("button", { name: "History" }).click();
    const history = workbench.page.getByRole("dialog");
    await history.locator(".revision").nth(2).waitFor();
    await expectInert(workbench, ["Tina's", ALL, `Rejected ${ALL}`, IMG, SCRIPT]);
  });

  it("shows as text in review: the queue, the decision log, changes to my work", async () => {
    const rex = await contextOf("rex");
    const review = await open(rex, `/en/documents/${SLUG}/review`, (page) => page.locator(".review-item").first().waitFor());
    await expectInert(review, [TITLE, `Approved ${ALL}`, `Rejected ${ALL}`, "Jay's", ALL, IMG, SCRIPT]);

    const tina = await contextOf("tina");
    const changes = await open(tina, `/en/documents/${SLUG}/changes`, (page) => page.locator(".review-item").first().waitFor());
    await expectInert(changes, [TITLE, SCRIPT, "Tina's", ALL]);
  });

  it("shows as text in snapshots, a snapshot, the comparison and the print view", async () => {
    const ada = await contextOf("ada");
    const snapshots = await open(ada, `/en/documents/${SLUG}/snapshots`, (page) => page.locator("[data-snapshot]").nth(3).waitFor());
    await expectInert(snapshots, [TITLE, ...PAYLOADS]);

    const snapshot = await open(ada, `/en/documents/${SLUG}/snapshots/${snapshotId}`, (page) => page.getByRole("table").waitFor());
    await expectInert(snapshot, [TEMPLATE, `en ${ALL}`, `Jay's ${ALL}`]);

    const compare = await open(ada, `/en/documents/${SLUG}/compare?from=snapshot:${snapshotId}&to=now`, (page) =>
      page.locator(".diff").first().waitFor(),
    );
    await expectInert(compare, [TITLE, "Tina's", ALL]);

    const print = await open(ada, `/en/documents/${SLUG}/print`, (page) => page.getByRole("table").waitFor());
    await expectInert(print, [TITLE, LABELS.en, `Jay's ${ALL}`]);
  });

  it("shows as text in the activity feed, with its diffs open", async () => {
    const ada = await contextOf("ada");
    const activity = await open(ada, `/en/documents/${SLUG}/activity`, (page) => page.locator("[data-source]").first().waitFor());
    await expectInert(activity, [TITLE, ...PAYLOADS, `Approved ${ALL}`, `Rejected ${ALL}`]);
    // Each snapshot's name is its link, as text.
    for (const name of PAYLOADS) expect(await activity.page.getByRole("link", { name, exact: true }).count()).toBe(1);
    for (const summary of await activity.page.locator("details summary").all()) await summary.click();
    await expectInert(activity, ["Tina's", "Jay's", "third", ALL]);
    await screenshot(activity.page, "activity-feed");
    await expectNoAxeViolations(activity.page, "the activity feed");
  });

  it("shows as text on the account and admin screens", async () => {
    const ada = await contextOf("ada");
    const account = await open(ada, "/en/account", (page) => page.locator("[data-token]").nth(3).waitFor());
    await expectInert(account, [...PAYLOADS]);

    const admin = await open(ada, "/en/admin", (page) => page.locator('tr[data-user="rex"]').waitFor());
    await expectInert(admin, [...PAYLOADS, TITLE, `${SLUG}: en`]);
    await admin.page.getByLabel("Person", { exact: true }).selectOption("tina");
    await admin.page.getByLabel("Document", { exact: true }).selectOption(SLUG);
    await expectInert(admin, [LABELS.ru, LABELS.en, `Languages tina may edit in “${TITLE}”`]);
  });
});
