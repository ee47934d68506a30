-- AlterTable
ALTER TABLE "Briefing" ADD COLUMN     "updateOfId" UUID;

-- CreateIndex
CREATE INDEX "Briefing_updateOfId_idx" ON "Briefing"("updateOfId");

-- AddForeignKey
ALTER TABLE "Briefing" ADD CONSTRAINT "Briefing_updateOfId_fkey" FOREIGN KEY ("updateOfId") REFERENCES "Briefing"("id") ON DELETE SET NULL ON UPDATE CASCADE;
