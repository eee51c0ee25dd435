import { describe, expect, it } from "vitest";
import {
  checkDocument,
  describeCheck,
  documentContext as checkDocumentContext,
  findTerms,
  TermIndex,
  terminologyChecks,
  type GlossaryTerm,
} from "@/lib/checks";
import { parseGlossaryCsv, parseTbx, readGlossaryFile, writeGlossaryCsv, writeTbx } from "@/lib/glossary";
import { MAX_NESTING_DEPTH } from "@/lib/limits";

const term = (id: number, translations: Record<string, string[]>, forbidden: Record<string, string[]> = {}, note = ""): GlossaryTerm => ({
  id,
  translations,
  forbidden,
  note,
});

const GRAVE = term(
  1,
  { ru: ["особо тяжкие преступления"], en: ["grave crimes", "especially grave crimes"] },
  { ru: ["особенно тяжкие преступления"] },
);
const MINISTRY = term(2, { ru: ["МВД", "Министерство внутренних дел"], en: ["Interior Ministry", "Ministry of Internal Affairs"] });
const MINISTER = term(3, { en: ["Minister"], ru: ["министр"] });
const index = new TermIndex([GRAVE, MINISTRY, MINISTER]);

const found = (text: string, language: string) => findTerms(text, language, index).map((match) => text.slice(match.start, match.end));

describe("finding glossary terms by their stems", () => {
  it("finds inflected and multi-word terms, case aside", () => {
    expect(found("Число особо тяжких преступлений выросло.", "ru")).toEqual(["особо тяжких преступлений"]);
    expect(found("Коллегия Министерства внутренних дел и министр.", "ru")).toEqual(["Министерства внутренних дел", "министр"]);
    expect(found("The Ministers of Internal Affairs spoke of grave crimes.", "en")).toEqual(["Ministers", "grave crimes"]);
    expect(found("the ministry of internal affairs", "en")).toEqual(["ministry of internal affairs"]);
  });

  it("needs every word of a term in a row, and does not take another word with the same start", () => {
    expect(found("особо опасных и тяжких преступлений", "ru")).toEqual([]);
    expect(found("особенно тяжких преступлений", "ru")).toEqual([]);
    expect(found("Grave, crimes.", "en")).toEqual(["Grave, crimes"]);
    expect(found("Ministerial", "en")).toEqual([]);
  });

  it("prefers the longest wording where two overlap", () => {
    const overlapping = new TermIndex([term(1, { en: ["Ministry"] }), term(2, { en: ["Ministry of Internal Affairs"] })]);
    const matches = findTerms("The Ministry of Internal Affairs", "en", overlapping);
    expect(matches.map((match) => [match.term.id, match.wording])).toEqual([[2, "Ministry of Internal Affairs"]]);
  });

  it("uses a glossary's primary language for a regional column, and the regional wording when there is one", () => {
    const regional = new TermIndex([term(1, { en: ["colour"], "en-US": ["color"] })]);
    expect(findTerms("the color red", "en-US", regional)).toHaveLength(1);
    expect(findTerms("the colour red", "en-US", regional)).toHaveLength(0);
    expect(findTerms("the colour red", "en-GB", regional)).toHaveLength(1);
  });
});

