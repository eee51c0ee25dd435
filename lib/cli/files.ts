import { readFile, stat } from "node:fs/promises";
import { AppError } from "../errors";
import { MAX_IMPORT_BYTES } from "../limits";

/** Why a file could not be read or written, in words (the system's code otherwise). */
export function fileProblem(error: unknown, doing: "read" | "write" = "read"): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    // Writing, a missing file is made: what is missing is its folder.
    ENOENT: doing === "read" ? "there is no such file" : "its folder does not exist",
    EISDIR: "it is a directory",
    ENOTDIR: "a folder on its path is a file",
    EACCES: "permission denied",
  };
  return (code && reasons[code]) ?? code ?? (error as Error).message;
}

/**
 * The bytes of a file a command reads (import, align), refused by its size
 * before it is read when it is over what an import takes. `named` names it
 * in messages (`SOURCE_FILE "a.txt"`, or just its path).
 */
export async function readInputFile(file: string, named: string): Promise<Uint8Array> {
  try {
    const { size } = await stat(file);
    if (size > MAX_IMPORT_BYTES) {
      throw new AppError("file_too_large", `${named} is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most an import takes`, {
        status: 413,
        details: { limit: "import_bytes", max: MAX_IMPORT_BYTES, found: size },
      });
    }
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof AppError) throw error;
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new AppError(missing ? "file_not_found" : "file_unreadable", `Cannot read ${named}: ${fileProblem(error)}`, {
      status: 400,
      cause: error,
    });
  }
}
