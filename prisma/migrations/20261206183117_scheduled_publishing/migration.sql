-- CreateEnum
CREATE TYPE "ScheduleStatus" AS ENUM ('pending', 'published', 'voided', 'failed');

-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "notBefore" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PublishSchedule" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "signOffId" UUID NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "slug" TEXT,
    "status" "ScheduleStatus" NOT NULL DEFAULT 'pending',
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "reason" TEXT,
    "publicationId" UUID,

    CONSTRAINT "PublishSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublishSchedule_status_runAt_idx" ON "PublishSchedule"("status", "runAt");

-- CreateIndex
CREATE INDEX "PublishSchedule_briefingId_status_idx" ON "PublishSchedule"("briefingId", "status");

-- AddForeignKey
ALTER TABLE "PublishSchedule" ADD CONSTRAINT "PublishSchedule_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;
