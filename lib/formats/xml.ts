import { SaxesParser } from "saxes";
import { checkImportRowCount, limitExceeded, MAX_NESTING_DEPTH } from "../limits";
import { badImport } from "./errors";

export type XmlElement = {
  /** The local name, without a namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  line: number;
  column: number;
};
export type XmlNode = XmlElement | string;

/**
 * Parses a whole XML document into a small tree. A syntax error becomes a
 * bad_import naming its line and column (1-based, also in `details`).
 * Namespaces are not resolved: TMX and XLIFF elements are told apart by
 * local name, and attributes keep their prefixes (`xml:lang`).
 *
 * Elements nested deeper than MAX_NESTING_DEPTH are refused where they open, so
 * the readers that walk the tree recursively stay within the stack. Entities
 * are never expanded (saxes knows only XML's five and character
 * references), and a DOCTYPE that declares any is refused outright. The
 * elements that become rows (`rows.names`) are counted as they open, so a
 * file with too many is refused at the first one past the limit, not once
 * all of it is read.
 *
 * The text is read a slice at a time, letting other work run between slices:
 * a 50 MB file takes seconds, and the server answers others meanwhile.
 */
export async function parseXml(text: string, rows?: { names: string[]; unit: string }): Promise<XmlElement> {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let failure: Problem | null = null;

  // The first error ends the parse: saxes would go on and report every following character of a broken file.
  const stop = new Error("stop");
  parser.on("error", (error) => {
    failure = { message: error.message.replace(/^\d+:\d+: /, ""), line: parser.line, column: Math.max(1, parser.column) };
    throw stop;
  });
  let tagStart = { line: 1, column: 1 };
  // saxes announces a tag once it has read the character after its name; step back to its "<".
  parser.on("opentagstart", (tag) => {
    tagStart =
      parser.column === 0
        ? { line: parser.line - 1, column: 1 }
        : { line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on("doctype", (doctype) => {
    if (/<!ENTITY/i.test(doctype)) throw entitiesDeclared(text);
  });
  let rowCount = 0;
  parser.on("opentag", (tag) => {
    if (rows?.names.includes(localName(tag.name))) checkImportRowCount(++rowCount, rows.unit, tagStart);
    if (stack.length >= MAX_NESTING_DEPTH) {
      const { line, column } = tagStart;
      throw limitExceeded(
        "nesting_depth",
        MAX_NESTING_DEPTH,
        `<${tag.name}> at line ${line}, column ${column} is nested ${stack.length + 1} elements deep; XML files may nest at most ${MAX_NESTING_DEPTH}`,
        { line, column },
      );
    }
    const element: XmlElement = {
      name: localName(tag.name),
      attributes: tag.attributes as Record<string, string>,
      children: [],
      ...tagStart,
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const appendText = (content: string) => {
    const parent = stack.at(-1);
    if (!parent) return;
    const last = parent.children.at(-1);
    if (typeof last === "string") parent.children[parent.children.length - 1] = last + content;
    else parent.children.push(content);
  };
  parser.on("text", appendText);
  parser.on("cdata", appendText);

  try {
    for (let start = 0; start < text.length; start += XML_SLICE) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      parser.write(text.slice(start, start + XML_SLICE));
    }
    parser.close();
  } catch (error) {
    if (error !== stop) throw error;
  }
  if (failure) {
    const { message, line, column } = earlier(failure, bareAmpersand(text));
    throw badImport(`XML syntax error at line ${line}, column ${column}: ${message}`, { line, column });
  }
  if (!root) throw badImport("The file contains no XML element");
  return root;
}

/** Characters parsed between two turns of the event loop: a few milliseconds of work, so a read that needs several turns still answers at once. */
const XML_SLICE = 64 * 1024;

type Problem = { message: string; line: number; column: number };

/**
 * saxes reads a bare "&" as the start of an entity name up to the next ";",
 * so it reports the damage far away (often at the end of the file); the
 * ampersand itself, the usual mistake in hand-edited files, is found here.
 */
function bareAmpersand(text: string): Problem | null {
  // An unclosed CDATA section or comment runs to the end, so no later one is searched again (which would be quadratic).
  const pattern = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_:][\w.:-]*;)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0] !== "&") continue;
    return { message: 'an "&" that does not start an entity; write it as &amp;', ...positionOf(text, match.index) };
  }
  return null;
}

/**
 * The refusal of a DOCTYPE that declares entities (the first <!ENTITY in
 * `text` is where): XML and HTML files alike, neither reader expands them.
 */
export function entitiesDeclared(text: string) {
  const { line, column } = positionOf(text, Math.max(0, text.search(/<!ENTITY/i)));
  return badImport(
    `The DOCTYPE declares entities (line ${line}, column ${column}); they are not expanded, for safety (a "billion laughs" file, or one that reads other files): remove the declarations`,
    { line, column },
  );
}

function positionOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  return { line: before.split("\n").length, column: index - before.lastIndexOf("\n") };
}

function earlier(problem: Problem, other: Problem | null): Problem {
  if (!other) return problem;
  return other.line < problem.line || (other.line === problem.line && other.column <= problem.column) ? other : problem;
}

export function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter((child): child is XmlElement => typeof child !== "string" && (name === undefined || child.name === name));
}

/** Every descendant with this local name, in document order, not looking inside matches. */
export function descendants(element: XmlElement, name: string, found: XmlElement[] = []): XmlElement[] {
  // Into one array: spreading 200,000 matches into push() overflowed the stack.
  for (const child of childElements(element)) {
    if (child.name === name) found.push(child);
    else descendants(child, name, found);
  }
  return found;
}

/**
 * The text of an element whose inline markup is either kept as text or
 * dropped: `dropped` names elements holding native codes (placeholders,
 * tags of the original format) that are not part of the translatable text.
 */
export function inlineText(element: XmlElement, dropped: ReadonlySet<string>): string {
  return element.children
    .map((child) => {
      if (typeof child === "string") return child;
      if (dropped.has(child.name)) return "";
      if (child.name === "cp") return codePointText(child);
      return inlineText(child, dropped);
    })
    .join("");
}

/** XLIFF 2 writes characters that XML cannot carry as `<cp hex="…"/>`. */
function codePointText(element: XmlElement): string {
  const value = Number.parseInt(element.attributes.hex ?? "", 16);
  return Number.isFinite(value) && value >= 0 && value <= 0x10ffff ? String.fromCodePoint(value) : "";
}

export function where(element: XmlElement): string {
  return `<${element.name}> at line ${element.line}, column ${element.column}`;
}

/** Characters XML 1.0 cannot contain at all, not even as character references. */
const ILLEGAL_XML_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(ILLEGAL_XML_CHARACTERS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#13;");
}

/** Attribute values additionally keep their line breaks, which XML would turn into spaces. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\n/g, "&#10;");
}
