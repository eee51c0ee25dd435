// Worker threads (lib/threads.ts) run at most MAX_RUNNING_WORKERS at once:
// the rest wait their turn, in order, and a worker that refuses or fails
// gives its place back.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { MAX_RUNNING_WORKERS, runInWorker } from "@/lib/threads";

const HOLD = path.join(import.meta.dirname, "../fixtures/workers/hold.mjs");

/** Starts `count` workers at once; `counts` ends holding, at [1], the most that ran together. */
function startWorkers(count: number, options: { refuse?: boolean } = {}) {
  const counts = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const runs = Array.from({ length: count }, (_, index) =>
    runInWorker<number>(HOLD, { counts, index, holdMs: 150, refuse: options.refuse ?? false }),
  );
  return { runs, mostAtOnce: () => new Int32Array(counts)[1] };
}

describe("worker threads", () => {
  it(`run at most ${MAX_RUNNING_WORKERS} at once, the others after them, each with its own answer`, async () => {
    const { runs, mostAtOnce } = startWorkers(MAX_RUNNING_WORKERS + 3);
    expect(await Promise.all(runs)).toEqual(runs.map((_, index) => index));
    expect(mostAtOnce()).toBe(MAX_RUNNING_WORKERS);
  });

  it("give their place back when they refuse or fail to start", async () => {
    const refusing = startWorkers(MAX_RUNNING_WORKERS + 1, { refuse: true }).runs;
    const missing = Array.from({ length: MAX_RUNNING_WORKERS + 1 }, () =>
      runInWorker(path.join(import.meta.dirname, "no-such-worker.mjs"), {}),
    );
    const outcomes = await Promise.allSettled([...refusing, ...missing]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map(() => "rejected"));
    expect((outcomes[0] as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    const { runs, mostAtOnce } = startWorkers(MAX_RUNNING_WORKERS);
    expect(await Promise.all(runs)).toEqual(runs.map((_, index) => index));
    expect(mostAtOnce()).toBe(MAX_RUNNING_WORKERS);
  });
});
