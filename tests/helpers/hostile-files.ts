// Files made to break the import readers (zip bomb, billion laughs, external
// entities, deep nesting, 100,000 columns, a million rows, binary named .txt,
// a declared encoding that lies, a paragraph longer than a cell), and an
// upload that never ends. The unit test of the readers
// (tests/unit/formats-hostile.test.ts) checks each refusal in detail; the
// route and CLI sweeps send them all through every way a file comes in.
import { NextRequest } from "next/server";
import { MAX_NESTING_DEPTH, MAX_ROWS_PER_IMPORT, MAX_UPLOAD_BODY_BYTES } from "@/lib/limits";
import { buildZip, docxFiles, docxParagraph, encodeSingleByte } from "@/tests/fixtures/formats/build-files";
import { SITE, type RouteHandler } from "./routes";

export const utf8 = (text: string) => new TextEncoder().encode(text);

export const tmxWithSegment = (segment: string) =>
  utf8(`<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en"/>
  <body>
    <tu><tuv xml:lang="en"><seg>${segment}</seg></tuv></tu>
  </body>
</tmx>
`);

/** A <seg> nesting 100,000 <g>: the 196th <g> (line 5) is the element past MAX_NESTING_DEPTH. */
export const deepTmx = () => tmxWithSegment(`${"<g>".repeat(100_000)}x${"</g>".repeat(100_000)}`);

export const deepXliff = () =>
  utf8(
    `<xliff version="2.0" srcLang="en"><file id="f"><unit id="u"><segment><source>${"<pc>".repeat(100_000)}</source></segment></unit></file></xliff>`,
  );

/** 100,000 nested <div> on line 2: the one at this column is past the limit. */
export const deepHtml = () => utf8(`<body>\n${"<div>".repeat(100_000)}x`);
export const DEEP_HTML_COLUMN = 1 + 5 * (MAX_NESTING_DEPTH - 1);

/** Quotes nested 100,000 deep on line 3. */
export const deepMarkdown = () => utf8(`# Title\n\n${"> ".repeat(100_000)}x\n`);

/** Word tables nested 3,000 deep: too deep for the DOCX reader's recursion. */
export const deepDocx = () =>
  buildZip(docxFiles(`${"<w:tbl><w:tr><w:tc>".repeat(3000)}${docxParagraph("<w:t>x</w:t>")}${"</w:tc></w:tr></w:tbl>".repeat(3000)}`));

/** A DOCX holding 20 MB of zeros that pack to a few KB (and tell the truth about their size). */
export const zipBombDocx = () => {
  const files = docxFiles(docxParagraph("<w:t>x</w:t>"));
  files.push({ name: "word/media/zeros.bin", content: new Uint8Array(20 * 1024 * 1024) });
  return buildZip(files);
};

/** Ten levels of entities, each ten of the one below: 10⁹ "lol" once expanded. The first ENTITY is at line 3, column 3. */
const laughsDoctype = (root: string) => [
  '<?xml version="1.0"?>',
  `<!DOCTYPE ${root} [`,
  '  <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, level) => `  <!ENTITY lol${level + 1} "${`&lol${level || ""};`.repeat(10)}">`),
  "]>",
];

export const billionLaughs = {
  tmx: () =>
    utf8(
      [
        ...laughsDoctype("tmx"),
        '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>',
      ].join("\n"),
    ),
  xliff: () =>
    utf8(
      [
        ...laughsDoctype("xliff"),
        '<xliff version="1.2"><file source-language="en"><body><trans-unit id="1"><source>&lol9;</source></trans-unit></body></file></xliff>',
      ].join("\n"),
    ),
  html: () => utf8([...laughsDoctype("html"), "<html><body><p>&lol9;</p></body></html>"].join("\n")),
};

/** An entity naming a file of the server; in XLIFF its declaration is at line 2, column 18. */
export const externalEntity = {
  xliff: () =>
    utf8(
      `<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<xliff version="1.2"><file source-language="en"><body><trans-unit id="1"><source>&xxe;</source></trans-unit></body></file></xliff>`,
    ),
  /** Used without a declaration: an undefined entity. */
  undeclaredXliff: () =>
    utf8(
      `<xliff version="1.2"><file source-language="en"><body><trans-unit id="1"><source>&xxe;</source></trans-unit></body></file></xliff>`,
    ),
  tmx: () =>
    utf8(
      `<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>`,
    ),
  html: () => utf8(`<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<html><body><p>&xxe;</p></body></html>`),
};

