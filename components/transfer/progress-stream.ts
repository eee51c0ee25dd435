import type { ProgressLine } from "@/app/api/_lib/progress";
import type { ImportProgress } from "@/lib/documents/import-language";
import { ApiError, apiError } from "@/components/workbench/api";

/**
 * Sends a request whose answer is a progress stream (newline-delimited
 * JSON, see app/api/_lib/progress.ts), reports each progress line, and
 * resolves with the result line or rejects with an ApiError for an error
 * line or an ordinary error answer.
 */
export async function fetchWithProgress<T>(url: string, init: RequestInit, onProgress: (progress: ImportProgress) => void): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw await apiError(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += value ?? "";
    const lines = buffer.split("\n");
    buffer = done ? "" : lines.pop()!;
    for (const text of lines.filter((line) => line.trim() !== "")) {
      const line = JSON.parse(text) as ProgressLine;
      if (line.type === "progress") onProgress(line);
      else if (line.type === "result") return line.result as T;
      else throw new ApiError(line.status, line.error.code, line.error.message, line.error.details);
    }
    if (done) throw new ApiError(502, "stream_ended", "The server stopped answering before the work was done");
  }
}
