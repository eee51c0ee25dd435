import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside a transaction (`inTransaction(db, async (tx) => ...)`, lib/db/transaction.ts). */
export type Tx = Prisma.TransactionClient;

/** The pool under each client, for `queryRows`. */
const pools = new WeakMap<Db, pg.Pool>();

/** Every process (app, CLI, tests) reaches Postgres the same way: Prisma over pg, with pg's pool options. */
export function createDb(url: string, pool: Omit<pg.PoolConfig, "connectionString"> = {}): Db {
  const shared = new pg.Pool({ connectionString: url, ...pool });
  const db = new PrismaClient({ adapter: new PrismaPg(shared, { disposeExternalPool: true }) });
  pools.set(db, shared);
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
 * The rows of one raw statement, sent by pg itself when `db` is the client
 * (inside a transaction, through it). For the statements every request
 * makes (the API token's lookup, a cell's `write_cell`): Prisma's client
 * spent more of a save's time on a raw statement than the statement's own
 * round trip did (BENCHMARKS.md, "Many editors at once"). Rows come as pg
 * reads them: int4 and timestamps as numbers and Dates, as with `$queryRaw`,
 * but int8 and numeric as strings; the statements given here return neither.
 */
export async function queryRows<Row>(db: Db | Tx, statement: Prisma.Sql): Promise<Row[]> {
  const pool = pools.get(db as Db);
  if (!pool) return db.$queryRaw<Row[]>(statement);
  const result = await pool.query<Row & pg.QueryResultRow>({ text: statement.text, values: statement.values, types: rowTypes });
  return result.rows;
}
