-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UserKind" AS ENUM ('system', 'human');

-- CreateEnum
CREATE TYPE "AlignmentStatus" AS ENUM ('automatic', 'confirmed');

-- CreateEnum
CREATE TYPE "CellStatus" AS ENUM ('draft', 'translated', 'reviewed', 'approved');

-- CreateEnum
CREATE TYPE "RevisionKind" AS ENUM ('import', 'edit', 'split', 'merge', 'shift', 'revert', 'conflict_resolution');

-- CreateEnum
CREATE TYPE "AlignmentChangeKind" AS ENUM ('import', 'split', 'merge', 'insert', 'delete', 'restore', 'shift', 'move', 'confirm');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "handle" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "UserKind" NOT NULL DEFAULT 'human',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentLanguage" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "isOriginal" BOOLEAN NOT NULL DEFAULT false,
    "provenance" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentLanguage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Segment" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "alignmentStatus" "AlignmentStatus" NOT NULL DEFAULT 'automatic',
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cell" (
    "id" SERIAL NOT NULL,
    "segmentId" INTEGER NOT NULL,
    "languageId" INTEGER NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "headRevisionId" INTEGER,
    "status" "CellStatus" NOT NULL DEFAULT 'draft',
    "stale" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cell_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" SERIAL NOT NULL,
    "cellId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "parentId" INTEGER,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "RevisionKind" NOT NULL,
    "note" TEXT,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlignmentChange" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER NOT NULL,
    "kind" "AlignmentChangeKind" NOT NULL,
    "authorId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "details" JSONB NOT NULL,
    "note" TEXT,

    CONSTRAINT "AlignmentChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_handle_key" ON "User"("handle");

-- CreateIndex
CREATE UNIQUE INDEX "Document_slug_key" ON "Document"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentLanguage_documentId_code_key" ON "DocumentLanguage"("documentId", "code");

-- CreateIndex
CREATE INDEX "Segment_documentId_position_idx" ON "Segment"("documentId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Cell_headRevisionId_key" ON "Cell"("headRevisionId");

-- CreateIndex
CREATE INDEX "Cell_languageId_idx" ON "Cell"("languageId");

-- CreateIndex
CREATE UNIQUE INDEX "Cell_segmentId_languageId_key" ON "Cell"("segmentId", "languageId");

-- CreateIndex
CREATE INDEX "Revision_cellId_id_idx" ON "Revision"("cellId", "id");

-- CreateIndex
CREATE INDEX "Revision_authorId_createdAt_idx" ON "Revision"("authorId", "createdAt");

-- CreateIndex
CREATE INDEX "AlignmentChange_documentId_id_idx" ON "AlignmentChange"("documentId", "id");

-- AddForeignKey
ALTER TABLE "DocumentLanguage" ADD CONSTRAINT "DocumentLanguage_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_languageId_fkey" FOREIGN KEY ("languageId") REFERENCES "DocumentLanguage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_headRevisionId_fkey" FOREIGN KEY ("headRevisionId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlignmentChange" ADD CONSTRAINT "AlignmentChange_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlignmentChange" ADD CONSTRAINT "AlignmentChange_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: what the Prisma schema cannot express.

-- At most one original language per document.
CREATE UNIQUE INDEX "DocumentLanguage_one_original_key" ON "DocumentLanguage"("documentId") WHERE "isOriginal";

-- Full-text search over the current text of cells, with Russian and English
-- stemming; queries pick the configuration matching the cell's language.
CREATE INDEX "Cell_text_russian_idx" ON "Cell" USING GIN (to_tsvector('russian', "text"));
CREATE INDEX "Cell_text_english_idx" ON "Cell" USING GIN (to_tsvector('english', "text"));

-- Revisions and the alignment change log are history: never rewritten.
CREATE FUNCTION "forbid_history_rewrite"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER "Revision_append_only" BEFORE UPDATE OR DELETE ON "Revision"
  FOR EACH ROW EXECUTE FUNCTION "forbid_history_rewrite"();
CREATE TRIGGER "AlignmentChange_append_only" BEFORE UPDATE OR DELETE ON "AlignmentChange"
  FOR EACH ROW EXECUTE FUNCTION "forbid_history_rewrite"();
