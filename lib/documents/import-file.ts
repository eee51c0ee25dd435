import { z } from "zod";
import type { Db } from "../db/client";
import type { CellStatus } from "../db/generated/enums";
import { AppError } from "../errors";
import { type ImportFormat, type ParsedImport, parseImportFileOffLoop } from "../formats";
import { checkLanguageCount } from "../limits";
import { LanguageCode } from "../schemas";
import { parseInput } from "../validation";
import { createDocument, DocumentSlug } from "./create-document";
import { importLanguage, type OnProgress } from "./import-language";

const IMPORT_FORMATS = ["txt", "md", "html", "docx", "tmx", "xliff", "csv"] as const satisfies readonly ImportFormat[];

const Label = z.string().trim().min(1).max(100);

/** What to do with an uploaded file: start a new document, or add a language to one. */
export const ImportFileInput = z.object({
  fileName: z.string().trim().min(1, "is empty: name the file").max(255),
  /** Taken from the file name and contents when not given. */
  format: z.enum(IMPORT_FORMATS).optional(),
  into: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("new"),
      slug: DocumentSlug,
      title: z.string().trim().min(1).max(500),
      /** The language of a single-language file; suggested from its text when not given. */
      language: LanguageCode.optional(),
      label: Label.optional(),
    }),
    z.object({
      kind: z.literal("existing"),
      slug: DocumentSlug,
      /** The language to add (a bilingual file: which of its languages); suggested when not given. */
      language: LanguageCode.optional(),
      label: Label.optional(),
    }),
  ]),
});
export type ImportFileInput = z.input<typeof ImportFileInput>;

export interface ImportFileResult {
  slug: string;
  format: ImportFormat;
  encoding: string | null;
  languages: string[];
  rows: number;
  createdRows: number;
  lowConfidence: number;
  /** Rows people confirmed, in any document of the language pair, whose words the aligner learned from (0 for a new document). */
  learnedRows: number;
}

/**
 * A language's own name for itself ("ru" → "Русский", "fr" → "Français"), the label a column gets
 * unless one is given: every reader sees one label whatever the interface language, as the speech's
 * "Русский" and "English". A tag no language has keeps the tag.
 */
export function languageLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: "language", fallback: "none" }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(code) + name.slice(1) : code;
  } catch {
    return code; // not a well-formed tag
  }
}

function provenance(fileName: string, parsed: ParsedImport): string {
  const encoding = parsed.encoding ? `, ${parsed.encoding}` : "";
  return `Imported from ${fileName} (${parsed.format}${encoding}) on ${new Date().toISOString().slice(0, 10)}`;
}

function chooseLanguage(given: string | undefined, parsed: ParsedImport, fileName: string): string {
  if (given) return given;
  if (parsed.kind === "monolingual" && parsed.suggestedLanguage) return parsed.suggestedLanguage;
  throw new AppError("language_unknown", `Cannot tell the language of ${fileName}: name it`, { status: 422 });
}

/** A file read and checked, ready to be written: what `writeImport` needs and nothing that can fail on the file any more. */
export type ReadImport =
  | { kind: "new"; slug: string; title: string; label?: string; parsed: ParsedImport; fileName: string; languages: NewLanguage[] }
  | { kind: "existing"; slug: string; label?: string; parsed: ParsedImport; fileName: string; code: string; paragraphs: string[] };

interface NewLanguage {
  code: string;
  paragraphs: string[];
  statuses?: CellStatus[];
}

/**
 * Reads and checks a file for import: format, encoding, structure, the
 * language(s) it brings, the limits of lib/limits.ts. Every problem with the
 * file shows up here, before anything is written (and before a progress
 * stream starts).
 */
