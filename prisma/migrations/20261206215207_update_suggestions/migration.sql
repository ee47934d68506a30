-- CreateTable
CREATE TABLE "UpdateSuggestion" (
    "briefingId" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UpdateSuggestion_pkey" PRIMARY KEY ("briefingId","sourceId")
);

-- CreateIndex
CREATE INDEX "UpdateSuggestion_sourceId_idx" ON "UpdateSuggestion"("sourceId");

-- AddForeignKey
ALTER TABLE "UpdateSuggestion" ADD CONSTRAINT "UpdateSuggestion_briefingId_fkey" FOREIGN KEY ("briefingId") REFERENCES "Briefing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpdateSuggestion" ADD CONSTRAINT "UpdateSuggestion_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE CASCADE ON UPDATE CASCADE;
