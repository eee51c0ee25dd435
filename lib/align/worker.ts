import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AlignOptions, Bead } from "./index";

type Message = { type: "progress"; done: number; total: number } | { type: "result"; beads: Bead[] };

/**
 * alignParagraphs on a worker thread: aligning a long document takes
 * seconds of CPU, which on the server's event loop would hold up every other
 * request. The worker is started afresh for each alignment (its start-up is
 * small beside an alignment worth moving off the loop) and ends with it.
 */
export function alignInWorker(source: string[], target: string[], options: AlignOptions = {}): Promise<Bead[]> {
  const { onProgress, ...data } = options;
  // Next bundles this module but must leave the worker's script as it is
  // (it loads the aligner through tsx when it runs), so it is found beside
  // this module's source, and the comments keep Turbopack from following it.
  const script = path.join(/* turbopackIgnore: true */ path.dirname(fileURLToPath(import.meta.url)), "worker-thread.mjs");
  const worker = new Worker(/* turbopackIgnore: true */ script, { workerData: { source, target, ...data } });
  return new Promise<Bead[]>((resolve, reject) => {
    worker.on("message", (message: Message) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
      else resolve(message.beads);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The aligner's worker thread stopped (exit code ${code}) before answering`)));
  });
}
