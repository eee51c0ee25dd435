import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect } from "vitest";
import { PUT as saveCellRoute } from "@/app/api/cells/[id]/route";
import { POST as dismissRoute } from "@/app/api/cells/[id]/checks/dismissals/route";
import { POST as reviewRoute } from "@/app/api/documents/[slug]/review/route";
import { setLanguageLimits } from "@/lib/auth/accounts";
import { saveCell } from "@/lib/cells/save-cell";
import type { Db } from "@/lib/db/client";
import { checkCounts, queuedRechecksDone, reviewQueueWithChecks } from "@/lib/documents/checks";
import { createDocument } from "@/lib/documents/create-document";
import { getRows } from "@/lib/documents/rows";
import { deleteSegment, restoreSegment } from "@/lib/segments/delete-segment";
import { shiftCell } from "@/lib/segments/shift-cell";
import { addPerson, type Person, tokenHeaders } from "../helpers/auth";
import { inProcessCli } from "../helpers/cli";
import { servingRoutes, test } from "../helpers/fixtures";
import { callJson } from "../helpers/routes";

interface World {
  people: Record<"admin" | "reviewer" | "translator" | "viewer" | "limited" | "limitedReviewer", Person>;
  headers: Record<"admin" | "reviewer" | "translator" | "viewer" | "limited" | "limitedReviewer", Record<string, string>>;
}

const it = test
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("wb", { scope: "file" }, async ({ url }) => inProcessCli(url))
  .extend("world", { scope: "file" }, async ({ db }) => {
    const people = {
      admin: await addPerson(db, "admin-checks", "admin"),
      reviewer: await addPerson(db, "rita", "reviewer", { name: "Rita Reviewer" }),
      translator: await addPerson(db, "tom", "translator", { name: "Tom Translator" }),
      viewer: await addPerson(db, "vera", "viewer"),
      limited: await addPerson(db, "lena", "translator"),
      limitedReviewer: await addPerson(db, "roman", "reviewer"),
    };
    const headers = Object.fromEntries(
      await Promise.all(Object.entries(people).map(async ([role, person]) => [role, await tokenHeaders(db, person)])),
    ) as World["headers"];
    return { people, headers } satisfies World;
  });

/** Russian originals (typeset: a non-breaking space before units) and English translations; rows 1 and 3 are the same. */
const ROWS: [string, string][] = [
  ["Спасибо всем за работу.", "Thank you all for your work."],
  ["Рост составил 1,5\u00A0процента за год.", "Growth was 1.5 percent over the year."],
  ["Спасибо всем за работу.", "Thank you all for your work."],
  ["Преступность снизилась на 10\u00A0процентов.", "Crime fell by 10 percent."],
];

let serial = 0;
/** A new document of the rows above (its slug), and its cells by row (1-based) and language. */
async function newDocument(db: Db, authorId: number) {
  const slug = `checks-${++serial}`;
  await createDocument(
    db,
    {
      slug,
      title: slug,
      languages: [
        { code: "ru", label: "Русский", isOriginal: true, provenance: "", paragraphs: ROWS.map(([ru]) => ru) },
        { code: "en", label: "English", isOriginal: false, provenance: "", paragraphs: ROWS.map(([, en]) => en) },
      ],
    },
    { authorId },
  );
  const { rows } = await getRows(db, slug, {});
  const document = await db.document.findUniqueOrThrow({ where: { slug } });
  return { slug, documentId: document.id, rows, cell: (row: number, code: string) => rows[row - 1]!.cells[code]! };
}

/** What is stored for a cell, read from the table itself (no catching up on read) once the re-checks saves queued have run. */
async function stored(db: Db, cellId: number) {
  await queuedRechecksDone();
  const found = await db.cellCheck.findUnique({ where: { cellId } });
  return (
    found && {
      revisionId: found.revisionId,
      kinds: found.kinds,
      messages: (found.checks as { message: string }[]).map((check) => check.message),
    }
  );
}

const save = (headers: Record<string, string>, cell: { id: number; headRevisionId: number | null }, text: string) =>
  callJson(saveCellRoute, { method: "PUT", params: { id: String(cell.id) }, headers, body: { text, baseRevisionId: cell.headRevisionId } });

