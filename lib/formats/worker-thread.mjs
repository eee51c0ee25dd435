// A file read for import (parseImportFile) on a worker thread, started by
// parseImportFileOffLoop (worker.ts) through runInWorker (lib/threads.ts).
// Plain JavaScript so that Node runs it as it is, under Next's server and the
// CLI alike (neither bundles it); it loads the TypeScript readers through tsx.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { parseImportFile } = await tsImport("./import.ts", import.meta.url);
try {
  parentPort.postMessage({ type: "result", result: await parseImportFile(workerData) });
} catch (error) {
  // A refusal of the file (AppError, by name: this module's copy of the class is not the one the readers threw).
  if (error?.name !== "AppError") throw error;
  const { code, message, status, details } = error;
  parentPort.postMessage({ type: "refusal", refusal: { code, message, status, details } });
}
