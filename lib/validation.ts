import { type z } from "zod";
import { AppError } from "./errors";

/**
 * Parses input at a boundary. A failure becomes one AppError (400) whose
 * message names every offending field by its path, e.g.
 * `languages.1.code: must be a language tag like "ru" or "pt-BR"`.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join(".") : what;
    return `${where}: ${issue.message}`;
  });
  throw new AppError("invalid_input", `Invalid ${what}: ${problems.join("; ")}`, { status: 400 });
}