describe("stored checks", { timeout: 120_000 }, () => {
  it("are computed and stored by a save, and gone when the text is fixed", async ({ db, world }) => {
    const { cell } = await newDocument(db, world.people.admin.id);
    const en = cell(2, "en");
    expect(en.checks).toEqual([]);
    const wrong = await save(world.headers.translator, en, "Growth was 15 percent over the year.");
    expect(wrong.status).toBe(200);
    const head = (wrong.body.cell as { headRevisionId: number }).headRevisionId;
    // Stored by the save itself, for the new head.
    expect(await stored(db, en.id)).toEqual({ revisionId: head, kinds: ["numbers"], messages: ["numbersDiffer"] });

    const fixed = await save(world.headers.translator, { id: en.id, headRevisionId: head }, "Growth was 1.5 percent in the year.");
    expect(fixed.status).toBe(200);
    expect(await stored(db, en.id)).toMatchObject({
      revisionId: (fixed.body.cell as { headRevisionId: number }).headRevisionId,
      kinds: [],
    });
  });

  it("saves answered at once are all re-checked: the queue checks the cells saved meanwhile together, losing none", async ({
    db,
    world,
  }) => {
    const { rows } = await newDocument(db, world.people.admin.id);
    // Every translation at once, each given a figure its original lacks: answers come back before their re-checks run.
    const answers = await Promise.all(
      rows.map((row, index) => save(world.headers.translator, row.cells.en!, `Figure ${index + 7}00 appears here.`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(rows.map(() => 200));
    for (const [index, answer] of answers.entries()) {
      const saved = answer.body.cell as { id: number; headRevisionId: number };
      expect(await stored(db, saved.id), `row ${index + 1}`).toMatchObject({
        revisionId: saved.headRevisionId,
        kinds: expect.arrayContaining(["numbers"]),
      });
    }
  });

  it("a save updates the rows sharing its original (the consistency index), and a deleted row stops counting", async ({ db, world }) => {
    const { slug, cell, rows } = await newDocument(db, world.people.admin.id);
    const first = cell(1, "en");
    const third = cell(3, "en");
    const answer = await save(world.headers.translator, third, "Thanks to everyone for the work.");
    expect(answer.status).toBe(200);
    // Row 1 was not saved, yet its stored checks now name row 3, which translates the same original otherwise.
    expect(await stored(db, first.id)).toMatchObject({ kinds: ["inconsistent"], messages: ["translatedDifferently"] });
    const page = await getRows(db, slug, { limit: 3 });
    expect(page.rows[0]!.cells.en!.checks).toEqual([
      expect.objectContaining({
        kind: "inconsistent",
        severity: "warning",
        message: expect.objectContaining({ en: expect.stringContaining("row 3") }),
      }),
    ]);
    expect(page.rows[2]!.cells.en!.checks.map((check) => check.message.en)).toEqual([expect.stringContaining("row 1")]);

    // Row 3 deleted: row 1 is consistent again on the next read.
    const deleted = await deleteSegment(db, { segmentId: rows[2]!.id, authorId: world.people.admin.id });
    expect(deleted.changeId).toBeGreaterThan(0);
    const after = await getRows(db, slug, { limit: 3 });
    expect(after.rows[0]!.cells.en!.checks).toEqual([]);
    expect(await stored(db, first.id)).toMatchObject({ kinds: [] });
    // Restored: it counts again.
    await restoreSegment(db, { segmentId: rows[2]!.id, authorId: world.people.admin.id });
    expect((await getRows(db, slug, { limit: 1 })).rows[0]!.cells.en!.checks.map((check) => check.kind)).toEqual(["inconsistent"]);

    // Saving row 3 back to row 1's translation clears both, through the save alone.
    const back = await getRows(db, slug, { offset: 2, limit: 1 });
    expect((await save(world.headers.translator, back.rows[0]!.cells.en!, "Thank you all for your work.")).status).toBe(200);
    expect(await stored(db, first.id)).toMatchObject({ kinds: [] });
  });

  it("a save that changes a speaker's label updates the label check of that speaker's other rows", async ({ db, world }) => {
    const slug = `labels-${++serial}`;
    const texts = {
      ru: ["Владимир Путин: Добрый день, уважаемые коллеги.", "Текст без метки здесь.", "Владимир Путин: Спасибо всем большое."],
      en: ["Vladimir Putin: Good afternoon, colleagues.", "Text without a label.", "Vladimir Putin: Thank you all very much."],
    };
    await createDocument(
      db,
      {
        slug,
        title: slug,
        languages: [
          { code: "ru", label: "Русский", isOriginal: true, provenance: "", paragraphs: texts.ru },
          { code: "en", label: "English", isOriginal: false, provenance: "", paragraphs: texts.en },
        ],
      },
      { authorId: world.people.admin.id },
    );
    const { rows } = await getRows(db, slug, {});
    expect(rows.flatMap((row) => Object.values(row.cells).flatMap((cell) => cell!.checks))).toEqual([]);
    const third = rows[2]!.cells.ru!;
    const saved = await save(world.headers.translator, third, "В.Путин: Спасибо всем большое.");
    expect(saved.status).toBe(200);
    // Row 1 was not saved: its stored check now names row 3's other way of writing the name.
    expect(await stored(db, rows[0]!.cells.ru!.id)).toMatchObject({ kinds: ["inconsistent"], messages: ["speakerLabel"] });
    expect(await stored(db, third.id)).toMatchObject({ kinds: ["inconsistent"], messages: ["speakerLabel"] });
    const shown = await getRows(db, slug, { languages: ["ru"] });
    expect(shown.rows[0]!.cells.ru!.checks.map((check) => check.message.en)).toEqual([
      "The speaker label “Владимир Путин” writes the name otherwise than “В.Путин” in row 3",
    ]);
    // A save elsewhere in the row that keeps the label leaves the check as it is.
    const head = (saved.body.cell as { headRevisionId: number }).headRevisionId;
    expect((await save(world.headers.translator, { id: third.id, headRevisionId: head }, "В.Путин: Спасибо всем.")).status).toBe(200);
    expect(await stored(db, rows[0]!.cells.ru!.id)).toMatchObject({ kinds: ["inconsistent"] });
    const now = (await getRows(db, slug, { offset: 2, limit: 1, languages: ["ru"] })).rows[0]!.cells.ru!;
    expect((await save(world.headers.translator, now, "Владимир Путин: Спасибо всем.")).status).toBe(200);
    expect(await stored(db, rows[0]!.cells.ru!.id)).toMatchObject({ kinds: [] });
  });

  it("an import's checks: wb check reports a wrong figure of an imported language, and every cell is stored", async ({ db, wb }) => {
    const dir = await mkdtemp(path.join(tmpdir(), "checks-import-"));
    await writeFile(path.join(dir, "ru.txt"), ROWS.map(([ru]) => ru).join("\n\n"));
    await writeFile(
      path.join(dir, "en.txt"),
      [
        "Thank you all for your work.",
        "Growth was 15 percent over the year.",
        "Thank you all for your work.",
        "Crime fell by 10 percent.",
      ].join("\n\n"),
    );
    expect((await wb(["import", path.join(dir, "ru.txt"), "--slug", "imported", "--title", "Imported", "--language", "ru"])).code).toBe(0);
    expect((await wb(["import", path.join(dir, "en.txt"), "--into", "imported", "--language", "en"])).code).toBe(0);
    const checked = await wb(["check", "imported", "--json"]);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout)).toEqual({
      checks: [{ row: 2, language: "en", kind: "numbers", severity: "error", message: "The original has 1.5, the translation has 15" }],
    });
    const document = await db.document.findUniqueOrThrow({ where: { slug: "imported" } });
    const cells = await db.cell.count({ where: { segment: { documentId: document.id } } });
    expect(
      await db.cellCheck.count({
        where: { segmentId: { in: (await db.segment.findMany({ where: { documentId: document.id } })).map((s) => s.id) } },
      }),
    ).toBe(cells);
    expect(await checkCounts(db, document.id)).toEqual({ error: 1, warning: 0, info: 0 });
  });

  it("a page read after a shift of a long document answers at once, marking the cells behind; the queue then catches up", async ({
    db,
    world,
  }) => {
    const slug = `shifted-${++serial}`;
    // 600 rows: a shift at the top moves more cells than a read re-checks around them (500), so the whole document needs it.
    const ru = Array.from({ length: 600 }, (_, at) => `Строка номер ${at + 1} говорит о своём.`);
    const en = Array.from({ length: 600 }, (_, at) => `Line number ${at + 1} speaks of its own.`);
    en[599] = "Line number 601 speaks of its own.";
    await createDocument(
      db,
      {
        slug,
        title: slug,
        languages: [
          { code: "ru", label: "Русский", isOriginal: true, provenance: "", paragraphs: ru },
          { code: "en", label: "English", isOriginal: false, provenance: "", paragraphs: en },
        ],
      },
      { authorId: world.people.admin.id },
    );
    // The first read of a document never checked answers at once too, and the queue checks it whole.
    const first = await getRows(db, slug, { limit: 2 });
    expect(first.rows[0]!.cells.en!.checksBehind).toBe(true);
    await queuedRechecksDone();
    const checked = await getRows(db, slug, { offset: 598, limit: 2 });
    expect(checked.rows.flatMap((row) => Object.values(row.cells).filter((cell) => cell?.checksBehind))).toEqual([]);
    expect(checked.rows[1]!.cells.en!.checks.map((check) => check.kind)).toEqual(["numbers"]);

    await shiftCell(db, { segmentId: first.rows[0]!.id, languageCode: "en", direction: "down", authorId: world.people.admin.id });
    const shifted = await getRows(db, slug, { limit: 2 });
    // Every English cell moved a row down: each is marked behind, its checks of the row it left still shown; Russian ones are current.
    expect(shifted.rows[1]!.cells.en).toMatchObject({ text: en[0], checksBehind: true });
    expect(shifted.rows[1]!.cells.ru!.checksBehind).toBeUndefined();
    await queuedRechecksDone();
    const caughtUp = await getRows(db, slug, { offset: 599, limit: 2 });
    expect(caughtUp.rows.flatMap((row) => Object.values(row.cells).filter((cell) => cell?.checksBehind))).toEqual([]);
    // The English "601" now sits beside the Russian 600th line's successor: an appended row with no original.
    expect(caughtUp.rows[0]!.cells.en!.checks.map((check) => check.kind)).toContain("numbers");

    // The checks filter reads every row's checks: it waits for them to be current.
    await shiftCell(db, { segmentId: first.rows[1]!.id, languageCode: "en", direction: "up", authorId: world.people.admin.id });
    const failing = await getRows(db, slug, { filter: "checks", languages: ["en"], limit: 5 });
    expect(failing.rows.flatMap((row) => Object.values(row.cells).filter((cell) => cell?.checksBehind))).toEqual([]);
    expect(failing.rows.map((row) => row.number)).toEqual([600]);
  });
});

describe("dismissing a check", { timeout: 120_000 }, () => {
  it("hides it for that revision with who, when and why; an edit that still fails brings it back", async ({ db, wb, world }) => {
    const { slug, documentId, cell } = await newDocument(db, world.people.admin.id);
    const saved = await save(world.headers.translator, cell(2, "en"), "Growth was 15 percent over the year.");
    const head = (saved.body.cell as { headRevisionId: number }).headRevisionId;
    const en = cell(2, "en");
    expect(await checkCounts(db, documentId)).toEqual({ error: 1, warning: 0, info: 0 });

    const dismiss = (who: keyof World["headers"], body: Record<string, unknown>) =>
      callJson(dismissRoute, { method: "POST", params: { id: String(en.id) }, headers: world.headers[who], body });
    // Who may: not a viewer, not a translator limited to another language.
    await setLanguageLimits(db, "lena", slug, ["ru"]);
    await setLanguageLimits(db, "roman", slug, ["ru"]);
    expect((await dismiss("viewer", { kind: "numbers", revisionId: head, reason: "fine" })).status).toBe(403);
    expect((await dismiss("limited", { kind: "numbers", revisionId: head, reason: "fine" })).body.error?.code).toBe("language_not_allowed");
    // What is wrong is named: no reason, a kind that does not fail, a revision that is not the head.
    expect((await dismiss("translator", { kind: "numbers", revisionId: head, reason: " " })).body.error).toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("reason"),
    });
    expect((await dismiss("translator", { kind: "quotes", revisionId: head, reason: "fine" })).body.error?.code).toBe("check_not_failing");
    expect((await dismiss("translator", { kind: "numbers", revisionId: en.headRevisionId, reason: "fine" })).status).toBe(409);
    // A reviewer limited to another language still may (review is not limited).
    const done = await dismiss("limitedReviewer", { kind: "numbers", revisionId: head, reason: "The source's 1,5 is a typo for 15" });
    expect(done.status).toBe(200);
    expect(done.body.dismissal).toMatchObject({ kind: "numbers", revisionId: head, author: { handle: "roman" } });
    expect((await dismiss("translator", { kind: "numbers", revisionId: head, reason: "again" })).body.error?.code).toBe("check_dismissed");

    const page = await getRows(db, slug, { offset: 1, limit: 1 });
    expect(page.rows[0]!.cells.en!.checks).toEqual([]);
    expect(page.rows[0]!.cells.en!.dismissedChecks).toEqual([
      expect.objectContaining({
        kind: "numbers",
        dismissal: expect.objectContaining({
          reason: "The source's 1,5 is a typo for 15",
          author: { handle: "roman", name: expect.any(String) },
        }),
      }),
    ]);
    expect(JSON.parse((await wb(["check", slug, "--json"])).stdout)).toEqual({ checks: [] });
    expect(await checkCounts(db, documentId)).toEqual({ error: 0, warning: 0, info: 0 });
    expect((await getRows(db, slug, { filter: "checks" })).total).toBe(0);

    // An edit that still gets the figure wrong: back.
    const edited = await save(world.headers.translator, { id: en.id, headRevisionId: head }, "Growth was 15 percent this year.");
    expect(edited.status).toBe(200);
    const again = await getRows(db, slug, { offset: 1, limit: 1 });
    expect(again.rows[0]!.cells.en!.checks.map((check) => check.kind)).toEqual(["numbers"]);
    expect(again.rows[0]!.cells.en!.dismissedChecks).toEqual([]);
    expect((await getRows(db, slug, { filter: "checks", checkKind: "numbers" })).total).toBe(1);
    // The record stays.
    expect(await db.checkDismissal.count({ where: { cellId: en.id } })).toBe(1);
  });
});

