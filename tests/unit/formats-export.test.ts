import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { AppError } from "@/lib/errors";
import {
  exportCsv,
  exportPlainText,
  exportTmx,
  exportXliff,
  parseImportFile,
  type ExportDocument,
  type ParsedImport,
  type TransferRow,
} from "@/lib/formats";
import { parseXml, type XmlElement } from "@/lib/formats/xml";
import { projectRoot } from "@/lib/paths";

const speech = (file: string) => splitParagraphs(readFileSync(path.join(projectRoot, "data", "speech", file), "utf8"));
const english = speech("en.txt");
const russian = speech("ru.txt");

const nasty = [
  "a < b && c > d",
  "She said \"yes\" and 'no'",
  "CDATA ends like this: ]]> and starts <![CDATA[",
  "Emoji 👩🏽‍💻 and flags 🇺🇦",
  "Combining: e\u0301 vs é, й vs и\u0306",
  "Line one\nline two",
  'Commas, "quotes", and ;semicolons;',
  "  leading and trailing spaces  ",
  "Tab\there",
];

const speechDocument: ExportDocument = {
  slug: "interior-ministry-board",
  title: 'Extended meeting <of> the Board & "others"',
  languages: [
    { code: "ru", label: "Русский", isOriginal: true },
    { code: "en", label: "English", isOriginal: false },
    { code: "fr", label: "Français", isOriginal: false },
  ],
  rows: [
    ...russian.map((text, index) => ({
      cells: {
        ru: { text, status: "approved" as const },
        en: { text: english[index]!, status: index % 2 ? ("reviewed" as const) : ("translated" as const) },
      },
    })),
    ...nasty.map((text, index) => ({
      cells: { ru: { text: `Строка ${index}` }, en: { text, status: "draft" as const }, fr: { text: index % 3 ? text : "" } },
    })),
    { cells: { ru: { text: "" }, en: { text: "Only English" } } },
    { cells: {} },
  ],
};

const utf8 = (text: string) => new TextEncoder().encode(text);

function thrown(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected an AppError");
}

async function reimport(text: string, fileName: string) {
  const parsed = await parseImportFile({ bytes: utf8(text), fileName });
  if (parsed.kind !== "bilingual") throw new Error(`expected rows, got ${parsed.kind}`);
  return parsed as Extract<ParsedImport, { kind: "bilingual" }>;
}

/** Texts by language with missing cells as "", the way the document holds them. */
function texts(rows: TransferRow[], languages: string[]): string[][] {
  return rows.map((row) => languages.map((language) => row.cells[language]?.text ?? ""));
}

/**
 * The content model and required attributes of the TMX 1.4b DTD
 * (https://www.gala-global.org/tmx-14b), for the elements the exporter
 * writes. There is no validating parser here, so this checks nesting, order,
 * cardinality and required attributes; it does not check attribute value
 * types beyond the enumerations listed.
 */
const TMX_DTD: Record<string, { content: RegExp; required: string[]; enumerations?: Record<string, string[]> }> = {
  tmx: { content: /^header body $/, required: ["version"] },
  header: {
    content: /^((note|prop|ude) )*$/,
    required: ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"],
    enumerations: { segtype: ["block", "paragraph", "sentence", "phrase"] },
  },
  body: { content: /^(tu )*$/, required: [] },
  tu: { content: /^((note|prop) )*(tuv )+$/, required: [] },
  tuv: { content: /^((note|prop) )*seg $/, required: ["xml:lang"] },
  seg: { content: /^((bpt|ept|it|ph|hi|ut) )*$/, required: [] },
  prop: { content: /^$/, required: ["type"] },
  note: { content: /^$/, required: [] },
};

