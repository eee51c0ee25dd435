import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file so the CLI works from any directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const migrationsDir = path.join(projectRoot, "prisma", "migrations");

/** Where the embedded database keeps its files; PARALLEL_DATA_DIR overrides it (tests do). */
export function dataDir(): string {
  return path.resolve(process.env.PARALLEL_DATA_DIR ?? path.join(projectRoot, ".data"));
}
