import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "../db/client";
import { exportDocument } from "../documents/export-document";
import { EXPORT_FORMATS, type ExportFormatName } from "../documents/export-options";
import { importFile } from "../documents/import-file";
import type { ImportProgress } from "../documents/import-language";
import { getDocument } from "../documents/queries";
import { realignLanguage } from "../documents/realign-language";
import { AppError } from "../errors";
import { MAX_IMPORT_BYTES } from "../limits";
import { ensureSystemUser } from "../users";
import { parsePoint } from "./revisions";

type Print = (line: string) => void;

const STAGES: Record<ImportProgress["stage"], string> = { reading: "Reading", aligning: "Aligning", writing: "Writing" };

/** Progress on stderr: one line redrawn on a terminal, a line per stage and tenth otherwise (logs stay short). */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = "";
  return (progress: ImportProgress) => {
    const percent = progress.total ? Math.floor((100 * progress.done) / progress.total) : 0;
    const line = `${STAGES[progress.stage]} ${stream.isTTY ? percent : Math.floor(percent / 10) * 10}%`;
    if (line === last) return;
    last = line;
    stream.write(
      stream.isTTY ? `\r${line}\u001b[K${progress.done >= progress.total && progress.stage === "writing" ? "\n" : ""}` : `${line}\n`,
    );
  };
}

/** The file's bytes; one over the import limit is refused by its size, before it is read. */
async function readImportFile(file: string): Promise<Uint8Array> {
  try {
    const { size } = await stat(file);
    if (size > MAX_IMPORT_BYTES) {
      throw new AppError("file_too_large", `${file} is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most an import takes`, {
        status: 413,
        details: { limit: "import_bytes", max: MAX_IMPORT_BYTES, found: size },
      });
    }
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("file_unreadable", `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      status: 400,
    });
  }
}

/**
 * wb import FILE --slug SLUG --title TITLE [--language CODE] [--label NAME] [--format F]
 * wb import FILE --into SLUG [--language CODE] [--label NAME] [--format F]
 */
export async function importCommand(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      into: { type: "string" },
      slug: { type: "string" },
      title: { type: "string" },
      language: { type: "string" },
      label: { type: "string" },
      format: { type: "string" },
      json: { type: "boolean" },
    },
    allowPositionals: true,
  });
  const [file] = positionals;
  if (!file)
    throw new AppError("invalid_input", "Name the file to import: wb import FILE --into SLUG, or --slug SLUG --title TITLE", {
      status: 400,
    });
  if (values.into && (values.slug || values.title))
    throw new AppError("invalid_input", "Either --into an existing document or --slug/--title for a new one, not both", { status: 400 });
  const bytes = await readImportFile(file);
  const author = await ensureSystemUser(db);
  const into = values.into
    ? { kind: "existing" as const, slug: values.into, language: values.language, label: values.label }
    : { kind: "new" as const, slug: values.slug as string, title: values.title as string, language: values.language, label: values.label };
  const result = await importFile(
    db,
    bytes,
    { fileName: path.basename(file), format: values.format as never, into },
    { authorId: author.id, onProgress: progressPrinter() },
  );
  if (values.json) return print(JSON.stringify(result));
  print(
    `Imported ${path.basename(file)} (${result.format}${result.encoding ? `, ${result.encoding}` : ""}) into "${result.slug}": ${result.languages.join(", ")}, ${result.rows} rows` +
      (result.createdRows ? `, ${result.createdRows} new` : "") +
      (into.kind === "existing" ? `; ${result.lowConfidence} rows for a human to check (low confidence)` : ""),
  );
}

/** wb export SLUG --format tmx|xliff|csv|txt [--at POINT] [--approved-only] [--languages ru,en] [--source L --target L] [--language L] [--out FILE] */
export async function exportCommand(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: "string" },
      at: { type: "string" },
      "approved-only": { type: "boolean" },
      languages: { type: "string" },
      source: { type: "string" },
      target: { type: "string" },
      language: { type: "string" },
      out: { type: "string" },
    },
    allowPositionals: true,
  });
  const [slug] = positionals;
  if (!slug) throw new AppError("invalid_input", `Name the document: wb export SLUG --format ${EXPORT_FORMATS.join("|")}`, { status: 400 });
  const { document } = await getDocument(db, slug);
  const file = await exportDocument(db, {
    slug,
    format: values.format as ExportFormatName,
    at: values.at ? await parsePoint(db, document.id, values.at, "--at") : "now",
    approvedOnly: values["approved-only"] ?? false,
    ...(values.languages ? { languages: values.languages.split(",") } : {}),
    source: values.source,
    target: values.target,
    language: values.language,
  });
  // The file as it is, line ends and all (CSV has CRLF), not through print.
  if (!values.out) return void process.stdout.write(file.body);
  await writeFile(values.out, file.body);
  print(`Wrote ${values.out}`);
}

/** wb realign SLUG --language CODE: aligns the language afresh from the first unconfirmed row. */
export async function realignCommand(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({ args, options: { language: { type: "string" } }, allowPositionals: true });
  const [slug] = positionals;
  if (!slug || !values.language) throw new AppError("invalid_input", "Usage: wb realign SLUG --language CODE", { status: 400 });
  const { document } = await getDocument(db, slug);
  const author = await ensureSystemUser(db);
  const result = await realignLanguage(
    db,
    { documentId: document.id, languageCode: values.language, authorId: author.id },
    { onProgress: progressPrinter() },
  );
  print(
    result.changeId === null
      ? `Rows ${result.fromRow}–${result.fromRow + result.rows - 1} already read as the aligner would have them; nothing changed`
      : `Realigned ${values.language} in rows ${result.fromRow}–${result.fromRow + result.rows - 1}; ${result.lowConfidence} rows for a human to check`,
  );
}
