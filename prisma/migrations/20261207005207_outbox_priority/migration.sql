-- Send order under a backlog: sign-in links, then mail to customers, then staff notifications (outboxPriority).
ALTER TABLE "OutboundEmail" ADD COLUMN "priority" SMALLINT NOT NULL DEFAULT 1;

DROP INDEX "OutboundEmail_status_nextAttemptAt_idx";
CREATE INDEX "OutboundEmail_status_priority_nextAttemptAt_idx" ON "OutboundEmail"("status", "priority", "nextAttemptAt");
