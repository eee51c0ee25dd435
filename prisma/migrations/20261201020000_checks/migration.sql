-- Stored quality checks (issue #15): one row per cell with its failing checks
-- as of its head revision and row, each language's usual length ratio, and
-- dismissals (a check judged a false alarm for one revision).
CREATE TABLE "CellCheck" (
    "cellId" INTEGER NOT NULL,
    "revisionId" INTEGER,
    "segmentId" INTEGER NOT NULL,
    "languageId" INTEGER NOT NULL,
    "checks" JSONB NOT NULL,
    "kinds" TEXT[],
    "errors" INTEGER NOT NULL,
    "warnings" INTEGER NOT NULL,
    "infos" INTEGER NOT NULL,
    "textKey" TEXT,
    "speaker" TEXT,

    CONSTRAINT "CellCheck_pkey" PRIMARY KEY ("cellId")
);

CREATE TABLE "CheckLengthRatio" (
    "languageId" INTEGER NOT NULL,
    "ratio" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CheckLengthRatio_pkey" PRIMARY KEY ("languageId")
);

CREATE TABLE "CheckDismissal" (
    "id" SERIAL NOT NULL,
    "cellId" INTEGER NOT NULL,
    "revisionId" INTEGER,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckDismissal_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "CellCheck_languageId_textKey_idx" ON "CellCheck"("languageId", "textKey");
CREATE INDEX "CellCheck_languageId_speaker_idx" ON "CellCheck"("languageId", "speaker");
CREATE INDEX "CellCheck_segmentId_idx" ON "CellCheck"("segmentId");
CREATE INDEX "CheckDismissal_cellId_idx" ON "CheckDismissal"("cellId");

-- Hand-written: the foreign keys Prisma does not know of (no relations on
-- models of other features), and one dismissal per cell, revision and kind
-- (a never-filled cell's null revision counts as one).
ALTER TABLE "CellCheck" ADD CONSTRAINT "CellCheck_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckLengthRatio" ADD CONSTRAINT "CheckLengthRatio_languageId_fkey" FOREIGN KEY ("languageId") REFERENCES "DocumentLanguage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckDismissal" ADD CONSTRAINT "CheckDismissal_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckDismissal" ADD CONSTRAINT "CheckDismissal_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CheckDismissal" ADD CONSTRAINT "CheckDismissal_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE UNIQUE INDEX "CheckDismissal_cell_revision_kind_key" ON "CheckDismissal"("cellId", "revisionId", "kind") NULLS NOT DISTINCT;

-- Dismissals are a record of who judged what: never changed or removed.
CREATE TRIGGER "CheckDismissal_append_only" BEFORE UPDATE OR DELETE ON "CheckDismissal"
  FOR EACH ROW EXECUTE FUNCTION "forbid_history_rewrite"();
