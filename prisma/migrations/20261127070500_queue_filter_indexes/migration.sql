-- The agent queue's filtered pages (src/server/agent/queue.ts, queuePageSql, and docs/architecture.md, "Agent
-- queue"). A filtered page first walks at most 10,000 tickets in sort order. When that does not fill the page, the
-- few matches are collected through the first three indexes below instead of walking the whole lastActivityAt
-- index, so rare or impossible combinations (ON_HOLD + URGENT + START + API + BILLING) take milliseconds, not the
-- seconds it takes to read every ticket.

-- Status leads because nearly every filtered queue names one. Several values per column become one index
-- probe per combination (btree ScalarArrayOp), and plan's companyId is read from the same index.
-- CreateIndex
CREATE INDEX "Ticket_status_priority_category_channel_companyId_idx" ON "Ticket"("status", "priority", "category", "channel", "companyId");

-- The same filters without a status: priority first, then category and channel.
-- CreateIndex
CREATE INDEX "Ticket_priority_category_channel_companyId_idx" ON "Ticket"("priority", "category", "channel", "companyId");

-- Category and channel alone (the remaining combinations, with plan and assignee checked as filters).
-- CreateIndex
CREATE INDEX "Ticket_category_channel_companyId_idx" ON "Ticket"("category", "channel", "companyId");

-- The agent ticket page lists a ticket's follow-ups (Ticket.followUpOfId = this ticket): without an index that
-- lookup reads every ticket (0.7 s on 1M tickets, found by the large-ticket case of npm run bench:queue).
-- CreateIndex
CREATE INDEX "Ticket_followUpOfId_idx" ON "Ticket"("followUpOfId");

-- A filtered page first walks at most 10,000 tickets in "last activity" order and checks the filters there: with
-- every filter column in the index, that walk is an index-only scan (about 100 pages) and only the page's own
-- rows are read from the table. Key columns rather than INCLUDE, so schema.prisma can express it.
-- CreateIndex
CREATE INDEX "Ticket_queue_walk_activity_idx" ON "Ticket"("lastActivityAt" DESC, "id" DESC, "status", "priority", "category", "channel", "companyId", "assigneeId");
