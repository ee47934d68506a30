-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "warnings" JSONB NOT NULL DEFAULT '[]';
