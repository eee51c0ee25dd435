/**
 * The one error type of the domain. `code` is stable and machine-readable,
 * `message` is written for the person who has to act on it, and `status`
 * is the HTTP status a route handler answers with.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? 500;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