/** A CSV header of 100,000 language tags. */
export const wideCsvHeader = () => utf8(`${Array.from({ length: 100_000 }, (_, index) => `en-v${1000 + index}`).join(",")}\nrow\n`);
/** A CSV record of 100,000 fields under a header of two. */
export const wideCsvRecord = () => utf8(`en,ru\n${"a,".repeat(99_999)}a\n`);
/** A CSV of a million rows. */
export const tallCsv = () => utf8(`en,ru\n${"a,b\n".repeat(1_000_000)}`);
/** A TMX of one unit past the import's row limit, the last on line 2 (a single <tu> before it on line 1). */
export const tallTmx = () =>
  utf8(
    `<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu>\n${'<tu><tuv xml:lang="en"><seg>a</seg></tuv></tu>'.repeat(MAX_ROWS_PER_IMPORT)}</body></tmx>`,
  );
/** An XLIFF 1.2 of 250,000 units (finding them all once overflowed the stack: a 500). */
export const tallXliff = () =>
  utf8(
    `<xliff version="1.2"><file source-language="en"><body>${'<trans-unit id="u"><source>a</source></trans-unit>'.repeat(250_000)}</body></file></xliff>`,
  );
/** HTML of a million paragraphs. */
export const tallHtml = () => utf8(`<body>${"<p>a</p>".repeat(1_000_000)}</body>`);
/** Plain text of a million paragraphs. */
export const manyParagraphs = () => utf8("a\n\n".repeat(1_000_000));
/** Plain text whose second paragraph (line 3) has 25,000 characters. */
export const longParagraph = () => utf8(`A short one.\n\n${"x".repeat(25_000)}\n\nAnother.\n`);

/** The start of a PNG: NUL and control bytes. */
export const pngBytes = () =>
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...new Uint8Array(200)]);
/** High bytes that are neither UTF-8 nor Cyrillic text. */
export const noiseBytes = () => Uint8Array.from({ length: 4096 }, (_, index) => 0x80 + ((index * 73) % 128));

/** A TMX declaring UTF-8 whose text is Windows-1251; `offset` is its first byte that is not UTF-8. */
export function lyingTmx(): { bytes: Uint8Array; offset: number } {
  const cyrillic = encodeSingleByte("Привет", "windows-1251");
  const bytes = new Uint8Array([
    ...utf8('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru"><seg>'),
    ...cyrillic,
    ...utf8("</seg></tuv></tu></body></tmx>"),
  ]);
  return { bytes, offset: bytes.indexOf(cyrillic[0]!) };
}

/** HTML whose <meta charset> says Shift JIS over bytes that are not. */
export const lyingHtml = () =>
  new Uint8Array([...utf8('<html><head><meta charset="shift_jis"></head><body><p>'), 0x81, 0xff, ...utf8("</p></body></html>")]);

export interface HostileFile {
  /** Which kind of attack it is, as the issue lists them. */
  kind: string;
  fileName: string;
  bytes: () => Uint8Array;
}

