-- Terminology (issue #15): a glossary per document and one shared by all
-- documents (documentId NULL); each term has its agreed translations and
-- forbidden variants per language.
CREATE TABLE "GlossaryTerm" (
    "id" SERIAL NOT NULL,
    "documentId" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "addedById" INTEGER NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GlossaryTerm_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "GlossaryTranslation" (
    "id" SERIAL NOT NULL,
    "termId" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "forbidden" BOOLEAN NOT NULL DEFAULT false,
    "position" INTEGER NOT NULL,

    CONSTRAINT "GlossaryTranslation_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "GlossaryTerm_documentId_idx" ON "GlossaryTerm"("documentId");

CREATE UNIQUE INDEX "GlossaryTranslation_termId_language_text_key" ON "GlossaryTranslation"("termId", "language", "text");

ALTER TABLE "GlossaryTerm" ADD CONSTRAINT "GlossaryTerm_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "GlossaryTerm" ADD CONSTRAINT "GlossaryTerm_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "GlossaryTranslation" ADD CONSTRAINT "GlossaryTranslation_termId_fkey" FOREIGN KEY ("termId") REFERENCES "GlossaryTerm"("id") ON DELETE CASCADE ON UPDATE CASCADE;