describe("approving a cell with a failing error", { timeout: 120_000 }, () => {
  it("is refused with 409 checks_failing unless confirmed; nothing is decided on the 409", async ({ db, world }) => {
    const { slug, documentId, cell } = await newDocument(db, world.people.admin.id);
    const wrong = await saveCell(
      db,
      cell(2, "en").id,
      { text: "Growth was 15 percent over the year.", baseRevisionId: cell(2, "en").headRevisionId },
      { authorId: world.people.translator.id },
    );
    const good = cell(4, "en");
    const decide = (body: Record<string, unknown>) =>
      callJson(reviewRoute, { method: "POST", params: { slug }, headers: world.headers.reviewer, body });
    const decisions = [
      { cellId: wrong.cell.id, revisionId: wrong.cell.headRevisionId, verdict: "approve" },
      { cellId: good.id, revisionId: good.headRevisionId, verdict: "approve" },
    ];
    // The queue shows each cell's failing checks, and the counts by severity.
    const queue = await reviewQueueWithChecks(db, { documentId });
    expect(queue.items.find((item) => item.cellId === wrong.cell.id)?.checks).toEqual([
      expect.objectContaining({ kind: "numbers", severity: "error" }),
    ]);
    expect(queue.checkCounts).toEqual({ error: 1, warning: 0, info: 0 });
    const refused = await decide({ decisions });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: "checks_failing",
      details: {
        cells: [
          {
            cellId: wrong.cell.id,
            rowNumber: 2,
            language: "en",
            checks: [expect.objectContaining({ kind: "numbers", severity: "error" })],
          },
        ],
      },
    });
    expect(await db.reviewDecision.count({ where: { cellId: { in: [wrong.cell.id, good.id] } } })).toBe(0);
    // A cell without an error is approved without asking.
    expect((await decide({ decisions: [decisions[1]] })).status).toBe(200);
    // Confirmed: approved.
    const confirmed = await decide({ decisions: [decisions[0]], confirmFailingChecks: true });
    expect(confirmed.status).toBe(200);
    expect((await db.cell.findUniqueOrThrow({ where: { id: wrong.cell.id } })).status).toBe("approved");
  });
});