describe("the terminology check", () => {
  const check = (original: string, translation: string, language = "en") =>
    terminologyChecks({ text: translation, language, original: { text: original, language: "ru" } }, index);

  it("asks for the agreed translation of a term in the original, in any inflection", () => {
    const checks = check("Рост особо тяжких преступлений.", "Serious crime grew.");
    expect(checks).toMatchObject([{ kind: "terminology", severity: "warning", message: "termMissing" }]);
    expect(describeCheck(checks[0]!, "en")).toBe(
      "The original has the glossary term “особо тяжкие преступления”; the translation lacks its agreed translation “grave crimes / especially grave crimes”",
    );
    expect(describeCheck(checks[0]!, "ru")).toBe(
      "В оригинале есть термин глоссария «особо тяжкие преступления», а в переводе нет его согласованного перевода «grave crimes / especially grave crimes»",
    );
    expect(check("Рост особо тяжких преступлений.", "The number of especially grave crimes grew.")).toEqual([]);
    expect(check("Рост особо тяжких преступлений.", "Grave crime grew.")).toEqual([]);
  });

  it("is silent without the term in the original, or without an agreed translation in the language", () => {
    expect(check("Рост преступлений.", "Crime grew.")).toEqual([]);
    expect(check("Рост особо тяжких преступлений.", "Schwere Verbrechen.", "de")).toEqual([]);
    expect(
      terminologyChecks({ text: "x", language: "en", original: { text: "особо тяжких преступлений", language: "ru" } }, undefined),
    ).toEqual([]);
  });

  it("refuses a forbidden variant, in the original too, naming the agreed wording", () => {
    const original = terminologyChecks({ text: "Число особенно тяжких преступлений.", language: "ru" }, index);
    expect(original).toMatchObject([{ kind: "terminology", severity: "error", message: "termForbidden" }]);
    expect(describeCheck(original[0]!, "en")).toBe(
      "“особенно тяжкие преступления” is a forbidden variant in the glossary; use “особо тяжкие преступления”",
    );
    expect(describeCheck(original[0]!, "ru")).toBe(
      "«особенно тяжкие преступления» — запрещённый в глоссарии вариант; используйте «особо тяжкие преступления»",
    );
    const banned = new TermIndex([term(1, { ru: ["правоохранители"] }, { en: ["law enforcers"] })]);
    expect(terminologyChecks({ text: "Law enforcers came.", language: "en" }, banned)).toMatchObject([
      { severity: "error", message: "termForbiddenNoAlternative", params: { variant: "law enforcers" } },
    ]);
  });

  it("runs with the document's checks when the context carries the glossary", () => {
    const document = {
      originalLanguage: "ru",
      languages: ["ru", "en"],
      rows: [{ ru: "Министр МВД.", en: "The Minister of the Interior." }],
    };
    const withGlossary = checkDocument(document, { ...checkDocumentContext(document), terms: index });
    expect(withGlossary.flatMap((cell) => cell.checks).filter((found) => found.kind === "terminology")).toMatchObject([
      { message: "termMissing", params: { term: "МВД", expected: "Interior Ministry / Ministry of Internal Affairs" } },
    ]);
    expect(
      checkDocument(document)
        .flatMap((cell) => cell.checks)
        .filter((found) => found.kind === "terminology"),
    ).toEqual([]);
  });
});

const TERMS: GlossaryTerm[] = [
  {
    id: 7,
    translations: { ru: ["особо тяжкие преступления"], en: ["grave crimes", "especially grave crimes"] },
    forbidden: { ru: ["особенно тяжкие преступления"] },
    note: 'Legal term; "УК РФ", ст. 15',
  },
  { id: 8, translations: { en: ["Interior Ministry"], "pt-BR": ["Ministério do Interior"] }, forbidden: {}, note: "" },
  { id: 9, translations: { ru: ["Росгвардия"] }, forbidden: { en: ["Rosgvardia", "Russian Guard"] }, note: "line one\nline two & <more>" },
];
const wordingsOf = (terms: typeof TERMS) => terms.map(({ translations, forbidden, note }) => ({ translations, forbidden, note }));
const parsedWordings = (parsed: { terms: { term: unknown }[] }) => parsed.terms.map((entry) => entry.term);

describe("glossary CSV", () => {
  it("writes a header of language columns (repeated for more wordings), forbidden: columns and the note, and reads it back", () => {
    const csv = writeGlossaryCsv(TERMS, ["ru", "en"]);
    expect(csv.split("\r\n")[0]).toBe("\uFEFFru,en,en,pt-BR,forbidden:ru,forbidden:en,forbidden:en,note");
    expect(parsedWordings(parseGlossaryCsv(csv.slice(1)))).toEqual(wordingsOf(TERMS));
  });

  it("takes tags in any case, a semicolon delimiter and columns in any order", () => {
    const parsed = parseGlossaryCsv("Note;EN_us;Forbidden:RU;ru\nA note;crime;преступленье;преступление\n");
    expect(parsedWordings(parsed)).toEqual([
      { translations: { "en-US": ["crime"], ru: ["преступление"] }, forbidden: { ru: ["преступленье"] }, note: "A note" },
    ]);
  });

  it("refuses a header it cannot read, naming the column, and a short line, naming the line", () => {
    expect(() => parseGlossaryCsv("en,term\nx,y\n")).toThrow(/column 2: "term" is neither a language tag/);
    expect(() => parseGlossaryCsv("note\nx\n")).toThrow(/names no language column/);
    expect(() => parseGlossaryCsv("en,note,note\nx,y,z\n")).toThrow(/two "note" columns/);
    expect(() => parseGlossaryCsv("en,ru\nx\n")).toThrow(/Line 2 of the CSV file has 1 fields; the header has 2/);
    expect(() => parseGlossaryCsv("en,ru\n")).toThrow(/no terms/);
  });
});

