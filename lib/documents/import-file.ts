import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { type ImportFormat, type ParsedImport, parseImportFile } from "../formats";
import { parseInput } from "../validation";
import { createDocument, DocumentSlug, LanguageCode } from "./create-document";
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
}

/** The English name of a language tag ("ru" → "Russian"), the label a column gets unless one is given. */
export function languageLabel(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
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

/**
 * Imports a file: parsed and checked in full first (a bad file changes
 * nothing), then written in one transaction. Into a new document: a
 * single-language file becomes its original, a bilingual file (TMX, XLIFF,
 * CSV) gives all its languages row by row, the first being the original.
 * Into an existing document: the paragraphs (or a bilingual file's column
 * for the chosen language) are aligned automatically against its rows.
 */
export async function importFile(
  db: Db,
  bytes: Uint8Array,
  rawInput: ImportFileInput,
  options: { authorId: number; onProgress?: OnProgress },
): Promise<ImportFileResult> {
  const input = parseInput(ImportFileInput, rawInput, "import");
  options.onProgress?.({ stage: "reading", done: 0, total: bytes.length });
  const parsed = await parseImportFile({ bytes, fileName: input.fileName, ...(input.format ? { format: input.format } : {}) });
  options.onProgress?.({ stage: "reading", done: bytes.length, total: bytes.length });
  const described = { format: parsed.format, encoding: parsed.encoding };
  const { into } = input;

  if (into.kind === "new") {
    const languages =
      parsed.kind === "monolingual"
        ? [{ code: chooseLanguage(into.language, parsed, input.fileName), paragraphs: parsed.paragraphs, statuses: undefined }]
        : parsed.languages.map((code) => ({
            code,
            paragraphs: parsed.rows.map((row) => row.cells[code]?.text ?? ""),
            statuses: parsed.rows.map((row) => row.cells[code]?.status ?? "draft"),
          }));
    if (!languages[0]!.paragraphs.length) throw new AppError("bad_import", `${input.fileName} holds no text to import`, { status: 422 });
    options.onProgress?.({ stage: "writing", done: 0, total: 1 });
    await createDocument(
      db,
      {
        slug: into.slug,
        title: into.title,
        languages: languages.map((language, index) => ({
          code: language.code,
          label: index === 0 && into.label ? into.label : languageLabel(language.code),
          isOriginal: index === 0,
          provenance: provenance(input.fileName, parsed),
          paragraphs: language.paragraphs,
          ...(language.statuses ? { statuses: language.statuses } : {}),
        })),
      },
      { authorId: options.authorId },
    );
    options.onProgress?.({ stage: "writing", done: 1, total: 1 });
    return { slug: into.slug, ...described, languages: languages.map((language) => language.code), rows: languages[0]!.paragraphs.length, createdRows: 0, lowConfidence: 0 };
  }

  let paragraphs: string[];
  let code: string;
  if (parsed.kind === "monolingual") {
    code = chooseLanguage(into.language, parsed, input.fileName);
    paragraphs = parsed.paragraphs;
  } else {
    const existing = await db.documentLanguage.findMany({ where: { document: { slug: into.slug } }, select: { code: true } });
    const candidates = parsed.languages.filter((candidate) => !existing.some((language) => language.code === candidate));
    code = into.language ?? candidates[0] ?? "";
    if (!parsed.languages.includes(code)) {
      throw new AppError("language_not_in_file", `${input.fileName} has no ${into.language ?? "new"} language to add; it holds ${parsed.languages.join(", ")}`, { status: 422 });
    }
    paragraphs = parsed.rows.map((row) => row.cells[code]?.text ?? "").filter((text) => text.trim() !== "");
  }
  const result = await importLanguage(
    db,
    { slug: into.slug, code, label: into.label ?? languageLabel(code), provenance: provenance(input.fileName, parsed), paragraphs, fileName: input.fileName },
    options,
  );
  return { slug: into.slug, ...described, languages: [code], rows: result.rows, createdRows: result.createdRows, lowConfidence: result.lowConfidence };
}
