-- Calls logged by hand on /agent/telefon (issue 11): where the row came from, its duration, the agent's outcome
-- and the ticket it was logged on.

-- CreateEnum
CREATE TYPE "CallSource" AS ENUM ('CTI', 'MANUAL');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "durationSeconds" INTEGER,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "source" "CallSource" NOT NULL DEFAULT 'CTI',
ADD COLUMN     "ticketId" UUID;

-- CreateIndex
CREATE INDEX "Call_ticketId_idx" ON "Call"("ticketId");

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;
