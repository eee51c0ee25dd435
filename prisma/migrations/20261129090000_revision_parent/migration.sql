-- CreateIndex
CREATE INDEX "Revision_parentId_idx" ON "Revision"("parentId");
