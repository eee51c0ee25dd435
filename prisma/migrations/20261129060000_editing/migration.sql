-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AlignmentChangeKind" ADD VALUE 'undo';
ALTER TYPE "AlignmentChangeKind" ADD VALUE 'redo';

-- AlterTable
ALTER TABLE "AlignmentChange" ADD COLUMN     "revertsId" INTEGER;

-- AlterTable
ALTER TABLE "Segment" ADD COLUMN     "alignmentScore" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "CellPresence" (
    "cellId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CellPresence_pkey" PRIMARY KEY ("cellId","userId")
);

-- CreateIndex
CREATE INDEX "CellPresence_expiresAt_idx" ON "CellPresence"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AlignmentChange_revertsId_key" ON "AlignmentChange"("revertsId");

-- AddForeignKey
ALTER TABLE "AlignmentChange" ADD CONSTRAINT "AlignmentChange_revertsId_fkey" FOREIGN KEY ("revertsId") REFERENCES "AlignmentChange"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CellPresence" ADD CONSTRAINT "CellPresence_cellId_fkey" FOREIGN KEY ("cellId") REFERENCES "Cell"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CellPresence" ADD CONSTRAINT "CellPresence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: a shift rotates one language's cells between rows in one
-- transaction, so uniqueness of (segment, language) is checked at commit.
DROP INDEX "Cell_segmentId_languageId_key";
ALTER TABLE "Cell" ADD CONSTRAINT "Cell_segmentId_languageId_key" UNIQUE ("segmentId", "languageId") DEFERRABLE INITIALLY DEFERRED;
