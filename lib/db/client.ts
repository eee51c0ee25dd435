import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";
import { type Prisma, PrismaClient } from "./generated/client";

export type Db = PrismaClient;
/** The client inside a transaction (`inTransaction(db, async (tx) => ...)`, lib/db/transaction.ts). */
export type Tx = Prisma.TransactionClient;

/** Every process (app, CLI, tests) reaches Postgres the same way: Prisma over pg, with pg's pool options. */
export function createDb(url: string, pool: Omit<PoolConfig, "connectionString"> = {}): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, ...pool }) });
}
