-- CreateEnum
CREATE TYPE "VerificationStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "Verification" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedById" UUID,
    "status" "VerificationStatus" NOT NULL DEFAULT 'queued',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "runAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "model" TEXT,
    "promptVersion" TEXT,
    "sentences" INTEGER,
    "cached" INTEGER,
    "asked" INTEGER,
    "failed" INTEGER,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "cachedTokens" INTEGER,
    "costUsd" DECIMAL(12,6),
    "latencyMs" INTEGER,
    "errorCode" TEXT,
    "error" TEXT,
    "results" JSONB,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerifierVerdict" (
    "key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "promptVersion" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "evidence" JSONB,
    "note" TEXT,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "cachedTokens" INTEGER NOT NULL,
    "costUsd" DECIMAL(12,6),
    "latencyMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerifierVerdict_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Verification_status_runAfter_idx" ON "Verification"("status", "runAfter");

-- CreateIndex
CREATE INDEX "Verification_revisionId_createdAt_idx" ON "Verification"("revisionId", "createdAt");

-- AddForeignKey
ALTER TABLE "Verification" ADD CONSTRAINT "Verification_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Verification" ADD CONSTRAINT "Verification_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