describe("glossary TBX", () => {
  it("writes TBX-Basic (termEntry, langSet, tig, term, note, deprecatedTerm-admn-sts) and reads it back", async () => {
    const tbx = writeTbx(TERMS, "Parallel: glossary of speech", ["ru", "en"]);
    expect(tbx).toContain('<martif type="TBX-Basic" xml:lang="ru">');
    expect(tbx).toContain(
      '<tig><term>особенно тяжкие преступления</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>',
    );
    expect(tbx).toContain("<note>line one\nline two &amp; &lt;more&gt;</note>");
    expect(parsedWordings(await parseTbx(tbx))).toEqual(wordingsOf(TERMS));
  });

  it("reads ntig/termGrp, normativeAuthorization, descrip notes, TBX v3 and renamed languages", async () => {
    const tbx = `<?xml version="1.0"?>
<martif type="TBX"><text><body>
  <termEntry><descrip type="definition">A crime of the gravest kind</descrip>
    <langSet xml:lang="en"><ntig><termGrp><term>grave crime</term></termGrp></ntig></langSet>
    <langSet xml:lang="xx"><tig><term>особо тяжкое</term></tig><tig><term>особенно тяжкое</term><termNote type="normativeAuthorization">deprecated</termNote></tig></langSet>
  </termEntry>
</body></text></martif>`;
    expect(parsedWordings(await parseTbx(tbx, new Map([["xx", "ru"]])))).toEqual([
      {
        translations: { en: ["grave crime"], ru: ["особо тяжкое"] },
        forbidden: { ru: ["особенно тяжкое"] },
        note: "A crime of the gravest kind",
      },
    ]);
    const v3 = `<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
  <conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>ministry</term></termSec></langSec></conceptEntry></body></text></tbx>`;
    expect(parsedWordings(await parseTbx(v3))).toEqual([{ translations: { en: ["ministry"] }, forbidden: {}, note: "" }]);
  });

  it("refuses what is not a TBX, a langSet without a language, entities and nesting past the limit, naming where", async () => {
    await expect(parseTbx("<tmx><body/></tmx>")).rejects.toThrow(/not a TBX file: the root element is <tmx>/);
    await expect(
      parseTbx("<martif><text><body><termEntry><langSet><tig><term>x</term></tig></langSet></termEntry></body></text></martif>"),
    ).rejects.toThrow(/<langSet> at line 1, column \d+ has no xml:lang/);
    await expect(parseTbx('<!DOCTYPE martif [<!ENTITY a "aaaa">]><martif/>')).rejects.toThrow(/declares entities/);
    const deep = `<martif><text><body>${"<x>".repeat(MAX_NESTING_DEPTH + 5)}${"</x>".repeat(MAX_NESTING_DEPTH + 5)}</body></text></martif>`;
    await expect(parseTbx(deep)).rejects.toMatchObject({ code: "limit_exceeded" });
    await expect(parseTbx("<martif><text><body><termEntry>")).rejects.toMatchObject({ code: "bad_import" });
  });
});

describe("glossary files as uploaded", () => {
  it("reads a CSV with its byte-order mark and a TBX in UTF-16, by name or by content", async () => {
    const csv = new TextEncoder().encode(writeGlossaryCsv(TERMS, ["ru", "en"]));
    expect(await readGlossaryFile(csv, { fileName: "terms.csv" })).toEqual(wordingsOf(TERMS));
    const tbx = writeTbx(TERMS, "terms").replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-16"?>');
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...tbx].map((char) => char.charCodeAt(0))).buffer)]);
    expect(await readGlossaryFile(utf16, { fileName: "terms" })).toEqual(wordingsOf(TERMS));
    await expect(readGlossaryFile(new Uint8Array(), { fileName: "empty.csv" })).rejects.toThrow(/^empty\.csv: The file is empty/);
  });
});
