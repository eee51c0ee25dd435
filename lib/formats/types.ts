import type { CellStatus } from "../db/generated/enums";

export type ImportFormat = "txt" | "md" | "html" | "docx" | "tmx" | "xliff" | "csv";

/** Files above this are refused before anything else is read (lib/limits.ts holds every limit). */
export { MAX_IMPORT_BYTES } from "../limits";

/** One row of a multilingual text. A language missing from `cells` has no text in this row. */
export type TransferRow = { cells: Record<string, { text: string; status?: CellStatus }> };

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
