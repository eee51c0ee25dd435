// The aligner on a worker thread, started by alignInWorker (worker.ts) through
// runInWorker (lib/threads.ts). Plain JavaScript so that Node runs it as it is,
// under Next's server and the CLI alike (neither bundles it); it loads the
// TypeScript aligner through tsx.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { alignParagraphs } = await tsImport("./index.ts", import.meta.url);
const { source, target, sourceLanguage, targetLanguage, learned } = workerData;
const beads = alignParagraphs(source, target, {
  sourceLanguage,
  targetLanguage,
  learned,
  onProgress: (done, total) => parentPort.postMessage({ type: "progress", progress: { done, total } }),
});
parentPort.postMessage({ type: "result", result: beads });
