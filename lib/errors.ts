/**
 * The one error type of the domain. `code` is stable and machine-readable,
 * `message` is written for the person who has to act on it, and `status`
 * is the HTTP status a route handler answers with.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  /** Data the caller needs to act, sent along with the message (e.g. the current head on a 409). */
  readonly details?: unknown;

  constructor(code: string, message: string, options: { status?: number; cause?: unknown; details?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
