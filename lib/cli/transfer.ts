import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "../db/client";
import { exportDocument } from "../documents/export-document";
import { EXPORT_FORMATS, type ExportFormatName } from "../documents/export-options";
import { readImport, writeImport } from "../documents/import-file";
import type { ImportProgress } from "../documents/import-language";
import { getDocument } from "../documents/queries";
import { realignLanguage } from "../documents/realign-language";
import { applyFileUpdate, type FileUpdateConflict, fileUpdateParagraphs, previewFileUpdate } from "../documents/update-language";
import { AppError } from "../errors";
import { ensureSystemUser } from "../users";
import { fileProblem, readInputFile } from "./files";
import { parsePoint, refuseExtraArguments } from "./revisions";

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

/**
 * wb import FILE --slug SLUG --title TITLE [--language CODE] [--label NAME] [--format F]
 * wb import FILE --into SLUG [--language CODE] [--label NAME] [--format F]
 * wb import FILE --into SLUG --language CODE --update [--empty-missing] [--preview] [--json]
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
      update: { type: "boolean" },
      "empty-missing": { type: "boolean" },
      preview: { type: "boolean" },
    },
    allowPositionals: true,
  });
  refuseExtraArguments(positionals, 1, "wb import FILE --into SLUG, or wb import FILE --slug SLUG --title TITLE");
  if (values.update || values["empty-missing"] || values.preview) return updateFromFile(db, positionals[0], values, print);
  const [file] = positionals;
  if (!file)
    throw new AppError("invalid_input", "Name the file to import: wb import FILE --into SLUG, or --slug SLUG --title TITLE", {
      status: 400,
    });
  if (values.into && (values.slug || values.title))
    throw new AppError("invalid_input", "Either --into an existing document or --slug/--title for a new one, not both", { status: 400 });
  const bytes = await readInputFile(file, file);
  const into = values.into
    ? { kind: "existing" as const, slug: values.into, language: values.language, label: values.label }
    : { kind: "new" as const, slug: values.slug as string, title: values.title as string, language: values.language, label: values.label };
  // The file is read, and refused, before anything is written (the system user included).
  const read = await readImport(db, bytes, { fileName: path.basename(file), format: values.format as never, into });
  const author = await ensureSystemUser(db);
  const result = await writeImport(db, read, { authorId: author.id, onProgress: progressPrinter() });
  if (values.json) return print(JSON.stringify(result));
  print(
    `Imported ${path.basename(file)} (${result.format}${result.encoding ? `, ${result.encoding}` : ""}) into "${result.slug}": ${result.languages.join(", ")}, ${result.rows} rows` +
      (result.createdRows ? `, ${result.createdRows} new` : "") +
      (into.kind === "existing" ? `; ${result.lowConfidence} rows for a human to check (low confidence)` : "") +
      learnedNote(result.learnedRows),
  );
}

/**
 * wb import FILE --into SLUG --language CODE --update: the language's cells
 * updated from a revised file of it (each changed cell one revision, new
 * paragraphs new rows, paragraphs the file lacks reported and kept unless
 * --empty-missing). A file exported by Parallel (TMX, XLIFF, CSV) names the
 * revision of each text: cells edited in the app since are merged three-way,
 * and where both sides changed the same words the cell is left as it is and
 * listed as a conflict (resolve it in the preview of the web page). --preview
 * writes nothing; --json prints the counts and conflicts on stdout.
 */
