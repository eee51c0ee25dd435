import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { splitParagraphs } from "@/lib/align/paragraphs";
import { AppError } from "@/lib/errors";
import { detectFormat, MAX_IMPORT_BYTES, parseImportFile, type ParsedImport } from "@/lib/formats";
import { projectRoot } from "@/lib/paths";
import { buildZip, docxFiles, docxParagraph, encodeSingleByte } from "@/tests/fixtures/formats/build-files";
import { failureOf } from "@/tests/helpers/errors";

const fixture = (file: string) => new Uint8Array(readFileSync(path.join(projectRoot, "tests", "fixtures", "formats", file)));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function monolingual(input: Parameters<typeof parseImportFile>[0]) {
  const parsed = await parseImportFile(input);
  if (parsed.kind !== "monolingual") throw new Error(`expected paragraphs, got ${parsed.kind}`);
  return parsed as Extract<ParsedImport, { kind: "monolingual" }>;
}

describe("detectFormat", () => {
  it("goes by the extension, in any case", () => {
    expect(detectFormat("a.TXT", utf8("x"))).toBe("txt");
    expect(detectFormat("notes.markdown", utf8("x"))).toBe("md");
    expect(detectFormat("page.htm", utf8("x"))).toBe("html");
    expect(detectFormat("book.docx", utf8("x"))).toBe("docx");
    expect(detectFormat("memory.tmx", utf8("x"))).toBe("tmx");
    expect(detectFormat("job.xlf", utf8("x"))).toBe("xliff");
    expect(detectFormat("table.csv", utf8("x"))).toBe("csv");
  });

  it("sniffs the content when the extension says nothing", () => {
    expect(detectFormat("upload", buildZip(docxFiles(docxParagraph("<w:t>x</w:t>"))))).toBe("docx");
    expect(detectFormat("upload.xml", utf8('<?xml version="1.0"?>\n<tmx version="1.4">'))).toBe("tmx");
    expect(detectFormat("upload.xml", utf8('\uFEFF<?xml version="1.0"?><xliff version="2.0">'))).toBe("xliff");
    expect(detectFormat("page", utf8("<!DOCTYPE html><p>x</p>"))).toBe("html");
    expect(detectFormat("README", utf8("Just some text"))).toBe("txt");
  });

  it("refuses unknown and unreadable formats, saying what to do", () => {
    expect(() => detectFormat("old.doc", utf8("x"))).toThrow(/old.doc: old Word .doc files cannot be read; save it as .docx/);
    const unknown = (() => {
      try {
        detectFormat("image.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
      } catch (error) {
        return error as AppError;
      }
    })();
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown?.code).toBe("bad_import");
    expect(unknown?.message).toMatch(/image.png: unknown file type ".png"; supported are/);
  });

  it("takes no format from the names of JavaScript's own object properties", () => {
    for (const name of ["notes.constructor", "notes.__proto__", "notes.toString", "notes.valueOf"]) {
      expect(() => detectFormat(name, utf8("Just some text")), name).toThrow(new RegExp(`${name}: unknown file type`, "i"));
    }
  });
});

describe("parseImportFile: texts", () => {
  it("splits plain text into paragraphs and suggests its language", async () => {
    const speech = readFileSync(path.join(projectRoot, "data", "speech", "ru.txt"), "utf8");
    const parsed = await monolingual({ bytes: utf8(speech), fileName: "ru.txt" });
    expect(parsed).toMatchObject({ format: "txt", encoding: "utf-8", suggestedLanguage: "ru" });
    expect(parsed.paragraphs).toEqual(splitParagraphs(speech));
  });

  it("reads legacy Cyrillic text files", async () => {
    const text = "Уважаемые коллеги!\n\nМы с вами подробно обсуждали, как обеспечить безопасность граждан.";
    const parsed = await monolingual({ bytes: encodeSingleByte(text, "koi8-r"), fileName: "old.txt" });
    expect(parsed.encoding).toBe("koi8-r");
    expect(parsed.paragraphs).toEqual(["Уважаемые коллеги!", "Мы с вами подробно обсуждали, как обеспечить безопасность граждан."]);
  });

  it("renders Markdown: headings, list items and quotes are paragraphs, markup and images go, code stays", async () => {
    const parsed = await monolingual({ bytes: fixture("sample.md"), fileName: "sample.md" });
    expect(parsed.format).toBe("md");
    expect(parsed.paragraphs).toEqual([
      "The annual meeting",
      "Colleagues, good afternoon. See the transcript for details.",
      "First item with inline code",
      "Second item",
      "nested & numbered",
      "A quoted line continued here.",
      "const x = 1;\n\nreturn x;",
      "Year",
      "Crimes",
      "2020",
      "2.04 m",
    ]);
  });

  it("flattens HTML into its paragraph-level elements", async () => {
    const parsed = await monolingual({ bytes: fixture("sample.html"), fileName: "sample.html" });
    expect(parsed).toMatchObject({ format: "html", suggestedLanguage: "ru" });
    expect(parsed.paragraphs).toEqual([
      "Расширенное заседание",
      "Коллеги, добрый день\u00A0— «цитата» & всё.",
      "Первая строка\nвторая строка",
      "Текст в div",
      "Абзац внутри div",
      "хвост div",
      "Пункт один",
      "Пункт два",
      "Год",
      "2020",
      "Цитата",
      "  отступ\n    сохранён",
    ]);
  });

  it("honours the charset an HTML page declares", async () => {
    const french =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><p>Déjà vu à Paris</p></body></html>';
    const latin1 = Uint8Array.from(french, (character) => character.charCodeAt(0));
    expect(await monolingual({ bytes: latin1, fileName: "fr.html" })).toMatchObject({
      encoding: "windows-1252",
      paragraphs: ["Déjà vu à Paris"],
    });
    const russian = '<meta charset="windows-1251"><p>Ёлки</p>';
    expect(await monolingual({ bytes: encodeSingleByte(russian, "windows-1251"), fileName: "ru.html" })).toMatchObject({
      encoding: "windows-1251",
      paragraphs: ["Ёлки"],
    });
  });

  it("reads the paragraphs, line breaks and table cells of a DOCX", async () => {
    const body = [
      docxParagraph("<w:t>Уважаемые коллеги!</w:t>"),
      docxParagraph('<w:t xml:space="preserve">Первая строка</w:t>', "<w:br/>", "<w:t>вторая</w:t>"),
      docxParagraph(),
      `<w:tbl><w:tr><w:tc>${docxParagraph("<w:t>Ячейка</w:t>")}</w:tc></w:tr></w:tbl>`,
    ].join("");
    const parsed = await monolingual({ bytes: buildZip(docxFiles(body)), fileName: "speech.docx" });
    expect(parsed).toMatchObject({ format: "docx", encoding: null });
    expect(parsed.paragraphs).toEqual(["Уважаемые коллеги!", "Первая строка\nвторая", "Ячейка"]);
  });
});

