-- AlterTable
ALTER TABLE "Callback" ADD COLUMN     "icsSequence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reminderSentAt" TIMESTAMP(3),
ADD COLUMN     "slotStart" TIMESTAMP(3),
ADD COLUMN     "topic" TEXT;

-- AlterTable
ALTER TABLE "OutboundEmail" ADD COLUMN     "attachments" JSONB;

-- AlterTable
ALTER TABLE "PlanSetting" ADD COLUMN     "callbackSlotCapacity" INTEGER NOT NULL DEFAULT 2;

-- CreateIndex
CREATE INDEX "Callback_slotStart_idx" ON "Callback"("slotStart");
