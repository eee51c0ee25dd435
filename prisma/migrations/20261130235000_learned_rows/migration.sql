-- Learning from people (issue #16): the word stems of each row a person
-- confirmed, per pair of its languages, for later imports and realignments.
CREATE TABLE "LearnedRow" (
    "id" SERIAL NOT NULL,
    "segmentId" INTEGER NOT NULL,
    "sourceLanguage" TEXT NOT NULL,
    "targetLanguage" TEXT NOT NULL,
    "sourceStems" TEXT[],
    "targetStems" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LearnedRow_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "LearnedRow_segmentId_sourceLanguage_targetLanguage_key" ON "LearnedRow"("segmentId", "sourceLanguage", "targetLanguage");

CREATE INDEX "LearnedRow_sourceLanguage_targetLanguage_id_idx" ON "LearnedRow"("sourceLanguage", "targetLanguage", "id");

ALTER TABLE "LearnedRow" ADD CONSTRAINT "LearnedRow_segmentId_fkey" FOREIGN KEY ("segmentId") REFERENCES "Segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
