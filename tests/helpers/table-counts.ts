import type { Db } from "@/lib/db/client";

/**
 * Tables of data derived from the rest, written by reads too: the stored
 * quality checks are brought current before any read of them (a GET of rows
 * may fill them), so they are no part of what a refused request must leave.
 */
export const DERIVED_TABLES = ["CellCheck", "CheckLengthRatio"];

/** Every table's row count, found in the schema so a new table is counted too: a refused request or command changes none. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = (
    await db.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`
  ).filter(({ name }) => !DERIVED_TABLES.includes(name));
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM "${name}"`);
    counts[name] = Number(row!.count);
  }
  return counts;
}
