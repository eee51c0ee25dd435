import { describe, expect } from "vitest";
import { saveCell } from "@/lib/cells/save-cell";
import { getRows } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import type { Db } from "@/lib/db/client";
import { mergeSegmentWithNext } from "@/lib/segments/merge-segment";
import { ensureSystemUser } from "@/lib/users";
import { inProcessCli } from "../helpers/cli";
import { speechTest } from "../helpers/fixtures";
import { environment, runCli as runChild } from "../helpers/processes";

const it = speechTest.extend("wb", { scope: "file" }, async ({ url }) => inProcessCli(url));

describe("wb check", { timeout: 120_000 }, () => {
  it("finds nothing in the speech as seeded", async ({ wb }) => {
    expect(await wb(["check", SPEECH_SLUG, "--json"])).toEqual({ code: 0, stdout: JSON.stringify({ checks: [] }), stderr: "" });
    expect((await wb(["check", SPEECH_SLUG])).stdout).toBe(`No failing checks in ${SPEECH_SLUG}`);
  });

  it("reports a wrong figure in one translation as exactly that row and kind, in the CLI and the rows API", async ({ db, url, wb }) => {
    const cell = await db.cell.findFirstOrThrow({ where: { language: { code: "en" }, text: { contains: "26.9 percent" } } });
    const segment = await db.segment.findUniqueOrThrow({ where: { id: cell.segmentId } });
    // The workbench's number: live rows up to this one (the seeded speech has no gaps).
    const row = await db.segment.count({ where: { documentId: segment.documentId, deletedAt: null, position: { lte: segment.position } } });
    expect(row).toBe(31);
    // Read once before the edit: the rows API's reading of the document for checks must not outlive the edit.
    const before = await getRows(db, SPEECH_SLUG, { offset: row - 1, limit: 1 });
    expect(before.rows[0]!.cells.en!.checks).toEqual([]);
    const author = await ensureSystemUser(db);
    await saveCell(
      db,
      cell.id,
      { text: cell.text.replace("26.9 percent", "29.6 percent"), baseRevisionId: cell.headRevisionId },
      { authorId: author.id },
    );

    const expected = {
      checks: [{ row, language: "en", kind: "numbers", severity: "error", message: "The original has 26.9, the translation has 29.6" }],
    };
    // The contract as other tools call it: a child process, JSON alone on stdout, exit 0.
    const child = await runChild(["check", SPEECH_SLUG, "--json"], environment({ DATABASE_URL: url }));
    expect(child).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(child.stdout)).toEqual(expected);
    expect(JSON.parse((await wb(["check", SPEECH_SLUG, "--language", "en", "--json"])).stdout)).toEqual(expected);
    expect(JSON.parse((await wb(["check", SPEECH_SLUG, "--language", "ru", "--json"])).stdout)).toEqual({ checks: [] });
    expect((await wb(["check", SPEECH_SLUG])).stdout).toBe(
      `row ${row} en error numbers: The original has 26.9, the translation has 29.6\n1 failing check`,
    );

    const page = await getRows(db, SPEECH_SLUG, { offset: row - 1, limit: 2 });
    expect(page.rows[0]!.number).toBe(row);
    expect(page.rows[0]!.cells.en!.checks).toEqual([
      {
        kind: "numbers",
        severity: "error",
        message: { en: "The original has 26.9, the translation has 29.6", ru: "В оригинале 26.9, в переводе 29.6" },
      },
    ]);
    expect(page.rows[0]!.cells.ru!.checks).toEqual([]);
    expect(page.rows[1]!.cells.en!.checks).toEqual([]);

    // The "checks" filter: rows failing a check in the shown languages, of one kind if asked.
    const failing = async (query: Parameters<typeof getRows>[2]) => {
      const found = await getRows(db, SPEECH_SLUG, { filter: "checks", ...query });
      return { total: found.total, numbers: found.rows.map((shown) => shown.number) };
    };
    expect(await failing({})).toEqual({ total: 1, numbers: [row] });
    expect(await failing({ checkKind: "numbers" })).toEqual({ total: 1, numbers: [row] });
    expect(await failing({ checkKind: "quotes" })).toEqual({ total: 0, numbers: [] });
    expect(await failing({ languages: ["ru"] })).toEqual({ total: 0, numbers: [] });
    await expect(getRows(db, SPEECH_SLUG, { filter: "checks", checkKind: "spelling" as "numbers" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining("checkKind"),
    });
  });

  it("refuses an unknown document or language with one line and a non-zero exit", async ({ wb }) => {
    expect(await wb(["check", "no-such-document", "--json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: 'wb: There is no document "no-such-document"',
    });
    expect(await wb(["check", SPEECH_SLUG, "--language", "fr", "--json"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `wb: Document "${SPEECH_SLUG}" has no language "fr"`,
    });
  });
});

describe("rows read while a row is merged away", () => {
  it("shows the page, the row that left without checks, never a 500", async ({ db }) => {
    const system = await ensureSystemUser(db);
    const [first, second] = (await getRows(db, SPEECH_SLUG, { offset: 57, limit: 2 })).rows;
    // The merge lands after the page's rows are read and before the texts the checks read.
    let merged = false;
    const cells = new Proxy(db.cell, {
      get(target, name) {
        if (name !== "findMany") return Reflect.get(target, name);
        return async (...args: Parameters<typeof target.findMany>) => {
          if (!merged) await mergeSegmentWithNext(db, { segmentId: first!.id, authorId: system.id });
          merged = true;
          return target.findMany(...args);
        };
      },
    });
    const racing = new Proxy(db, {
      get(target, name) {
        if (name === "cell") return cells;
        const value = Reflect.get(target, name) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Db;
    const page = await getRows(racing, SPEECH_SLUG, { offset: 57, limit: 2 });
    expect(merged).toBe(true);
    expect(page.rows.map((row) => row.id)).toEqual([first!.id, second!.id]);
    expect(page.rows[1]!.cells.en!.checks).toEqual([]);
    // The merge happened: the row is gone from the next read.
    expect((await getRows(db, SPEECH_SLUG, { offset: 57, limit: 2 })).rows.map((row) => row.id)).not.toContain(second!.id);
  });
});
