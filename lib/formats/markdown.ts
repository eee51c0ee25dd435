import { Marked } from "marked";
import { limitExceeded, MAX_MARKDOWN_MARKER_RUN, MAX_MARKDOWN_NESTING } from "../limits";
import { badImport } from "./errors";
import { htmlParagraphs } from "./html";

const markdown = new Marked({ async: false, gfm: true });

/**
 * Paragraphs of the rendered Markdown: headings, list items, quotes, table
 * cells and code blocks each become one; emphasis and link markup give way to
 * their text and images are dropped. Quotes and lists nested deeper than
 * MAX_MARKDOWN_NESTING, and runs of emphasis markers longer than
 * MAX_MARKDOWN_MARKER_RUN, are refused before the parser sees them;
 * whatever else the parser cannot take (it recurses) is a bad_import, never
 * a crash. (The file's size is held to MAX_MARKDOWN_BYTES before it is decoded.)
 */
export async function markdownParagraphs(source: string): Promise<string[]> {
  checkStructure(source);
  let html: string;
  try {
    html = markdown.parse(escapeUnclosedHtml(source)) as string;
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw badImport(`The Markdown cannot be read (${reason}): it is nested too deep or has too long a run of markup characters`);
  }
  return htmlParagraphs(html);
}

/** HTML that opens with the first and closes with the second. */
const CLOSED_BY = [
  ["<!--", "-->"],
  ["<?", "?>"],
  ["<![CDATA[", "]]>"],
] as const;

/**
 * The source with every comment, processing instruction or CDATA section
 * that never closes (one opening after the last closer) written as text
 * ("&lt;!--"): marked searches the rest of the file for the end of each,
 * and 60,000 of them in a 240 KB file took it 11 s. Unclosed, marked would
 * have hidden the rest of the file as a comment; now it is imported as text.
 */
function escapeUnclosedHtml(source: string): string {
  let text = source;
  for (const [opener, closer] of CLOSED_BY) {
    const lastClose = text.lastIndexOf(closer);
    const from = text.indexOf(opener, lastClose < 0 ? 0 : lastClose + closer.length);
    if (from >= 0) text = text.slice(0, from) + text.slice(from).replaceAll(opener, `&lt;${opener.slice(1)}`);
  }
  return text;
}

/** A quote marker, or a list item's bullet or number, each followed by a space. */
const CONTAINER_MARKER = /[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?/y;
const FENCE = /^ {0,3}(?:```|~~~)/;
const MARKER_RUN = new RegExp(`([*_~])\\1{${MAX_MARKDOWN_MARKER_RUN},}`);
/** A thematic break ("***…", "- - -"): a line of one marker character, spaces between. */
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1)*[ \t]*$/;

/**
 * Refuses a line that opens quotes and lists more than MAX_MARKDOWN_NESTING
 * deep: its markers ("> > -"), plus, for a list item, one level per two
 * spaces of indentation (how nested lists are written); and a line with a
 * run of more than MAX_MARKDOWN_MARKER_RUN "*", "_" or "~". Lines in fenced
 * code, and rules ("* * *"), are neither.
 */
function checkStructure(source: string): void {
  let fenced = false;
  const lines = source.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (FENCE.test(line)) fenced = !fenced;
    if (fenced || RULE.test(line)) continue;
    const run = MARKER_RUN.exec(line);
    if (run) {
      const column = run.index + 1;
      throw limitExceeded(
        "markdown_marker_run",
        MAX_MARKDOWN_MARKER_RUN,
        `Line ${index + 1}, column ${column} of the Markdown file has a run of ${run[0].length} "${run[1]}"; Markdown may have at most ${MAX_MARKDOWN_MARKER_RUN} in a row`,
        { line: index + 1, column, found: run[0].length },
      );
    }
    let markers = 0;
    CONTAINER_MARKER.lastIndex = 0;
    while (CONTAINER_MARKER.exec(line)) markers++;
    if (markers === 0) continue;
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, "    ").length;
    const depth = markers + Math.floor(indent / 2);
    if (depth > MAX_MARKDOWN_NESTING) {
      throw limitExceeded(
        "markdown_nesting",
        MAX_MARKDOWN_NESTING,
        `Line ${index + 1} of the Markdown file nests quotes and lists ${depth} deep; Markdown may nest them at most ${MAX_MARKDOWN_NESTING} deep`,
        { line: index + 1, column: 1 },
      );
    }
  }
}
