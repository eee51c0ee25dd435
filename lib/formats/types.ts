import type { CellStatus } from "../db/generated/enums";

export type ImportFormat = "txt" | "md" | "html" | "docx" | "tmx" | "xliff" | "csv";

/** Files above this are refused before anything else is read (lib/limits.ts holds every limit). */
export { MAX_IMPORT_BYTES } from "../limits";

/**
 * One row of a multilingual text. A language missing from `cells` has no text in this row.
 * `revisionId`: in an export, the revision of the cell the text is; read back from a file,
 * the revision the file's text was exported from (the base of a three-way merge).
 */
export type TransferRow = { cells: Record<string, { text: string; status?: CellStatus; revisionId?: number }> };

/**
 * How exports name a cell's revision so that it survives CAT tools: a line
 * `x-parallel-revision LANG ID` in an XLIFF note, a TMX <prop> of this type in
 * each <tuv>, and a CSV column named `x-parallel-revision LANG`.
 */
export const REVISION_CARRIER = "x-parallel-revision";

/** A revision id as a file carries it, or null when it is not one (a tool or a person mangled it: the text is then read without a base). */
export function readRevisionId(value: string): number | null {
  const id = /^\s*(\d{1,10})\s*$/.exec(value)?.[1];
  return id !== undefined && Number(id) >= 1 && Number(id) <= 2_147_483_647 ? Number(id) : null;
}

export type ParsedImport =
  | {
      kind: "monolingual";
      format: ImportFormat;
      /** Null for DOCX, whose text is not stored in one character encoding. */
      encoding: string | null;
      suggestedLanguage: string | null;
      paragraphs: string[];
    }
  | {
      kind: "bilingual";
      format: "tmx" | "xliff" | "csv";
      encoding: string;
      /** The source language first. */
      languages: string[];
      rows: TransferRow[];
      title?: string;
    };

export type ExportDocument = {
  slug: string;
  title: string;
  /** In display order. */
  languages: Array<{ code: string; label: string; isOriginal: boolean }>;
  /** Every row, in order; a missing or empty cell is "". */
  rows: TransferRow[];
};

export type ExportFormat = "tmx" | "xliff" | "csv" | "txt";

/** The XLIFF versions exportXliff writes: 2.0 by default, 1.2 for tools that read no other. */
export type XliffVersion = "2.0" | "1.2";
