-- The database's own speed at a cell save, for bench/concurrent-editing.ts:
-- lock a random cell, insert a revision on top of its head, move the head
-- (text, head, version), in one transaction.
--   pgbench -n -c 16 -T 20 -D mincell=… -D maxcell=… -D author=… -f bench/pgbench-save.sql
\set cell random(:mincell, :maxcell)
BEGIN;
SELECT "headRevisionId" FROM "Cell" WHERE id = :cell FOR UPDATE;
INSERT INTO "Revision" ("cellId", text, "parentId", "authorId", kind)
  SELECT id, left(text, 900) || ' pgbench', "headRevisionId", :author, 'edit' FROM "Cell" WHERE id = :cell
  RETURNING id AS revision \gset
UPDATE "Cell" SET text = (SELECT text FROM "Revision" WHERE id = :revision), "headRevisionId" = :revision,
       version = version + 1, "updatedAt" = now()
 WHERE id = :cell;
END;
