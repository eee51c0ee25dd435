import { Marked } from "marked";
import { htmlParagraphs } from "./html";

const markdown = new Marked({ async: false, gfm: true });

/**
 * Paragraphs of the rendered Markdown: headings, list items, quotes, table
 * cells and code blocks each become one; emphasis and link markup give way to
 * their text and images are dropped.
 */
export function markdownParagraphs(source: string): string[] {
  return htmlParagraphs(markdown.parse(source) as string);
}