function tmxViolations(element: XmlElement, found: string[] = []): string[] {
  const rule = TMX_DTD[element.name];
  if (!rule) {
    found.push(`<${element.name}> is not a TMX element`);
    return found;
  }
  const children = element.children.filter((child): child is XmlElement => typeof child !== "string");
  const sequence = children.map((child) => `${child.name} `).join("");
  if (!rule.content.test(sequence)) found.push(`<${element.name}> at line ${element.line} contains "${sequence}"`);
  const hasText = element.children.some((child) => typeof child === "string" && child.trim() !== "");
  if (hasText && !["seg", "prop", "note"].includes(element.name)) found.push(`<${element.name}> at line ${element.line} contains text`);
  for (const attribute of rule.required) {
    if (!element.attributes[attribute]) found.push(`<${element.name}> at line ${element.line} lacks ${attribute}`);
  }
  for (const [attribute, allowed] of Object.entries(rule.enumerations ?? {})) {
    if (!allowed.includes(element.attributes[attribute] ?? ""))
      found.push(`<${element.name}> ${attribute}="${element.attributes[attribute]}"`);
  }
  for (const child of children) tmxViolations(child, found);
  return found;
}

describe("exportTmx", () => {
  const tmx = exportTmx(speechDocument);

  it("writes a TMX 1.4b header naming Parallel and the original language", async () => {
    expect(tmx).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">/);
    const header = (await parseXml(tmx)).children.find(
      (child): child is XmlElement => typeof child !== "string" && child.name === "header",
    )!;
    expect(header.attributes).toMatchObject({
      creationtool: "Parallel",
      datatype: "plaintext",
      segtype: "paragraph",
      srclang: "ru",
      adminlang: "en",
    });
  });

  it("follows the TMX 1.4b DTD's content model", async () => {
    expect(tmxViolations(await parseXml(tmx))).toEqual([]);
  });

  it("the DTD check catches what the DTD forbids", async () => {
    const broken = '<tmx version="1.4"><header creationtool="x"/><body><tu></tu><tu><tuv><seg>x<b/></seg></tuv></tu></body></tmx>';
    expect(tmxViolations(await parseXml(broken))).toEqual([
      "<header> at line 1 lacks creationtoolversion",
      "<header> at line 1 lacks segtype",
      "<header> at line 1 lacks o-tmf",
      "<header> at line 1 lacks adminlang",
      "<header> at line 1 lacks srclang",
      "<header> at line 1 lacks datatype",
      '<header> segtype="undefined"',
      '<tu> at line 1 contains ""',
      "<tuv> at line 1 lacks xml:lang",
      '<seg> at line 1 contains "b "',
      "<b> is not a TMX element",
    ]);
  });

  it("skips empty cells but keeps an empty row's place with an empty original-language variant", async () => {
    const units = tmx.split("<tu ").slice(1);
    expect(units).toHaveLength(speechDocument.rows.length);
    expect(units.at(-2)).not.toContain('xml:lang="ru"');
    expect(units.at(-1)).toContain('<tuv xml:lang="ru"><seg></seg></tuv>');
  });

  it("escapes markup and drops characters XML cannot hold", () => {
    const control = exportTmx({ ...speechDocument, rows: [{ cells: { ru: { text: "bell\u0007 & <tag>" } } }] });
    expect(control).toContain("<seg>bell &amp; &lt;tag&gt;</seg>");
  });

  it("reads back as the same rows in every language, with the title", async () => {
    const parsed = await reimport(tmx, "speech.tmx");
    const codes = ["ru", "en", "fr"];
    expect(parsed.languages).toEqual(codes);
    expect(parsed.title).toBe(speechDocument.title);
    expect(texts(parsed.rows, codes)).toEqual(texts(speechDocument.rows, codes));
  });
});

