import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseImportFile } from "@/lib/formats";
import { projectRoot } from "@/lib/paths";
import { encodeUtf16 } from "@/tests/fixtures/formats/build-files";
import { failureOf } from "@/tests/helpers/errors";

const fixture = (file: string) => new Uint8Array(readFileSync(path.join(projectRoot, "tests", "fixtures", "formats", file)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const refusal = async (text: string, fileName: string) => failureOf(parseImportFile({ bytes: utf8(text), fileName }));

describe("TMX import", () => {
  it("reads one row per <tu>, languages from xml:lang or lang, the header's srclang first, native codes dropped", async () => {
    expect(await parseImportFile({ bytes: fixture("sample.tmx"), fileName: "sample.tmx" })).toEqual({
      kind: "bilingual",
      format: "tmx",
      encoding: "utf-8",
      languages: ["en-US", "ru-RU", "de-DE"],
      rows: [
        { cells: { "ru-RU": { text: "Добрый день!" }, "en-US": { text: "Good afternoon!" } } },
        { cells: { "en-US": { text: "Press here now." }, "de-DE": { text: "Drücken Sie <hier>" } } },
      ],
    });
  });

  it("reads UTF-16 files", async () => {
    const tmx =
      '<?xml version="1.0" encoding="UTF-16"?><tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="uk"><seg>Привіт</seg></tuv></tu></body></tmx>';
    const parsed = await parseImportFile({ bytes: encodeUtf16(tmx, "utf-16le", true), fileName: "u.tmx" });
    expect(parsed).toMatchObject({
      encoding: "utf-16le",
      languages: ["en", "uk"],
      rows: [{ cells: { en: { text: "Hi" }, uk: { text: "Привіт" } } }],
    });
  });

  it("names the line and column of a syntax error", async () => {
    const error = await refusal(
      '<?xml version="1.0"?>\n<tmx version="1.4">\n  <body><tu><tuv xml:lang="en"><seg>a &amp b</seg></tuv></tu></body>\n</tmx>',
      "broken.tmx",
    );
    expect(error).toMatchObject({ code: "bad_import", status: 422, details: { line: 3, column: 39 } });
    expect(error.message).toMatch(
      /^broken.tmx: XML syntax error at line 3, column 39: an "&" that does not start an entity; write it as &amp;$/,
    );
    const unclosed = await refusal('<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>x</tuv></tu>\n</body></tmx>', "unclosed.tmx");
    expect(unclosed.details).toEqual({ line: 3, column: 35 });
  });

  it("explains well-formed files of the wrong shape", async () => {
    expect((await refusal("<html><body/></html>", "page.tmx")).message).toBe(
      "page.tmx: This is not a TMX file: the root element is <html>, not <tmx>",
    );
    expect((await refusal('<tmx version="1.4"><header srclang="en"/><body/></tmx>', "empty.tmx")).message).toBe(
      "empty.tmx: The TMX file has no translation units (<tu> elements in <body>)",
    );
    expect((await refusal('<tmx version="1.4"><header/><body>\n<tu><tuv><seg>x</seg></tuv></tu></body></tmx>', "nolang.tmx")).message).toBe(
      "nolang.tmx: <tuv> at line 2, column 5 has no xml:lang attribute, so its language is unknown",
    );
    expect(
      (await refusal('<tmx version="1.4"><header srclang="english language"/><body><tu/></body></tmx>', "badlang.tmx")).message,
    ).toMatch(/"english language" is not a language tag/);
  });
});

describe("XLIFF import", () => {
  it("reads XLIFF 1.2 in the encoding its declaration names, with states mapped to statuses", async () => {
    expect(await parseImportFile({ bytes: fixture("sample-1.2.xlf"), fileName: "sample-1.2.xlf" })).toEqual({
      kind: "bilingual",
      format: "xliff",
      encoding: "windows-1251",
      languages: ["en", "ru"],
      rows: [
        { cells: { en: { text: "Good afternoon, colleagues." }, ru: { text: "Добрый день, коллеги.", status: "translated" } } },
        { cells: { en: { text: "Thank you." }, ru: { text: "Спасибо.", status: "approved" } } },
        { cells: { en: { text: "Not yet translated." } } },
        { cells: { en: { text: "Check me." }, ru: { text: "Проверьте меня.", status: "reviewed" } } },
      ],
    });
  });

  it("reads XLIFF 2.0: one row per unit, segments joined, the least advanced state, <cp> as its character", async () => {
    expect(await parseImportFile({ bytes: fixture("sample-2.0.xlf"), fileName: "sample-2.0.xlf" })).toEqual({
      kind: "bilingual",
      format: "xliff",
      encoding: "utf-8",
      languages: ["en", "fr"],
      rows: [
        { cells: { en: { text: "Hello world!" }, fr: { text: "Bonjour le monde !", status: "approved" } } },
        { cells: { en: { text: "First sentence. Second\u0007." }, fr: { text: "Première phrase. Seconde.", status: "draft" } } },
        { cells: { en: { text: "Untranslated." } } },
      ],
    });
  });

  it("explains missing languages, unknown states and versions", async () => {
    expect(
      (await refusal('<xliff version="2.0"><file id="f"><unit id="u"><segment><source>x</source></segment></unit></file></xliff>', "a.xlf"))
        .message,
    ).toBe("a.xlf: <xliff> at line 1, column 1 has no srcLang attribute, so the source language is unknown");
    expect(
      (
        await refusal(
          '<xliff version="2.0" srcLang="en" trgLang="de"><file id="f"><unit id="u">\n<segment state="done"><source>x</source></segment></unit></file></xliff>',
          "b.xlf",
        )
      ).message,
    ).toMatch(/^b.xlf: <segment> at line 2, column 1 has the unknown state "done"/);
    // States named like the properties every JavaScript object has are unknown too, in both versions.
    expect(
      (
        await refusal(
          '<xliff version="1.2"><file source-language="en" target-language="de"><body>\n<trans-unit id="1"><source>x</source><target state="constructor">y</target></trans-unit></body></file></xliff>',
          "e.xlf",
        )
      ).message,
    ).toMatch(/^e.xlf: <target> at line 2, column \d+ has the unknown state "constructor"/);
    expect(
      (
        await refusal(
          '<xliff version="2.0" srcLang="en" trgLang="de"><file id="f"><unit id="u">\n<segment state="toString"><source>x</source><target>y</target></segment></unit></file></xliff>',
          "f.xlf",
        )
      ).message,
    ).toMatch(/^f.xlf: <segment> at line 2, column 1 has the unknown state "toString"/);
    expect((await refusal('<xliff version="3.0"/>', "c.xlf")).message).toMatch(/XLIFF version "3.0" .* is not supported/);
    expect(
      (await refusal('<xliff version="1.2"><file source-language="en" target-language="de"><body/></file></xliff>', "d.xlf")).message,
    ).toBe("d.xlf: The XLIFF file has no translation units (<trans-unit> elements)");
  });

  it("refuses an encoding the XML declaration names but nobody supports", async () => {
    expect((await refusal('<?xml version="1.0" encoding="x-klingon"?><xliff version="2.0"/>', "k.xlf")).message).toBe(
      'k.xlf: The XML declaration names the encoding "x-klingon", which is not supported; save the file as UTF-8',
    );
  });
});

describe("CSV import", () => {
  it("reads a header of language codes and quoted fields with commas, quotes and line breaks", async () => {
    const csv = 'en,ru\r\n"Hello, world","Привет, мир"\r\n"She said ""no""\nthen left",\r\n,Только русский\r\n';
    expect(await parseImportFile({ bytes: utf8(csv), fileName: "t.csv" })).toEqual({
      kind: "bilingual",
      format: "csv",
      encoding: "utf-8",
      languages: ["en", "ru"],
      rows: [
        { cells: { en: { text: "Hello, world" }, ru: { text: "Привет, мир" } } },
        { cells: { en: { text: 'She said "no"\nthen left' } } },
        { cells: { ru: { text: "Только русский" } } },
      ],
    });
  });

  it("accepts the semicolons and tabs spreadsheets write in some locales", async () => {
    const parsed = await parseImportFile({ bytes: utf8("de;fr\nJa, gut;Oui\n"), fileName: "s.csv" });
    expect(parsed).toMatchObject({ languages: ["de", "fr"], rows: [{ cells: { de: { text: "Ja, gut" }, fr: { text: "Oui" } } }] });
    const tabs = await parseImportFile({ bytes: utf8("de\tfr\nJa; gut\tOui, oui\n"), fileName: "t.csv" });
    expect(tabs).toMatchObject({ rows: [{ cells: { de: { text: "Ja; gut" }, fr: { text: "Oui, oui" } } }] });
  });

  it("names the line of a malformed record", async () => {
    expect(await refusal('en,ru\na,b\n"open,b\n', "open.csv")).toMatchObject({
      message: "open.csv: The CSV file ends inside a quoted field opened at line 3, column 1",
      details: { line: 3, column: 1 },
    });
    expect((await refusal("en,ru\na,b\nc\n", "short.csv")).message).toBe(
      "short.csv: Line 3 of the CSV file has 1 fields; the header has 2",
    );
    expect((await refusal('en,ru\nsay "hi",b\n', "quote.csv")).message).toMatch(
      /^quote.csv: Line 2, column 5 of the CSV file: a quote inside an unquoted field/,
    );
    expect((await refusal("en,en\na,b\n", "dup.csv")).message).toBe('dup.csv: The CSV header (line 1) names the language "en" twice');
    expect((await refusal("English,Russian\na,b\n", "names.csv")).message).toMatch(/CSV header, column 1: "English" is not a language tag/);
  });
});
