-- CreateTable
CREATE TABLE "SourceWatch" (
    "sourceId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "etag" TEXT,
    "lastModified" TEXT,
    "status" TEXT NOT NULL DEFAULT 'ok',
    "nextCheckAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastChangedAt" TIMESTAMPTZ(3),
    "lastHttpStatus" INTEGER,
    "lastError" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SourceWatch_pkey" PRIMARY KEY ("sourceId")
);

-- CreateTable
CREATE TABLE "SourceVersion" (
    "id" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "similarity" DOUBLE PRECISION,
    "httpStatus" INTEGER,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceDrift" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "fromVersionId" UUID NOT NULL,
    "toVersionId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SourceDrift_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SourceWatch_nextCheckAt_idx" ON "SourceWatch"("nextCheckAt");

-- CreateIndex
CREATE INDEX "SourceWatch_host_lastCheckedAt_idx" ON "SourceWatch"("host", "lastCheckedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SourceVersion_sourceId_number_key" ON "SourceVersion"("sourceId", "number");

-- CreateIndex
CREATE INDEX "SourceDrift_briefingId_detectedAt_idx" ON "SourceDrift"("briefingId", "detectedAt");

-- AddForeignKey
ALTER TABLE "SourceWatch" ADD CONSTRAINT "SourceWatch_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceVersion" ADD CONSTRAINT "SourceVersion_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceDrift" ADD CONSTRAINT "SourceDrift_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceDrift" ADD CONSTRAINT "SourceDrift_fromVersionId_fkey" FOREIGN KEY ("fromVersionId") REFERENCES "SourceVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceDrift" ADD CONSTRAINT "SourceDrift_toVersionId_fkey" FOREIGN KEY ("toVersionId") REFERENCES "SourceVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
