import path from "node:path";
import { fileURLToPath } from "node:url";
import { runInWorker } from "../threads";
import { parseImportFile } from "./import";
import type { ImportFormat, ParsedImport } from "./types";

/**
 * Files from this size on are read on a worker thread. Reading a large file
 * takes CPU in long stretches (a CSV of a million rows: 140 ms without a
 * break; a TMX of 200,000 units: 1.5 s in 10–70 ms steps) and leaves much
 * garbage: on the server's event loop, both hold up everyone else's
 * requests, even while a hostile upload is only being refused. A worker's
 * start (about 0.4 s) is small beside that, but not beside reading a small
 * file (milliseconds).
 */
export const OFF_LOOP_BYTES = 1024 * 1024;

/** parseImportFile, on a worker thread (worker-thread.mjs) for files of OFF_LOOP_BYTES or more; its refusals as they are. */
export function parseImportFileOffLoop(input: { bytes: Uint8Array; fileName: string; format?: ImportFormat }): Promise<ParsedImport> {
  if (input.bytes.length < OFF_LOOP_BYTES) return parseImportFile(input);
  // Found beside this module's source: Next bundles this module, not the worker's script.
  const script = path.join(/* turbopackIgnore: true */ path.dirname(fileURLToPath(import.meta.url)), "worker-thread.mjs");
  return runInWorker<ParsedImport>(script, input);
}
