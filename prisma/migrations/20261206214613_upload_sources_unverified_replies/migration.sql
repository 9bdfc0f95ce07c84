-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "formSession" TEXT,
ADD COLUMN     "uploadSource" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "unverifiedSender" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Attachment_uploadSource_idx" ON "Attachment"("uploadSource");

-- CreateIndex
CREATE INDEX "Attachment_formSession_idx" ON "Attachment"("formSession");
