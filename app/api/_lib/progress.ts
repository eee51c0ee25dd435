import { AppError, isAppError } from "@/lib/errors";
import type { ImportProgress, OnProgress } from "@/lib/documents/import-language";

/** One line of a progress stream (newline-delimited JSON). */
export type ProgressLine =
  | ({ type: "progress" } & ImportProgress)
  | { type: "result"; result: unknown }
  | { type: "error"; status: number; error: { code: string; message: string; details?: unknown } };

// Enough for a smooth bar; an aligner may report every row.
const MIN_INTERVAL_MS = 100;

/**
 * Runs a long job and answers at once with a stream of its progress, one
 * JSON object per line, ending with its result or its error (the HTTP
 * status is already 200 by then, so the error line carries the status it
 * would have had). Input is checked before the stream starts, so a request
 * that is wrong from the start still gets an ordinary error answer.
 */
export function progressResponse(work: (onProgress: OnProgress) => Promise<unknown>): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: ProgressLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      let last = 0;
      const onProgress: OnProgress = (progress) => {
        const now = Date.now();
        if (now - last < MIN_INTERVAL_MS && progress.done < progress.total) return;
        last = now;
        send({ type: "progress", ...progress });
      };
      try {
        send({ type: "result", result: await work(onProgress) });
      } catch (error) {
        const known = isAppError(error) ? error : null;
        if (!known) console.error(error);
        const failure = known ?? new AppError("internal", "The server failed to handle this request", { status: 500 });
        send({ type: "error", status: failure.status, error: { code: failure.code, message: failure.message, details: failure.details } });
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" } });
}
