import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { AppError } from "./errors";

/**
 * What a worker script (plain JavaScript beside its module, loading the
 * TypeScript it runs through tsx) posts: progress while it works, then its
 * one result, or the refusal it threw (an AppError, which a thrown error
 * would not carry across whole: its code, status and details).
 */
type WorkerMessage<Progress> =
  | { type: "progress"; progress: Progress }
  | { type: "result"; result: unknown }
  | { type: "refusal"; refusal: { code: string; message: string; status: number; details?: unknown } };

/**
 * Worker threads running at once, in this process; further work waits its
 * turn. More threads than cores would finish no sooner, and each holds its
 * own copy of what it works on (a 50 MB file being read, two long texts
 * being aligned): many large imports at once would otherwise hold them all
 * in memory together, enough to end the server.
 */
export const MAX_RUNNING_WORKERS = Math.max(2, availableParallelism());

let running = 0;
const waiting: Array<() => void> = [];

/** Resolves when a worker may start, in the order asked; the caller must `release` once its worker is done. */
function turn(): Promise<void> {
  if (running < MAX_RUNNING_WORKERS) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** Hands a finished worker's place to the next one waiting (which keeps it counted), or frees it. */
function release() {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

/**
 * Runs a worker script to its one answer, on a thread started for it and
 * ended with it (at most MAX_RUNNING_WORKERS at once): long CPU work
 * (aligning a document, parsing a large file) that on the server's event
 * loop would hold up every other request. A refusal comes back as the
 * AppError it was; any other failure as the worker's error.
 */
export async function runInWorker<Result, Progress = never>(
  script: string,
  workerData: unknown,
  { onProgress }: { onProgress?: (progress: Progress) => void } = {},
): Promise<Result> {
  await turn();
  try {
    // Next bundles the calling module but must leave the worker's script as it is, which the comments keep Turbopack from following.
    const worker = new Worker(/* turbopackIgnore: true */ script, { workerData });
    return await new Promise<Result>((resolve, reject) => {
      worker.on("message", (message: WorkerMessage<Progress>) => {
        if (message.type === "progress") onProgress?.(message.progress);
        else if (message.type === "result") resolve(message.result as Result);
        else reject(new AppError(message.refusal.code, message.refusal.message, message.refusal));
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`The worker thread stopped (exit code ${code}) before answering`)));
    });
  } finally {
    release();
  }
}
