// queryRows (lib/db/client.ts) sends the statements every request makes by pg
// itself, on the pool under Prisma's client: its rows must be what Prisma's
// $queryRaw gives for the columns those statements return, in any time zone,
// inside a transaction, and after the client was disconnected and used again.
import { describe, expect } from "vitest";
import { createDb, queryRows } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { inTransaction } from "@/lib/db/transaction";
import { test as it } from "../helpers/fixtures";

/** A row of the kinds write_cell and the token's lookup return: int, text, boolean, enum, timestamp(3), nulls. */
const statement = (text: string) => Prisma.sql`
  SELECT 42::int AS number, ${text}::text AS text, true AS flag, 'translated'::"CellStatus" AS status,
         '2026-12-02 04:05:06.789'::timestamp(3) AS "createdAt", NULL::int AS missing, NULL::timestamp(3) AS "noTime"`;

const expected = {
  number: 42,
  text: "Привет, «мир»",
  flag: true,
  status: "translated",
  createdAt: new Date("2026-12-02T04:05:06.789Z"),
  missing: null,
  noTime: null,
};

describe("queryRows", () => {
  it("reads rows as $queryRaw does, timestamps as UTC whatever the process's time zone", async ({ db }) => {
    const zone = process.env.TZ;
    try {
      for (const timeZone of ["UTC", "Asia/Tokyo", "America/New_York"]) {
        process.env.TZ = timeZone;
        expect(await queryRows(db, statement(expected.text))).toEqual([expected]);
        expect(await db.$queryRaw(statement(expected.text))).toEqual([expected]);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("runs inside a transaction when given one, seeing what it wrote", async ({ db }) => {
    await inTransaction(db, async (tx) => {
      await tx.$executeRaw`CREATE TEMPORARY TABLE seen (value int) ON COMMIT DROP`;
      await tx.$executeRaw`INSERT INTO seen VALUES (7)`;
      expect(await queryRows(tx, Prisma.sql`SELECT value FROM seen`)).toEqual([{ value: 7 }]);
    });
  });

  it("works on a new client and on one disconnected and used again", async ({ url }) => {
    const fresh = createDb(url);
    try {
      expect(await queryRows(fresh, statement("first"))).toEqual([{ ...expected, text: "first" }]);
      await fresh.$disconnect();
      expect(await queryRows(fresh, statement("again"))).toEqual([{ ...expected, text: "again" }]);
    } finally {
      await fresh.$disconnect();
    }
  });
});
