-- A start request's key (the form makes one each time it is shown; API clients may send one): a
-- double click or a retried request finds the briefing it started instead of starting a second one
-- and paying for a second draft. NULLs are distinct, so requests without a key are unaffected.

-- AlterTable
ALTER TABLE "Briefing" ADD COLUMN     "startKey" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Briefing_createdById_startKey_key" ON "Briefing"("createdById", "startKey");
