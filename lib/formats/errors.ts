import { AppError } from "../errors";
import { MAX_IMPORT_BYTES } from "../limits";

/** A file that cannot be imported as it is; the message says what is wrong and where. */
export function badImport(message: string, details?: unknown): AppError {
  return new AppError("bad_import", message, { status: 422, details });
}

export function assertImportSize(bytes: Uint8Array): void {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError(
      "file_too_large",
      `The file is ${formatMegabytes(bytes.length)}; files up to ${formatMegabytes(MAX_IMPORT_BYTES)} can be imported`,
      { status: 413, details: { limit: "import_bytes", max: MAX_IMPORT_BYTES, found: bytes.length } },
    );
  }
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
}

export function unknownExportLanguage(code: string, document: { slug: string }): AppError {
  return new AppError("language_not_found", `Document "${document.slug}" has no language "${code}"`, { status: 404 });
}
