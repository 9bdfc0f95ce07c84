-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "firstResponseBreachedAt" TIMESTAMP(3),
ADD COLUMN     "resolutionBreachedAt" TIMESTAMP(3),
ADD COLUMN     "slaPausedAt" TIMESTAMP(3);
