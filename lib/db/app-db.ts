import { AppError } from "../errors";
import { createDb, type Db } from "./client";

const cache = globalThis as unknown as { parallelDb?: Db };

/**
 * The app's one client. `wb dev` / `wb start` put the database address in
 * DATABASE_URL before starting Next. The client is kept on globalThis so
 * hot reloads in development do not open a new pool each time.
 */
export function getAppDb(): Db {
  if (!cache.parallelDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new AppError(
        "database_not_configured",
        "DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, which provide the database",
      );
    }
    // pg waits for a connection forever by default: a server that stops answering without refusing
    // connections would hang every request instead of answering 503 database_unavailable.
    // Twenty, not pg's ten: a structural change holds its connection while it waits for its document's
    // lock, and with ten, a few of them queued on one document left reads and saves waiting for a connection.
    cache.parallelDb = createDb(url, { connectionTimeoutMillis: 10_000, max: 20 });
  }
  return cache.parallelDb;
}
