-- Hand-written (Prisma cannot express a partial unique index). A revision
-- has at most one child: every write makes the cell's head the parent of the
-- new revision and moves the head to it under the cell's lock, so a second
-- child of one revision can only come from a write that skipped the lock,
-- forking the history. This index refuses it. It also serves the lookups of
-- a revision's child that "Revision_parentId_idx" served.
DROP INDEX "Revision_parentId_idx";

CREATE UNIQUE INDEX "Revision_parentId_key" ON "Revision"("parentId") WHERE "parentId" IS NOT NULL;