/** Every hostile file, for the sweeps: each must be refused. */
export const HOSTILE_FILES: HostileFile[] = [
  { kind: "zip bomb", fileName: "bomb.docx", bytes: zipBombDocx },
  { kind: "deep nesting", fileName: "deep.docx", bytes: deepDocx },
  { kind: "billion laughs", fileName: "laughs.tmx", bytes: billionLaughs.tmx },
  { kind: "billion laughs", fileName: "laughs.xlf", bytes: billionLaughs.xliff },
  { kind: "billion laughs", fileName: "laughs.html", bytes: billionLaughs.html },
  { kind: "external entity", fileName: "xxe.tmx", bytes: externalEntity.tmx },
  { kind: "external entity", fileName: "xxe.xlf", bytes: externalEntity.xliff },
  { kind: "external entity", fileName: "undeclared.xlf", bytes: externalEntity.undeclaredXliff },
  { kind: "external entity", fileName: "xxe.html", bytes: externalEntity.html },
  { kind: "deep nesting", fileName: "deep.tmx", bytes: deepTmx },
  { kind: "deep nesting", fileName: "deep.xlf", bytes: deepXliff },
  { kind: "deep nesting", fileName: "deep.html", bytes: deepHtml },
  { kind: "deep nesting", fileName: "deep.md", bytes: deepMarkdown },
  { kind: "100,000 columns", fileName: "wide.csv", bytes: wideCsvHeader },
  { kind: "100,000 columns", fileName: "wide-record.csv", bytes: wideCsvRecord },
  { kind: "a million rows", fileName: "tall.csv", bytes: tallCsv },
  { kind: "a million rows", fileName: "many.txt", bytes: manyParagraphs },
  { kind: "a million rows", fileName: "tall.tmx", bytes: tallTmx },
  { kind: "a million rows", fileName: "tall.xlf", bytes: tallXliff },
  { kind: "a million rows", fileName: "tall.html", bytes: tallHtml },
  { kind: "binary named .txt", fileName: "photo.txt", bytes: pngBytes },
  { kind: "binary named .txt", fileName: "noise.txt", bytes: noiseBytes },
  { kind: "declared encoding that lies", fileName: "liar.tmx", bytes: () => lyingTmx().bytes },
  { kind: "declared encoding that lies", fileName: "liar.html", bytes: lyingHtml },
  { kind: "25,000-character paragraph", fileName: "long.txt", bytes: longParagraph },
  // An extension that names a property every JavaScript object has, not a format.
  { kind: "an object property for an extension", fileName: "notes.constructor", bytes: () => new TextEncoder().encode("Just some text.") },
  { kind: "an object property for an extension", fileName: "notes.__proto__", bytes: () => new TextEncoder().encode("Just some text.") },
  // A translation state that names such a property, not a state.
  { kind: "an object property for a state", fileName: "state.xlf", bytes: () => xliffWithState("1.2", "constructor") },
  { kind: "an object property for a state", fileName: "state2.xlf", bytes: () => xliffWithState("2.0", "toString") },
];

/** An XLIFF file (1.2 or 2.0) of one unit, English to Russian, whose translation has this state. */
function xliffWithState(version: "1.2" | "2.0", state: string): Uint8Array {
  return utf8(
    version === "1.2"
      ? `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="ru" datatype="plaintext" original="state">
    <body><trans-unit id="1"><source>Hello.</source><target state="${state}">Привет.</target></trans-unit></body>
  </file>
</xliff>`
      : `<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="ru">
  <file id="f"><unit id="1"><segment state="${state}"><source>Hello.</source><target>Привет.</target></segment></unit></file>
</xliff>`,
  );
}

/**
 * A multipart upload sent chunked, without Content-Length, whose file never
 * ends within the limit (twice MAX_UPLOAD_BODY_BYTES); `pulled` counts the
 * bytes the route asked for. `fields` are the form's other fields, `params`
 * the URL's segments.
 */
export function endlessUpload(headers: Record<string, string>, fields: Record<string, string>, params: Record<string, string> = {}) {
  const boundary = "----hostile-upload-boundary";
  const chunk = new Uint8Array(1024 * 1024).fill(0x61);
  const chunks = Math.ceil((MAX_UPLOAD_BODY_BYTES * 2) / chunk.length);
  const head = utf8(
    [
      ...Object.entries(fields).flatMap(([name, value]) => [`--${boundary}`, `Content-Disposition: form-data; name="${name}"`, "", value]),
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="endless.txt"',
      "Content-Type: text/plain",
      "",
      "",
    ].join("\r\n"),
  );
  const tail = utf8(`\r\n--${boundary}--\r\n`);
  let sent = -1;
  const upload = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = sent < 0 ? head : sent < chunks ? chunk : sent === chunks ? tail : null;
      sent++;
      if (next === null) controller.close();
      else {
        upload.pulled += next.length;
        controller.enqueue(next);
      }
    },
  });
  const request = new NextRequest(`${SITE}/`, {
    method: "POST",
    headers: { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1]);
  return { upload, call: (handler: RouteHandler) => handler(request, { params: Promise.resolve(params) as Promise<never> }) };
}
