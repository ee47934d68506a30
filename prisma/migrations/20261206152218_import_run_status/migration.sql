-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'succeeded', 'failed', 'interrupted');

-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "failure" TEXT,
ADD COLUMN     "finishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "heartbeatAt" TIMESTAMPTZ(3),
ADD COLUMN     "status" "ImportStatus" NOT NULL DEFAULT 'succeeded';

-- CreateIndex
CREATE INDEX "ImportRun_status_heartbeatAt_idx" ON "ImportRun"("status", "heartbeatAt");

-- Runs recorded before this migration were written once finished.
UPDATE "ImportRun" SET "finishedAt" = "createdAt";