export async function readImport(db: Db, bytes: Uint8Array, rawInput: ImportFileInput): Promise<ReadImport> {
  const input = parseInput(ImportFileInput, rawInput, "import");
  const parsed = await parseImportFileOffLoop({ bytes, fileName: input.fileName, ...(input.format ? { format: input.format } : {}) });
  const { into, fileName } = input;
  const label = into.label ? { label: into.label } : {};

  if (into.kind === "new") {
    const languages: NewLanguage[] =
      parsed.kind === "monolingual"
        ? [{ code: chooseLanguage(into.language, parsed, fileName), paragraphs: parsed.paragraphs }]
        : parsed.languages.map((code) => ({
            code,
            paragraphs: parsed.rows.map((row) => row.cells[code]?.text ?? ""),
            statuses: parsed.rows.map((row) => row.cells[code]?.status ?? "draft"),
          }));
    if (!languages[0]?.paragraphs.length) throw new AppError("bad_import", `${fileName} holds no text to import`, { status: 422 });
    return { kind: "new", slug: into.slug, title: into.title, ...label, parsed, fileName, languages };
  }

  const existing = new Set(
    (await db.documentLanguage.findMany({ where: { document: { slug: into.slug }, deletedAt: null }, select: { code: true } })).map(
      (language) => language.code,
    ),
  );
  const withOneMore = (code: string) => {
    if (!existing.has(code)) checkLanguageCount(existing.size + 1, `With ${code}, document "${into.slug}" would have`);
    return code;
  };
  if (parsed.kind === "monolingual") {
    return {
      kind: "existing",
      slug: into.slug,
      ...label,
      parsed,
      fileName,
      code: withOneMore(chooseLanguage(into.language, parsed, fileName)),
      paragraphs: parsed.paragraphs,
    };
  }
  const code = into.language ?? parsed.languages.find((candidate) => !existing.has(candidate));
  if (!code || !parsed.languages.includes(code)) {
    throw new AppError(
      "language_not_in_file",
      into.language
        ? `${fileName} has no ${into.language} text; it holds ${parsed.languages.join(", ")}`
        : `${fileName} holds ${parsed.languages.join(", ")}, all of which the document already has`,
      { status: 422 },
    );
  }
  const paragraphs = parsed.rows.map((row) => row.cells[code]?.text ?? "").filter((text) => text.trim() !== "");
  return { kind: "existing", slug: into.slug, ...label, parsed, fileName, code: withOneMore(code), paragraphs };
}

/**
 * Writes a file read by readImport, in one transaction. Into a new
 * document: a single-language file becomes its original, a bilingual file
 * (TMX, XLIFF, CSV) gives all its languages row by row, the first being the
 * original. Into an existing document: the paragraphs (or a bilingual
 * file's column for the language) are aligned automatically to its rows.
 */
export async function writeImport(
  db: Db,
  read: ReadImport,
  options: { authorId: number; onProgress?: OnProgress },
): Promise<ImportFileResult> {
  const described = { slug: read.slug, format: read.parsed.format, encoding: read.parsed.encoding };
  const origin = provenance(read.fileName, read.parsed);
  if (read.kind === "new") {
    options.onProgress?.({ stage: "writing", done: 0, total: 1 });
    await createDocument(
      db,
      {
        slug: read.slug,
        title: read.title,
        languages: read.languages.map((language, index) => ({
          code: language.code,
          label: index === 0 && read.label ? read.label : languageLabel(language.code),
          isOriginal: index === 0,
          provenance: origin,
          paragraphs: language.paragraphs,
          ...(language.statuses ? { statuses: language.statuses } : {}),
        })),
      },
      { authorId: options.authorId },
    );
    options.onProgress?.({ stage: "writing", done: 1, total: 1 });
    return {
      ...described,
      languages: read.languages.map((language) => language.code),
      rows: read.languages[0]!.paragraphs.length,
      createdRows: 0,
      lowConfidence: 0,
      learnedRows: 0,
    };
  }
  const result = await importLanguage(
    db,
    {
      slug: read.slug,
      code: read.code,
      label: read.label ?? languageLabel(read.code),
      provenance: origin,
      paragraphs: read.paragraphs,
      fileName: read.fileName,
    },
    options,
  );
  return {
    ...described,
    languages: [read.code],
    rows: result.rows,
    createdRows: result.createdRows,
    lowConfidence: result.lowConfidence,
    learnedRows: result.learnedRows,
  };
}

/** readImport then writeImport: a bad file changes nothing, a good one is stored whole. */
export async function importFile(
  db: Db,
  bytes: Uint8Array,
  rawInput: ImportFileInput,
  options: { authorId: number; onProgress?: OnProgress },
): Promise<ImportFileResult> {
  options.onProgress?.({ stage: "reading", done: 0, total: 1 });
  const read = await readImport(db, bytes, rawInput);
  options.onProgress?.({ stage: "reading", done: 1, total: 1 });
  return writeImport(db, read, options);
}
