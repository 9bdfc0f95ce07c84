-- A chat's own first-response target (seconds after its start), kept apart from its ticket's: a chat closed
-- unanswered hands the ticket the ticket SLA (the answer goes by e-mail), while the chat figures keep the chat's.
ALTER TABLE "ChatSession" ADD COLUMN "firstResponseDueAt" TIMESTAMP(3);

-- Until now the chat's target lived only on its ticket.
UPDATE "ChatSession" s SET "firstResponseDueAt" = t."firstResponseDueAt" FROM "Ticket" t WHERE t."id" = s."ticketId";
