-- The database's own speed at the statement a save of the app runs, for
-- bench/concurrent-editing.ts: one call of write_cell (lock the cell and, for
-- an original, its row; check the writer's limits and what it saw; insert the
-- revision, move the head, flag stale translations) on a random cell with a
-- new text, the way lib/cells/save-cell.ts calls it (no base check: pgbench
-- does not know the heads).
--   pgbench -n -c 16 -T 20 -D mincell=… -D maxcell=… -D author=… -f bench/pgbench-write-cell.sql
\set cell random(:mincell, :maxcell)
SELECT id FROM write_cell(:cell, :author, NULL, NULL, false, NULL, 'pgbench ' || md5(random()::text), NULL,
                          false, NULL, NULL, 'edit', NULL, false, now());
