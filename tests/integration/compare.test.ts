// Versions of one language compared column by column (issue #14): a column
// added as a copy of another, and the rows API's diffAgainst contract.
import { describe, expect } from "vitest";
import { POST as addLanguageRoute } from "@/app/api/documents/[slug]/languages/route";
import { GET as exportRoute } from "@/app/api/documents/[slug]/export/route";
import { GET as rowsRoute } from "@/app/api/documents/[slug]/rows/route";
import { readComparison } from "@/lib/documents/compare";
import { parseCsv } from "@/lib/formats/csv";
import { saveCell } from "@/lib/cells/save-cell";
import { addLanguage } from "@/lib/documents/languages";
import { getRows, type EditorRow, type RowsPage } from "@/lib/documents/rows";
import { SPEECH_SLUG } from "@/lib/documents/speech";
import { addPerson, tokenHeaders } from "../helpers/auth";
import { servingRoutes, speechTest } from "../helpers/fixtures";
import { callJson, callRoute } from "../helpers/routes";

const it = speechTest
  .extend("appDb", { scope: "file", auto: true }, servingRoutes)
  .extend("admin", { scope: "file" }, async ({ db }) => addPerson(db, "ada", "admin"))
  .extend("asAdmin", { scope: "file" }, ({ db, admin }) => tokenHeaders(db, admin));

const rows = async (headers: Record<string, string>, query: string) => {
  const answer = await callJson(rowsRoute, { path: `/api/documents/${SPEECH_SLUG}/rows?${query}`, params: { slug: SPEECH_SLUG }, headers });
  return { status: answer.status, page: answer.body as unknown as RowsPage, error: answer.body.error };
};

/**
 * The CSV's records, read by the importer's reader: it takes the header for
 * language codes, so the header is read on its own (it holds no quoted field).
 */
const csvRecords = (text: string) => {
  const [header, ...body] = text.replace(/^\uFEFF/, "").split("\r\n");
  const names = header!.split(",");
  const codes = names.map((_, index) => String.fromCharCode(97 + index).repeat(2));
  const { rows } = parseCsv([codes.join(","), ...body].join("\r\n"));
  return [names, ...rows.map((row) => codes.map((code) => row.cells[code]?.text ?? ""))];
};

const byNumber = (page: RowsPage, number: number) => page.rows.find((row) => row.number === number) as EditorRow;

describe("versions of one language", () => {
  it("adds a version with a variant subtag as a copy of another column, one revision per filled cell", async ({ db, admin, asAdmin }) => {
    const answer = await callJson(addLanguageRoute, {
      method: "POST",
      params: { slug: SPEECH_SLUG },
      headers: asAdmin,
      body: { code: "en-Revised", label: "English — revised", provenance: "Our revision of the Kremlin transcript", copyFrom: "en" },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      code: "en-revised",
      label: "English — revised",
      provenance: "Our revision of the Kremlin transcript",
    });

    const { rows: all } = await getRows(db, SPEECH_SLUG, { languages: ["en", "en-revised"], limit: 1000 });
    expect(all).toHaveLength(60);
    for (const row of all) {
      expect(row.cells["en-revised"]!.text).toBe(row.cells.en!.text);
      expect(row.cells["en-revised"]!.version).toBe(row.cells.en!.text === "" ? 0 : 1);
    }
    const revisions = await db.revision.findMany({ where: { cell: { language: { code: "en-revised" } } } });
    expect(revisions.length).toBe(all.filter((row) => row.cells.en!.text !== "").length);
    expect(revisions.every((revision) => revision.authorId === admin.id && revision.kind === "import" && revision.parentId === null)).toBe(
      true,
    );
    expect(revisions[0]!.note).toBe("copied from English (en)");
  });

  it("refuses a copy of a language the document lacks, writing nothing, and refuses tags that are not BCP 47", async ({ db, admin }) => {
    await expect(
      addLanguage(db, SPEECH_SLUG, { code: "en-draft", label: "Draft", copyFrom: "de" }, { authorId: admin.id }),
    ).rejects.toMatchObject({
      status: 404,
      code: "language_not_found",
      message: `Document "${SPEECH_SLUG}" has no language de to copy`,
    });
    expect(await db.documentLanguage.count({ where: { code: "en-draft" } })).toBe(0);
    for (const code of ["en-ab-cd", "en-revisedtwice", "en-rev1", "en-revised-revised", "English"]) {
      await expect(addLanguage(db, SPEECH_SLUG, { code, label: "x" })).rejects.toMatchObject({
        status: 400,
        message: 'Invalid language: code: must be a language tag like "ru", "pt-BR" or "en-revised"',
      });
    }
  });
});

