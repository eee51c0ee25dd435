import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// The parts of pglite-socket 0.2.x's query queue this module replaces; they
// are not exported, so they are named here (and pinned in package.json).
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}
interface QueryQueue {
  db: PGlite;
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// Frontend messages that leave an extended-query exchange open until Sync:
// Parse, Bind, Describe, Execute, Close, Flush.
const OPEN_EXCHANGE = new Set(["P", "B", "D", "E", "C", "H"].map((letter) => letter.charCodeAt(0)));

/**
 * PGlite is one Postgres session that every socket connection shares.
 * pglite-socket runs one protocol message at a time and, inside a
 * transaction, only the messages of the connection that holds it; between
 * transactions, though, it takes messages in arrival order, so one
 * connection's Parse can land between another's Parse and Bind: the Bind
 * then fails ("unnamed prepared statement does not exist") or, worse, runs
 * the other connection's statement with its own parameters. This serves a
 * connection alone from the first message of an exchange until its Sync,
 * as the library already does for a transaction, and keeps the queue going
 * when a message fails or a connection goes away mid-exchange.
 */
export function keepExchangesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let exchangeOf: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const servedAlone = exchangeOf ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = servedAlone === null ? 0 : this.queue.findIndex((entry) => entry.handlerId === servedAlone);
        if (index < 0) break; // that connection's next message has not arrived yet; its enqueue resumes the queue
        const [entry] = this.queue.splice(index, 1) as [QueuedMessage];
        this.lastHandlerId = entry.handlerId;
        exchangeOf = OPEN_EXCHANGE.has(entry.message[0]!) ? entry.handlerId : null;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(entry.message, {
              onRawData: (data) => {
                bytes += data.length;
                entry.onData(data);
              },
            }),
          );
          entry.resolve(bytes);
        } catch (error) {
          entry.reject(error);
        }
      }
    } finally {
      this.processing = false;
    }
  };

  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clearQueueForHandler(handlerId);
    if (exchangeOf === handlerId) {
      exchangeOf = null;
      void queue.processQueue();
    }
  };
}