describe("exportXliff", () => {
  const xliff = exportXliff(speechDocument, { source: "ru", target: "en" });

  it("writes XLIFF 2.0: one file, one unit per row, segment state from the target's status", async () => {
    const root = await parseXml(xliff);
    expect(root.attributes).toEqual({ xmlns: "urn:oasis:names:tc:xliff:document:2.0", version: "2.0", srcLang: "ru", trgLang: "en" });
    const files = root.children.filter((child): child is XmlElement => typeof child !== "string");
    expect(files.map((file) => file.name)).toEqual(["file"]);
    const units = files[0]!.children.filter((child): child is XmlElement => typeof child !== "string" && child.name === "unit");
    expect(units.map((unit) => unit.attributes.id)).toEqual(speechDocument.rows.map((_, index) => `u${index + 1}`));
    expect(xliff).toContain('<unit id="u2">\n      <segment state="reviewed">');
    expect(xliff).toContain('<unit id="u1">\n      <segment state="translated">');
  });

  it("omits the target of a row without translation", () => {
    const last = xliff.slice(xliff.lastIndexOf("<unit "));
    expect(last).toContain("<segment>");
    expect(last).not.toContain("<target");
  });

  it("reads back as the same source and target texts and statuses", async () => {
    const parsed = await reimport(xliff, "speech.xlf");
    expect(parsed.languages).toEqual(["ru", "en"]);
    expect(parsed.title).toBe(speechDocument.title);
    expect(texts(parsed.rows, ["ru", "en"])).toEqual(texts(speechDocument.rows, ["ru", "en"]));
    const statuses = (rows: TransferRow[]) => rows.map((row) => (row.cells.en?.text ? row.cells.en.status : undefined));
    expect(statuses(parsed.rows)).toEqual(statuses(speechDocument.rows));
  });

  it("refuses a language the document does not have, or the same language twice", () => {
    expect(thrown(() => exportXliff(speechDocument, { source: "ru", target: "de" }))).toMatchObject({
      code: "language_not_found",
      status: 404,
      message: 'Document "interior-ministry-board" has no language "de"',
    });
    expect(thrown(() => exportXliff(speechDocument, { source: "en", target: "en" }))).toMatchObject({ code: "invalid_input", status: 400 });
  });
});

