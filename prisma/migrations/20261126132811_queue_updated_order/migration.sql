-- CreateIndex
CREATE INDEX "Briefing_updatedAt_id_idx" ON "Briefing"("updatedAt" DESC, "id");
