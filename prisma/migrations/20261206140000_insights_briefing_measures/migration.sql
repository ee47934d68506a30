-- CreateTable
CREATE TABLE "BriefingMeasure" (
    "briefingId" UUID NOT NULL,
    "inputsKey" TEXT NOT NULL,
    "draftWords" INTEGER NOT NULL,
    "finalWords" INTEGER NOT NULL,
    "editDistance" INTEGER NOT NULL,
    "draftSentences" INTEGER NOT NULL,
    "changedSentences" INTEGER NOT NULL,
    "flags" JSONB NOT NULL DEFAULT '[]',
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BriefingMeasure_pkey" PRIMARY KEY ("briefingId")
);
