/**
 * Splits a text into paragraphs: maximal runs of non-blank lines. Lines keep
 * their content but lose trailing whitespace; line breaks inside a paragraph
 * are kept. Windows and old Mac line endings are accepted.
 */
export function splitParagraphs(text: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    if (line.trim() === "") {
      if (current.length) paragraphs.push(current.join("\n"));
      current = [];
    } else {
      current.push(line.trimEnd());
    }
  }
  if (current.length) paragraphs.push(current.join("\n"));
  return paragraphs;
}
