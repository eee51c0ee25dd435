import path from "node:path";
import { fileURLToPath } from "node:url";
import { runInWorker } from "../threads";
import type { AlignOptions, Bead } from "./index";

/**
 * alignParagraphs on a worker thread (worker-thread.mjs): aligning a long
 * document takes seconds of CPU, which on the server's event loop would hold
 * up every other request. The worker's start-up is small beside an
 * alignment worth moving off the loop.
 */
export function alignInWorker(source: string[], target: string[], options: AlignOptions = {}): Promise<Bead[]> {
  const { onProgress, ...data } = options;
  // Found beside this module's source: Next bundles this module, not the worker's script.
  const script = path.join(/* turbopackIgnore: true */ path.dirname(fileURLToPath(import.meta.url)), "worker-thread.mjs");
  return runInWorker<Bead[], { done: number; total: number }>(
    script,
    { source, target, ...data },
    { onProgress: onProgress && (({ done, total }) => onProgress(done, total)) },
  );
}