describe("exportCsv", () => {
  const csv = exportCsv(speechDocument);

  it("writes RFC 4180 with a byte-order mark for Excel, CRLF line ends and quotes only where needed", () => {
    expect(csv.startsWith("\uFEFFru,en,fr\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv).toContain('\r\nСтрока 6,"Commas, ""quotes"", and ;semicolons;",\r\n');
    expect(csv).toContain('\r\nСтрока 5,"Line one\nline two","Line one\nline two"\r\n');
    expect(csv).toContain("\r\n,,\r\n");
  });

  it("keeps empty rows of a one-language table by quoting the empty field", async () => {
    const single: ExportDocument = {
      ...speechDocument,
      languages: [speechDocument.languages[0]!],
      rows: [{ cells: { ru: { text: "a" } } }, { cells: {} }, { cells: { ru: { text: "b" } } }],
    };
    expect(exportCsv(single)).toBe('\uFEFFru\r\na\r\n""\r\nb\r\n');
    expect(texts((await reimport(exportCsv(single), "one.csv")).rows, ["ru"])).toEqual([["a"], [""], ["b"]]);
  });

  it("reads back as the same rows in every language", async () => {
    const parsed = await reimport(csv, "speech.csv");
    expect(parsed.languages).toEqual(["ru", "en", "fr"]);
    expect(texts(parsed.rows, ["ru", "en", "fr"])).toEqual(texts(speechDocument.rows, ["ru", "en", "fr"]));
  });
});

describe("exportPlainText", () => {
  it("writes one paragraph per row with text, separated by blank lines, and reads back the same paragraphs", async () => {
    const text = exportPlainText(speechDocument, "en");
    expect(text.startsWith(`${english[0]}\n\n${english[1]}\n\n`)).toBe(true);
    const parsed = await parseImportFile({ bytes: utf8(text), fileName: "en.txt" });
    const expected = speechDocument.rows
      .map((row) => row.cells.en?.text ?? "")
      .filter((cell) => cell !== "")
      .map((cell) => cell.trimEnd());
    expect(parsed).toMatchObject({ kind: "monolingual", suggestedLanguage: "en", paragraphs: expected });
  });

  it("skips rows without text and closes up blank lines inside a cell", () => {
    const document: ExportDocument = {
      ...speechDocument,
      rows: [
        { cells: { en: { text: "One\n\n\nstill one" } } },
        { cells: { en: { text: " " } } },
        { cells: {} },
        { cells: { en: { text: "Two" } } },
      ],
    };
    expect(exportPlainText(document, "en")).toBe("One\nstill one\n\nTwo\n");
  });

  it("refuses a language the document does not have", () => {
    expect(thrown(() => exportPlainText(speechDocument, "de"))).toMatchObject({ code: "language_not_found", status: 404 });
  });
});

describe("revision carriers (round trips, issue #13)", () => {
  // Every cell with text names its revision: 1000 + row * 10 + column.
  const codes = ["ru", "en", "fr"];
  const withRevisions: ExportDocument = {
    ...speechDocument,
    rows: speechDocument.rows.map((row, index) => ({
      cells: Object.fromEntries(
        Object.entries(row.cells).map(([code, cell]) => [
          code,
          cell.text ? { ...cell, revisionId: 1000 + index * 10 + codes.indexOf(code) } : cell,
        ]),
      ),
    })),
  };
  const revisions = (rows: TransferRow[], languages: string[]) =>
    rows.map((row) => languages.map((language) => (row.cells[language]?.text ? (row.cells[language]?.revisionId ?? null) : null)));

  it("TMX: a <prop type=x-parallel-revision> in each <tuv>, valid against the DTD, read back per language", async () => {
    const tmx = exportTmx(withRevisions);
    expect(tmx).toContain(`<tuv xml:lang="ru"><prop type="x-parallel-revision">1000</prop><seg>`);
    expect(tmxViolations(await parseXml(tmx))).toEqual([]);
    const parsed = await reimport(tmx, "speech.tmx");
    expect(revisions(parsed.rows, codes)).toEqual(revisions(withRevisions.rows, codes));
  });

  for (const version of ["2.0", "1.2"] as const) {
    it(`XLIFF ${version}: a note "x-parallel-revision LANG ID" per text, read back for source and target`, async () => {
      const xliff = exportXliff(withRevisions, { source: "ru", target: "en", version });
      expect(xliff).toContain(version === "2.0" ? 'version="2.0"' : 'xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"');
      expect(xliff).toContain(
        version === "2.0"
          ? '<notes><note category="x-parallel-revision">x-parallel-revision ru 1000</note><note category="x-parallel-revision">x-parallel-revision en 1001</note></notes>'
          : '<note from="developer" annotates="target">x-parallel-revision en 1001</note>',
      );
      const parsed = await reimport(xliff, "speech.xlf");
      expect(parsed.title).toBe(speechDocument.title);
      expect(texts(parsed.rows, ["ru", "en"])).toEqual(texts(speechDocument.rows, ["ru", "en"]));
      expect(revisions(parsed.rows, ["ru", "en"])).toEqual(revisions(withRevisions.rows, ["ru", "en"]));
    });
  }

  it("XLIFF: notes a tool merged into one are read line by line; a mangled id or tag is no base", async () => {
    const xliff = exportXliff(withRevisions, { source: "ru", target: "en", version: "1.2" })
      .replace(
        /<note from="developer" annotates="source">x-parallel-revision ru 1000<\/note>\n\s*<note[^>]*>x-parallel-revision en 1001<\/note>/,
        "<note>x-parallel-revision ru 1000\nx-parallel-revision en 1001</note>",
      )
      .replace("x-parallel-revision en 1011", "x-parallel-revision en eleven")
      .replace("x-parallel-revision en 1021", "x-parallel-revision !! 1021");
    expect(xliff).toContain("<note>x-parallel-revision ru 1000\nx-parallel-revision en 1001</note>");
    const parsed = await reimport(xliff, "speech.xlf");
    expect(parsed.rows.slice(0, 3).map((row) => [row.cells.ru?.revisionId, row.cells.en?.revisionId])).toEqual([
      [1000, 1001],
      [1010, undefined],
      [1020, undefined],
    ]);
  });

  it("CSV: a column x-parallel-revision LANG per language after the texts; without revisions none", async () => {
    const csv = exportCsv(withRevisions);
    expect(csv.startsWith("\uFEFFru,en,fr,x-parallel-revision ru,x-parallel-revision en,x-parallel-revision fr\r\n")).toBe(true);
    const parsed = await reimport(csv, "speech.csv");
    expect(parsed.languages).toEqual(codes);
    expect(texts(parsed.rows, codes)).toEqual(texts(speechDocument.rows, codes));
    expect(revisions(parsed.rows, codes)).toEqual(revisions(withRevisions.rows, codes));
    expect(exportCsv(speechDocument).startsWith("\uFEFFru,en,fr\r\n")).toBe(true);
  });

  it("CSV: a revision column of a language the file lacks is refused, naming it", async () => {
    await expect(reimport("ru,x-parallel-revision en\r\nтекст,5\r\n", "bad.csv")).rejects.toMatchObject({
      code: "bad_import",
      message: expect.stringMatching(/column "x-parallel-revision en" but no "en" column/),
    });
  });
});
