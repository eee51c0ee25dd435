import { Parser } from "htmlparser2";
import { checkImportRowCount, limitExceeded, MAX_NESTING_DEPTH, MAX_ROWS_PER_IMPORT } from "../limits";
import { entitiesDeclared } from "./xml";

/** Elements that start and end a paragraph; inline elements inside them are flattened into their text. */
const BLOCK_ELEMENTS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "html",
  "legend",
  "li",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
]);

/** Elements whose content is not text of the document. */
const SKIPPED_ELEMENTS = new Set(["head", "script", "style", "template", "noscript", "svg", "math", "iframe", "object", "select"]);

/**
 * Paragraphs of an HTML document: the text of each paragraph-level element
 * (p, headings, list items, quotes, table cells, pre, a div's own text…) with
 * inline markup flattened, whitespace collapsed as a browser would (except in
 * pre), entities decoded and <br> kept as a line break. Elements open more
 * than MAX_NESTING_DEPTH deep are refused (every step of the parser's
 * stack costs its depth). With `countRows` (an HTML file, whose lines are the
 * user's), the first paragraph past the import's row limit is refused where
 * it is, rather than once all are read.
 *
 * The HTML is read a slice at a time, letting other work run between slices.
 */
export async function htmlParagraphs(html: string, options: { countRows?: boolean } = {}): Promise<string[]> {
  const paragraphs: string[] = [];
  let buffer = "";
  let preformatted = 0;
  let skipped = 0;
  let depth = 0;

  const flush = () => {
    const paragraph = preformatted ? buffer.replace(/^\n/, "").replace(/\s+$/, "") : collapse(buffer);
    buffer = "";
    if (paragraph.trim() === "") return;
    paragraphs.push(paragraph);
    if (options.countRows && paragraphs.length > MAX_ROWS_PER_IMPORT) {
      checkImportRowCount(paragraphs.length, "paragraphs", positionIn(html, parser.startIndex));
    }
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (++depth > MAX_NESTING_DEPTH) throw tooDeep(html, parser.startIndex, name, depth);
        if (SKIPPED_ELEMENTS.has(name)) skipped++;
        if (skipped) return;
        if (name === "br") buffer += "\n";
        else if (BLOCK_ELEMENTS.has(name)) flush();
        if (name === "pre") preformatted++;
      },
      onclosetag(name) {
        depth--;
        if (SKIPPED_ELEMENTS.has(name)) {
          skipped = Math.max(0, skipped - 1);
          return;
        }
        if (skipped) return;
        if (BLOCK_ELEMENTS.has(name)) flush();
        if (name === "pre") preformatted = Math.max(0, preformatted - 1);
      },
      onprocessinginstruction(name) {
        // A DOCTYPE with an internal subset ("[<!ENTITY …]"): no HTML file needs one, and the
        // parser would end it at its first ">" and import the rest as text; refused as in XML.
        const subset = name === "!doctype" && html.slice(parser.startIndex, parser.endIndex + 1).includes("[");
        if (subset && /<!ENTITY/i.test(html)) throw entitiesDeclared(html);
      },
      ontext(text) {
        if (!skipped) buffer += preformatted ? text : text.replace(/[ \t\n\r\f]+/g, " ");
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  for (let start = 0; start < html.length; start += HTML_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    parser.write(html.slice(start, start + HTML_SLICE));
  }
  parser.end();
  flush();
  return paragraphs;
}

/** Characters parsed between two turns of the event loop: a few milliseconds of work, so a read that needs several turns still answers at once. */
const HTML_SLICE = 64 * 1024;

function positionIn(html: string, index: number): { line: number; column: number } {
  const before = html.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

function tooDeep(html: string, index: number, name: string, depth: number) {
  const { line, column } = positionIn(html, index);
  return limitExceeded(
    "nesting_depth",
    MAX_NESTING_DEPTH,
    `<${name}> at line ${line}, column ${column} of the HTML is nested ${depth} elements deep (counting those left open); HTML may nest at most ${MAX_NESTING_DEPTH}`,
    { line, column },
  );
}

/** Browser-like whitespace: runs of spaces collapse, spaces around a <br> go, non-breaking spaces stay. */
function collapse(text: string): string {
  return text
    .replace(/ {2,}/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/^ +| +$/g, "");
}