describe("rows compared with a reference column (diffAgainst)", () => {
  it("gives every other cell its diff and difference, each row its difference, and the document's summary", async ({
    db,
    admin,
    asAdmin,
  }) => {
    const { rows: before } = await getRows(db, SPEECH_SLUG, { languages: ["en-revised"], limit: 1000 });
    const edit = async (number: number, change: (text: string) => string) => {
      const cell = before.find((row) => row.number === number)!.cells["en-revised"]!;
      await saveCell(db, cell.id, { text: change(cell.text), baseRevisionId: cell.headRevisionId }, { authorId: admin.id });
    };
    await edit(1, (text) => text.replace("Russian", "the Russian"));
    await edit(3, (text) => text.replace("attended", "attends"));

    const { status, page } = await rows(asAdmin, "langs=ru,en,en-revised&diffAgainst=en&limit=100");
    expect(status).toBe(200);
    const first = byNumber(page, 1);
    const kept = first.cells.en!.text.slice(0, first.cells.en!.text.indexOf("Russian"));
    expect(first.cells["en-revised"]!.diff).toEqual([
      [0, kept],
      [1, "the "],
      [0, "Russian Interior Ministry Board"],
    ]);
    // One word added; 7 words before and 8 after.
    expect(first.cells["en-revised"]!.difference).toBe(1 / 15);
    expect(first.difference).toBe(1 / 15);
    expect(first.cells.en).not.toHaveProperty("diff");
    expect(first.cells.en).not.toHaveProperty("difference");
    // A cell of another language gets its diff too (the contract), but does not count in the row's difference.
    expect(first.cells.ru!.diff!.length).toBeGreaterThan(1);
    const third = byNumber(page, 3);
    const thirdDifference = third.difference;
    expect(third.cells["en-revised"]!.diff!.filter(([op]) => op !== 0)).toEqual([
      [-1, "attended"],
      [1, "attends"],
    ]);
    expect(page.rows.filter((row) => row.difference! > 0).map((row) => row.number)).toEqual([1, 3]);
    expect(byNumber(page, 2).cells["en-revised"]).toMatchObject({ diff: [[0, byNumber(page, 2).cells.en!.text]], difference: 0 });

    expect(page.comparison).toMatchObject({ reference: "en", compared: ["en-revised"], granularity: "word", rows: 60, rowsDiffering: 2 });
    expect(page.comparison!.difference).toBeGreaterThan(0);
    expect(page.comparison!.difference).toBeLessThan(0.01);

    const chars = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&granularity=char&limit=5");
    const charDiff = byNumber(chars.page, 3).cells["en-revised"]!.diff!;
    const side = (keep: number) =>
      charDiff
        .filter(([op]) => op !== keep)
        .map(([, text]) => text)
        .join("");
    expect(side(1)).toBe(byNumber(chars.page, 3).cells.en!.text);
    expect(side(-1)).toBe(byNumber(chars.page, 3).cells["en-revised"]!.text);
    // Characters, not words: "attended" and "attends" share "attend".
    expect(charDiff.filter(([op]) => op !== 0)).toEqual([
      [-1, "ed"],
      [1, "s"],
    ]);
    expect(byNumber(chars.page, 3).difference).toBe(thirdDifference);
    expect(chars.page.comparison!.granularity).toBe("char");
  });

  it("filters to the rows that differ by more than N% and orders them by difference", async ({ asAdmin }) => {
    const differing = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&filter=differs");
    expect(differing.page.total).toBe(2);
    expect(differing.page.rows.map((row) => row.number)).toEqual([1, 3]);

    // Row 3 changed 2 words of 26 (7.7%), row 1 one of 15 (6.7%).
    expect(byNumber(differing.page, 3).difference).toBe(2 / 26);
    const above = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&filter=differs&differsBy=7");
    expect(above.page.rows.map((row) => row.number)).toEqual([3]);

    const ordered = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&order=difference&limit=3");
    expect(ordered.page.total).toBe(60);
    expect(ordered.page.rows.map((row) => row.number)).toEqual([3, 1, 2]);

    const searched = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&order=difference&q=meeting&mode=text");
    expect(searched.page.matches!.slice(0, 2)).toEqual([
      { index: 0, number: 3 },
      { index: 1, number: 1 },
    ]);
  });

  it("answers 404 for an unknown reference and 400 for one not shown, or for comparing without a reference", async ({ asAdmin }) => {
    expect(await rows(asAdmin, "langs=en,en-revised&diffAgainst=de")).toMatchObject({
      status: 404,
      error: { code: "language_not_found", message: `Document "${SPEECH_SLUG}" has no language de to compare with` },
    });
    expect(await rows(asAdmin, "langs=ru,en-revised&diffAgainst=en")).toMatchObject({
      status: 400,
      error: {
        code: "invalid_input",
        message: "Invalid rows query: diffAgainst: en is not among the shown languages (langs: ru,en-revised)",
      },
    });
    expect(await rows(asAdmin, "langs=en,en-revised&filter=differs")).toMatchObject({
      status: 400,
      error: { message: "Invalid rows query: diffAgainst: the differs filter needs a reference language to compare with" },
    });
    expect(await rows(asAdmin, "langs=en,en-revised&order=difference")).toMatchObject({ status: 400 });
    expect(await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&granularity=line")).toMatchObject({ status: 400 });
    expect(await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&filter=differs&differsBy=101")).toMatchObject({ status: 400 });
  });

  it("exports the comparison as CSV with the scores: every row, or those differing by more than N%", async ({ asAdmin }) => {
    const download = (query: string) =>
      callRoute(exportRoute, { path: `/api/documents/${SPEECH_SLUG}/export?${query}`, params: { slug: SPEECH_SLUG }, headers: asAdmin });
    const response = await download("diffAgainst=en&languages=en,en-revised");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`${SPEECH_SLUG}-compared-with-en.csv`);
    const records = csvRecords(await response.text());
    expect(records[0]).toEqual(["row", "en", "en-revised", "en-revised marked", "en-revised difference", "difference"]);
    expect(records).toHaveLength(61);
    expect(records[3]!.slice(3)).toEqual([records[3]![1]!.replace("attended", "[-attended-]{+attends+}"), "0.0769", "0.0769"]);
    expect(records[2]!.slice(4)).toEqual(["0", "0"]);

    const differing = csvRecords(await (await download("diffAgainst=en&differsBy=0")).text());
    expect(differing.slice(1).map((record) => record[0])).toEqual(["1", "3"]);
    expect(differing[1]![3]).toMatch(/\{\+the \+\}Russian/);

    expect((await download("diffAgainst=en&format=tmx")).status).toBe(400);
    expect((await download("diffAgainst=de")).status).toBe(404);
  });

  it("reads the whole comparison for the print view: every version of the reference's language by default", async ({ db }) => {
    const table = await readComparison(db, SPEECH_SLUG, { diffAgainst: "en", differsBy: 7 });
    expect(table.reference).toEqual({ code: "en", label: "English" });
    expect(table.versions).toEqual([{ code: "en-revised", label: "English — revised" }]);
    expect(table.rows.map((row) => row.number)).toEqual([3]);
    expect(table.comparison).toMatchObject({ rows: 60, rowsDiffering: 2 });
    await expect(readComparison(db, SPEECH_SLUG, { diffAgainst: "en", languages: ["ru", "en-revised"] })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("scores a row again once it is edited (scores are kept by the cells' revisions)", async ({ db, admin, asAdmin }) => {
    const before = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&limit=3");
    expect(before.page.comparison!.rowsDiffering).toBe(2);
    const cell = byNumber(before.page, 2).cells["en-revised"]!;
    await saveCell(db, cell.id, { text: `${cell.text} (updated)`, baseRevisionId: cell.headRevisionId }, { authorId: admin.id });
    const after = await rows(asAdmin, "langs=en,en-revised&diffAgainst=en&filter=differs");
    expect(after.page.comparison!.rowsDiffering).toBe(3);
    expect(after.page.rows.map((row) => row.number)).toEqual([1, 2, 3]);
    expect(byNumber(after.page, 2).cells["en-revised"]!.diff!.filter(([op]) => op !== 0)).toEqual([[1, " (updated)"]]);
  });
});
