-- CreateEnum
CREATE TYPE "ChatStatus" AS ENUM ('WAITING', 'ACTIVE', 'ENDED');

-- CreateEnum
CREATE TYPE "ChatEndedBy" AS ENUM ('CUSTOMER', 'AGENT', 'SYSTEM');

-- CreateEnum
CREATE TYPE "AgentChatStatus" AS ENUM ('ONLINE', 'AWAY', 'OFFLINE');

-- AlterEnum
ALTER TYPE "Channel" ADD VALUE 'CHAT';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "clientMessageId" TEXT,
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "chatCapacity" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "chatLastOfferedAt" TIMESTAMP(3),
ADD COLUMN     "chatSeenAt" TIMESTAMP(3),
ADD COLUMN     "chatStatus" "AgentChatStatus" NOT NULL DEFAULT 'OFFLINE',
ADD COLUMN     "chatStatusAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChatSession" (
    "id" UUID NOT NULL,
    "ticketId" UUID NOT NULL,
    "status" "ChatStatus" NOT NULL DEFAULT 'WAITING',
    "customerId" UUID NOT NULL,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT NOT NULL DEFAULT 'pl',
    "agentId" UUID,
    "offeredToId" UUID,
    "offeredAt" TIMESTAMP(3),
    "declinedBy" UUID[] DEFAULT ARRAY[]::UUID[],
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "endedBy" "ChatEndedBy",
    "endReason" TEXT,
    "pageUrl" TEXT,
    "userAgent" TEXT,
    "customerLastReadSeq" BIGINT NOT NULL DEFAULT 0,
    "agentLastReadSeq" BIGINT NOT NULL DEFAULT 0,
    "customerLastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rating" INTEGER,
    "ratingComment" TEXT,
    "ratedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChatSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ChatSession_ticketId_key" ON "ChatSession"("ticketId");

-- CreateIndex
CREATE INDEX "ChatSession_status_startedAt_idx" ON "ChatSession"("status", "startedAt");

-- CreateIndex
CREATE INDEX "ChatSession_agentId_status_idx" ON "ChatSession"("agentId", "status");

-- CreateIndex
CREATE INDEX "ChatSession_offeredToId_idx" ON "ChatSession"("offeredToId");

-- CreateIndex
CREATE INDEX "ChatSession_customerId_startedAt_idx" ON "ChatSession"("customerId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Message_ticketId_seq_idx" ON "Message"("ticketId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Message_ticketId_clientMessageId_key" ON "Message"("ticketId", "clientMessageId");

-- AddForeignKey
ALTER TABLE "ChatSession" ADD CONSTRAINT "ChatSession_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatSession" ADD CONSTRAINT "ChatSession_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatSession" ADD CONSTRAINT "ChatSession_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatSession" ADD CONSTRAINT "ChatSession_offeredToId_fkey" FOREIGN KEY ("offeredToId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One open (WAITING or ACTIVE) chat per customer: a reload or a second tab joins it instead of starting another.
CREATE UNIQUE INDEX "ChatSession_one_open_per_customer" ON "ChatSession"("customerId") WHERE "status" IN ('WAITING', 'ACTIVE');

-- The agents' waiting list and the worker's sweeps read open chats only.
CREATE INDEX "ChatSession_open_idx" ON "ChatSession"("startedAt") WHERE "status" IN ('WAITING', 'ACTIVE');
