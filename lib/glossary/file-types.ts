/** What the glossary file readers (csv.ts, tbx.ts) give and the writers share. */
import type { TermWordings } from "./terms";

/** A file's terms, each with where it is in the file, for the refusal of one that cannot be stored. */
export interface ParsedGlossary {
  terms: { term: TermWordings; where: string; position: { line?: number; column?: number } }[];
}

/** A language's place in the order given (a document's columns); those not in it come after. */
export function languageRank(order: string[], language: string): number {
  const index = order.indexOf(language);
  return index < 0 ? order.length : index;
}
