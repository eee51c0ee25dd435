import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside a transaction (`inTransaction(db, async (tx) => ...)`, lib/db/transaction.ts). */
export type Tx = Prisma.TransactionClient;

/**
 * adapter-pg, remembering the pool it made at its last connect: `queryRows`
 * sends statements there. A client connects again after `$disconnect`
 * (with a new pool), so the pool is the one of the latest connection.
 */
class PoolRememberingPg extends PrismaPg {
  pool: pg.Pool | undefined;

  override async connect() {
    const adapter = await super.connect();
    this.pool = adapter.underlyingDriver();
    return adapter;
  }
}

/**
 * Each client's adapter, in one map for the whole process: server.ts loads
 * lib/ beside Next's bundle of it, and a client one copy made (getAppDb keeps
 * it on globalThis) is used by the other.
 */
const shared = globalThis as unknown as { parallelDbAdapters?: WeakMap<Db, { pool: pg.Pool | undefined }> };
const adapters = (shared.parallelDbAdapters ??= new WeakMap());

/** Every process (app, CLI, tests) reaches Postgres the same way: Prisma over pg, with pg's pool options. */
export function createDb(url: string, pool: Omit<pg.PoolConfig, "connectionString"> = {}): Db {
  const adapter = new PoolRememberingPg({ connectionString: url, ...pool });
  const db = new PrismaClient({ adapter });
  adapters.set(db, adapter);
  return db;
}

/** Prisma keeps its DateTime columns as timestamp(3) in UTC; pg would read them in the server process's time zone. */
const TIMESTAMP_WITHOUT_ZONE = 1114;
const rowTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_WITHOUT_ZONE
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

/**
 * The rows of one raw statement, sent by pg itself on the client's pool
 * when `db` is the client (inside a transaction, through it). For the
 * statements every request makes (the API token's lookup, a cell's
 * `write_cell`): Prisma's client spent more of a save's time on a raw
 * statement than the statement's own round trip did (BENCHMARKS.md, "Many
 * editors at once"). Rows come as pg
 * reads them: int4 and timestamps as numbers and Dates, as with `$queryRaw`,
 * but int8 and numeric as strings; the statements given here return neither.
 */
export async function queryRows<Row>(db: Db | Tx, statement: Prisma.Sql): Promise<Row[]> {
  const pool = adapters.get(db as Db)?.pool;
  // Before the client's first connection, and after `$disconnect`, Prisma connects.
  if (!pool || pool.ended) return db.$queryRaw<Row[]>(statement);
  const result = await pool.query<Row & pg.QueryResultRow>({ text: statement.text, values: statement.values, types: rowTypes });
  return result.rows;
}