describe("parseImportFile: bad input", () => {
  it("refuses a file over the limit before reading it", async () => {
    const error = await failureOf(parseImportFile({ bytes: new Uint8Array(MAX_IMPORT_BYTES + 1), fileName: "huge.txt" }));
    expect(error).toMatchObject({ code: "file_too_large", status: 413 });
    expect(error.message).toMatch(/50 MB/);
  });

  it("names the file in every refusal", async () => {
    const empty = await failureOf(parseImportFile({ bytes: new Uint8Array(), fileName: "empty.txt" }));
    expect(empty).toMatchObject({ code: "bad_import", status: 422, message: "empty.txt: The file is empty" });
    const binary = await failureOf(parseImportFile({ bytes: new Uint8Array([1, 2, 0, 0, 0, 3, 4, 5, 0, 9]), fileName: "data.txt" }));
    expect(binary.message).toMatch(/^data.txt: The file looks like a binary file/);
  });

  it("refuses HTML or Markdown without any text", async () => {
    const error = await failureOf(
      parseImportFile({ bytes: utf8("<html><head><title>t</title></head><body><img src=x></body></html>"), fileName: "blank.html" }),
    );
    expect(error.message).toBe("blank.html: The file contains no text");
  });

  it("refuses a DOCX that is not a zip, or not a Word document", async () => {
    const notZip = await failureOf(parseImportFile({ bytes: utf8("Plain text pretending"), fileName: "fake.docx" }));
    expect(notZip.message).toBe("fake.docx: The file is not a DOCX file: it is not a zip archive");
    const otherZip = await failureOf(parseImportFile({ bytes: buildZip([{ name: "readme.txt", content: "hi" }]), fileName: "other.docx" }));
    expect(otherZip.message).toMatch(/zip archive but not a Word document: it has no word\/document.xml/);
    const cut = buildZip(docxFiles(docxParagraph("<w:t>x</w:t>"))).subarray(0, 200);
    expect((await failureOf(parseImportFile({ bytes: cut, fileName: "cut.docx" }))).message).toMatch(/damaged or cut off/);
  });

  it("refuses a DOCX that declares more than 200 MB unpacked", async () => {
    const files = docxFiles(docxParagraph("<w:t>x</w:t>"));
    files.push({ name: "word/media/big.bin", content: "small", declaredSize: 250 * 1024 * 1024 });
    const error = await failureOf(parseImportFile({ bytes: buildZip(files), fileName: "bomb.docx" }));
    expect(error).toMatchObject({ code: "limit_exceeded", status: 422, details: { limit: "unpacked_bytes" } });
    expect(error.message).toMatch(/bomb.docx: The DOCX file unpacks to 250 MB, more than the 200 MB an import may unpack to/);
  });

  it("stops inflating an entry that lies about its size", async () => {
    const files = docxFiles(docxParagraph("<w:t>x</w:t>"));
    files.push({ name: "word/media/zeros.bin", content: new Uint8Array(5 * 1024 * 1024), declaredSize: 1000 });
    const error = await failureOf(parseImportFile({ bytes: buildZip(files), fileName: "liar.docx" }));
    expect(error.message).toMatch(/"word\/media\/zeros.bin" unpacks to more than the 1000 bytes its zip directory declares/);
  });
});
