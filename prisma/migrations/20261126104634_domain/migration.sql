-- CreateEnum
CREATE TYPE "SourceOrigin" AS ENUM ('feed', 'page', 'import', 'api');

-- CreateEnum
CREATE TYPE "FeedStatus" AS ENUM ('active', 'paused');

-- CreateEnum
CREATE TYPE "CatalogueKind" AS ENUM ('industry', 'product');

-- CreateEnum
CREATE TYPE "BriefingState" AS ENUM ('drafting', 'in_review', 'changes_requested', 'regenerating', 'approved', 'published', 'withdrawn');

-- CreateEnum
CREATE TYPE "GenerationStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "GenerationKind" AS ENUM ('draft', 'regenerate', 'regenerate_section');

-- CreateTable
CREATE TABLE "Source" (
    "id" UUID NOT NULL,
    "canonicalUrl" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "publisher" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "author" TEXT,
    "publishedAt" TIMESTAMPTZ(3),
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "language" TEXT,
    "text" TEXT NOT NULL,
    "wordCount" INTEGER NOT NULL DEFAULT 0,
    "contentHash" TEXT NOT NULL,
    "fingerprint" INTEGER[],
    "lshBands" TEXT[],
    "keywords" TEXT[],
    "origin" "SourceOrigin" NOT NULL,
    "feedId" UUID,
    "duplicateOfId" UUID,
    "search" tsvector,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourceArchive" (
    "id" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "origin" "SourceOrigin" NOT NULL,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "meta" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourceArchive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Feed" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT,
    "siteUrl" TEXT,
    "publisher" TEXT,
    "status" "FeedStatus" NOT NULL DEFAULT 'active',
    "pollIntervalMinutes" INTEGER NOT NULL DEFAULT 60,
    "nextPollAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastPolledAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "etag" TEXT,
    "lastModified" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastProblems" TEXT[],
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Feed_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedPoll" (
    "id" UUID NOT NULL,
    "feedId" UUID NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER,
    "added" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "problems" TEXT[],

    CONSTRAINT "FeedPoll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "total" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogueItem" (
    "id" UUID NOT NULL,
    "kind" "CatalogueKind" NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "link" TEXT,
    "keywords" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CatalogueItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Briefing" (
    "id" UUID NOT NULL,
    "state" "BriefingState" NOT NULL DEFAULT 'drafting',
    "title" TEXT NOT NULL,
    "slug" TEXT,
    "leadSourceId" UUID NOT NULL,
    "assigneeId" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "currentRevisionId" UUID,
    "facts" JSONB NOT NULL DEFAULT '[]',
    "lockVersion" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Briefing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BriefingSource" (
    "briefingId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "BriefingSource_pkey" PRIMARY KEY ("briefingId","sourceId")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "authorId" UUID,
    "generationId" UUID,
    "baseRevisionId" UUID,
    "restoredFromId" UUID,
    "note" TEXT,
    "grounding" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Autosave" (
    "briefingId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "baseRevisionId" UUID NOT NULL,
    "content" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Autosave_pkey" PRIMARY KEY ("briefingId","userId")
);

-- CreateTable
CREATE TABLE "Generation" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "kind" "GenerationKind" NOT NULL,
    "section" TEXT,
    "instructions" TEXT,
    "status" "GenerationStatus" NOT NULL DEFAULT 'queued',
    "requestedById" UUID,
    "baseRevisionId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "runAfter" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "offline" BOOLEAN NOT NULL DEFAULT false,
    "model" TEXT,
    "templateVersion" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "cachedTokens" INTEGER,
    "costUsd" DECIMAL(12,6),
    "latencyMs" INTEGER,
    "timeToFirstTokenMs" INTEGER,
    "errorCode" TEXT,
    "error" TEXT,
    "rawOutput" TEXT,
    "partialOutput" TEXT,

    CONSTRAINT "Generation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroundingAck" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "flagId" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "resolution" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroundingAck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignOff" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "contentHash" TEXT NOT NULL,
    "reviewerId" UUID NOT NULL,
    "reviewerName" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "acknowledgedFlags" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voidedAt" TIMESTAMPTZ(3),
    "voidReason" TEXT,

    CONSTRAINT "SignOff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "parentId" UUID,
    "section" TEXT,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "mentions" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedById" UUID,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "briefingId" UUID,
    "message" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Publication" (
    "id" UUID NOT NULL,
    "briefingId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "revisionId" UUID NOT NULL,
    "signOffId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "keywords" TEXT[],
    "snapshot" JSONB NOT NULL,
    "html" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "correctionNote" TEXT,
    "bodyText" TEXT NOT NULL DEFAULT '',
    "search" tsvector,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "firstPublishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedById" UUID NOT NULL,
    "supersededAt" TIMESTAMPTZ(3),
    "unpublishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlugRedirect" (
    "fromSlug" TEXT NOT NULL,
    "briefingId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SlugRedirect_pkey" PRIMARY KEY ("fromSlug")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "eventId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "briefingId" UUID,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" BIGINT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_canonicalUrl_key" ON "Source"("canonicalUrl");

-- CreateIndex
CREATE INDEX "Source_publishedAt_idx" ON "Source"("publishedAt");

-- CreateIndex
CREATE INDEX "Source_publisher_idx" ON "Source"("publisher");

-- CreateIndex
CREATE INDEX "Source_contentHash_idx" ON "Source"("contentHash");

-- CreateIndex
CREATE INDEX "Source_duplicateOfId_idx" ON "Source"("duplicateOfId");

-- CreateIndex
CREATE INDEX "Source_feedId_idx" ON "Source"("feedId");

-- CreateIndex
CREATE INDEX "Source_lshBands_idx" ON "Source" USING GIN ("lshBands");

-- CreateIndex
CREATE INDEX "Source_keywords_idx" ON "Source" USING GIN ("keywords");

-- CreateIndex
CREATE INDEX "Source_search_idx" ON "Source" USING GIN ("search");

-- CreateIndex
CREATE INDEX "SourceArchive_sourceId_fetchedAt_idx" ON "SourceArchive"("sourceId", "fetchedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Feed_url_key" ON "Feed"("url");

-- CreateIndex
CREATE INDEX "Feed_status_nextPollAt_idx" ON "Feed"("status", "nextPollAt");

-- CreateIndex
CREATE INDEX "FeedPoll_feedId_startedAt_idx" ON "FeedPoll"("feedId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueItem_kind_name_key" ON "CatalogueItem"("kind", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Briefing_slug_key" ON "Briefing"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Briefing_currentRevisionId_key" ON "Briefing"("currentRevisionId");

-- CreateIndex
CREATE INDEX "Briefing_state_updatedAt_idx" ON "Briefing"("state", "updatedAt");

-- CreateIndex
CREATE INDEX "Briefing_assigneeId_state_idx" ON "Briefing"("assigneeId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Revision_generationId_key" ON "Revision"("generationId");

-- CreateIndex
CREATE UNIQUE INDEX "Revision_briefingId_number_key" ON "Revision"("briefingId", "number");

-- CreateIndex
CREATE INDEX "Generation_status_runAfter_idx" ON "Generation"("status", "runAfter");

-- CreateIndex
CREATE INDEX "Generation_briefingId_createdAt_idx" ON "Generation"("briefingId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GroundingAck_briefingId_flagId_key" ON "GroundingAck"("briefingId", "flagId");

-- CreateIndex
CREATE INDEX "SignOff_briefingId_createdAt_idx" ON "SignOff"("briefingId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_briefingId_createdAt_idx" ON "Comment"("briefingId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE INDEX "Publication_slug_idx" ON "Publication"("slug");

-- CreateIndex
CREATE INDEX "Publication_supersededAt_unpublishedAt_publishedAt_idx" ON "Publication"("supersededAt", "unpublishedAt", "publishedAt");

-- CreateIndex
CREATE INDEX "Publication_keywords_idx" ON "Publication" USING GIN ("keywords");

-- CreateIndex
CREATE INDEX "Publication_search_idx" ON "Publication" USING GIN ("search");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_briefingId_version_key" ON "Publication"("briefingId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_eventId_key" ON "OutboxEvent"("eventId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_orderingKey_eventId_idx" ON "WebhookDelivery"("endpointId", "orderingKey", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_eventId_key" ON "WebhookDelivery"("endpointId", "eventId");

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Source" ADD CONSTRAINT "Source_duplicateOfId_fkey" FOREIGN KEY ("duplicateOfId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourceArchive" ADD CONSTRAINT "SourceArchive_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedPoll" ADD CONSTRAINT "FeedPoll_feedId_fkey" FOREIGN KEY ("feedId") REFERENCES "Feed"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Briefing" ADD CONSTRAINT "Briefing_leadSourceId_fkey" FOREIGN KEY ("leadSourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Briefing" ADD CONSTRAINT "Briefing_currentRevisionId_fkey" FOREIGN KEY ("currentRevisionId") REFERENCES "Revision"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefingSource" ADD CONSTRAINT "BriefingSource_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BriefingSource" ADD CONSTRAINT "BriefingSource_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "Generation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Autosave" ADD CONSTRAINT "Autosave_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroundingAck" ADD CONSTRAINT "GroundingAck_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignOff" ADD CONSTRAINT "SignOff_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignOff" ADD CONSTRAINT "SignOff_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "Revision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_signOffId_fkey" FOREIGN KEY ("signOffId") REFERENCES "SignOff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "OutboxEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search vectors, kept by triggers so every writer (app, import, SQL) gets them.
-- Title outranks body; English stemming; 'simple' keeps the raw tokens for names and codes.
CREATE FUNCTION source_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', left(coalesce(NEW.text, ''), 500000)), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER source_search_update
  BEFORE INSERT OR UPDATE OF title, text ON "Source"
  FOR EACH ROW EXECUTE FUNCTION source_search_update();

CREATE FUNCTION publication_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW."bodyText", '')), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER publication_search_update
  BEFORE INSERT OR UPDATE OF title, "bodyText" ON "Publication"
  FOR EACH ROW EXECUTE FUNCTION publication_search_update();