async function updateFromFile(
  db: Db,
  file: string | undefined,
  values: {
    into?: string;
    slug?: string;
    title?: string;
    label?: string;
    language?: string;
    format?: string;
    json?: boolean;
    update?: boolean;
    "empty-missing"?: boolean;
    preview?: boolean;
  },
  print: Print,
) {
  const usage = "wb import FILE --into SLUG --language CODE --update [--empty-missing] [--preview] [--json]";
  if (!values.update) {
    throw new AppError("invalid_input", `${values.preview ? "--preview" : "--empty-missing"} goes with --update: ${usage}`, {
      status: 400,
    });
  }
  if (!file || !values.into || !values.language) throw new AppError("invalid_input", `Usage: ${usage}`, { status: 400 });
  if (values.slug || values.title || values.label) {
    throw new AppError("invalid_input", `--update changes a language the document has: no --slug, --title or --label (${usage})`, {
      status: 400,
    });
  }
  const bytes = await readInputFile(file, file);
  const fileName = path.basename(file);
  const read = await readImport(db, bytes, {
    fileName,
    format: values.format as never,
    into: { kind: "existing", slug: values.into, language: values.language },
  });
  if (read.kind !== "existing") throw new Error("readImport answered a new document for --into");
  const input = {
    slug: read.slug,
    code: read.code,
    ...fileUpdateParagraphs(read),
    fileName,
    emptyMissing: values["empty-missing"] ?? false,
  };
  if (values.preview) {
    const plan = await previewFileUpdate(db, input);
    const counts = { changed: plan.changed.length, unchanged: plan.unchanged, added: plan.added.length, removed: plan.removed.length };
    if (values.json) return print(JSON.stringify({ ...counts, conflicts: plan.conflicts.map(conflictJson) }));
    print(
      `Updating ${read.code} of "${read.slug}" from ${fileName} would change ${counts.changed} cells (${plan.changed.filter((change) => change.mergedWithAppEdits).length} merged with edits made in the app), ` +
        `leave ${counts.unchanged} unchanged, add ${counts.added} rows; ${counts.removed} missing from the file; ${plan.conflicts.length} in conflict`,
    );
    for (const conflict of plan.conflicts) print(conflictLine(conflict));
    return;
  }
  const author = await ensureSystemUser(db);
  const result = await applyFileUpdate(db, input, { authorId: author.id });
  const { changed, unchanged, added, removed, conflicts } = result;
  if (values.json) {
    print(JSON.stringify({ changed, unchanged, added, removed, conflicts: conflicts.map(conflictJson) }));
    return;
  }
  print(
    `Updated ${result.languageCode} of "${read.slug}" from ${fileName}: ${changed} changed, ${unchanged} unchanged, ${added} new rows, ` +
      `${removed} missing from the file${removed ? (result.emptied ? " (emptied)" : " (kept; --empty-missing empties them)") : ""}` +
      (conflicts.length ? `; ${conflicts.length} in conflict, left as they are (resolve them in the update preview of the web page):` : ""),
  );
  for (const conflict of conflicts) print(conflictLine(conflict));
}

/** A conflict as --json prints it (the API answers the same fields, and the segment). */
function conflictJson({ row, cell, base, app, file, regions }: FileUpdateConflict) {
  return { row, cell, base, app, file, regions };
}

function conflictLine(conflict: FileUpdateConflict) {
  const regions = conflict.regions.map((region) => `"${region.base}" → app "${region.mine}", file "${region.theirs}"`).join("; ");
  return `  row ${conflict.row} (cell ${conflict.cell}): ${regions}`;
}

/** wb export SLUG --format tmx|xliff|csv|txt [--at POINT] [--approved-only] [--languages ru,en] [--source L --target L] [--xliff-version 2.0|1.2] [--language L] [--out FILE] */
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
      "xliff-version": { type: "string" },
      language: { type: "string" },
      out: { type: "string" },
    },
    allowPositionals: true,
  });
  refuseExtraArguments(positionals, 1, `wb export SLUG --format ${EXPORT_FORMATS.join("|")}`);
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
    ...(values["xliff-version"] ? { xliffVersion: values["xliff-version"] as never } : {}),
    language: values.language,
  });
  // The file as it is, line ends and all (CSV has CRLF), not through print.
  if (!values.out) return void process.stdout.write(file.body);
  try {
    await writeFile(values.out, file.body);
  } catch (error) {
    throw new AppError("file_unwritable", `Cannot write ${values.out}: ${fileProblem(error, "write")}`, { status: 400, cause: error });
  }
  print(`Wrote ${values.out}`);
}

/** wb realign SLUG --language CODE: aligns the language afresh from the first unconfirmed row. */
export async function realignCommand(db: Db, args: string[], print: Print) {
  const { values, positionals } = parseArgs({ args, options: { language: { type: "string" } }, allowPositionals: true });
  refuseExtraArguments(positionals, 1, "wb realign SLUG --language CODE");
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
    (result.changeId === null
      ? `Rows ${result.fromRow}–${result.fromRow + result.rows - 1} already read as the aligner would have them; nothing changed`
      : `Realigned ${values.language} in rows ${result.fromRow}–${result.fromRow + result.rows - 1}; ${result.lowConfidence} rows for a human to check`) +
      learnedNote(result.learnedRows),
  );
}

/** How many rows people confirmed the aligner learned words from, when any. */
function learnedNote(learnedRows: number) {
  return learnedRows ? `; words learned from ${learnedRows} confirmed rows of this language pair` : "";
}
