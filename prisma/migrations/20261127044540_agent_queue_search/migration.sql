-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "searchDocument" tsvector;

-- CreateIndex
CREATE INDEX "Ticket_lastActivityAt_id_idx" ON "Ticket"("lastActivityAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Ticket_createdAt_id_idx" ON "Ticket"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Ticket_priority_lastActivityAt_id_idx" ON "Ticket"("priority" DESC, "lastActivityAt" DESC, "id" DESC);

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written (Prisma cannot express these): the agent queue's search document, its triggers and the
-- expression / partial / GIN indexes the queue's views and sorts use. See docs/architecture.md, "Agent queue".
-- ---------------------------------------------------------------------------------------------------------

-- The driver adapter's executeScript splits a migration on every semicolon (even inside $$ bodies), so PL/pgSQL
-- bodies below write their statement terminator as U+204F (⁏) and go through this session-local helper, which
-- puts the real character back. A session-local (pg_temp) function leaves nothing behind in the schema.
CREATE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

-- The whole document of one ticket, read fresh (VOLATILE: a new snapshot after the row lock is taken, so an
-- update that waited for a concurrent writer sees what that writer committed). Message text is capped so a
-- pathological thread cannot push the tsvector past its 1 MB limit and make writes fail.
SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_search_document(p_ticket_id uuid, p_subject text, p_reporter_id uuid) RETURNS tsvector
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN setweight(to_tsvector('simple', coalesce(p_subject, '')), 'A')
      || setweight(to_tsvector('simple', coalesce((SELECT email FROM "User" WHERE id = p_reporter_id), '')), 'B')
      || setweight(to_tsvector('simple', coalesce((SELECT string_agg(value, ' ') FROM "TicketIdentifier" WHERE "ticketId" = p_ticket_id), '')), 'A')
      || setweight(to_tsvector('simple', left(coalesce((SELECT string_agg(body, ' ' ORDER BY "createdAt") FROM "Message" WHERE "ticketId" = p_ticket_id), ''), 200000)), 'C')⁏
END $$
$sql$);

SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_search_on_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchDocument" := ticket_search_document(NEW.id, NEW.subject, NEW."reporterId")⁏
  RETURN NEW⁏
END $$
$sql$);
CREATE TRIGGER ticket_search_on_ticket BEFORE INSERT OR UPDATE OF subject, "reporterId" ON "Ticket"
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_ticket();

-- A new message or identifier is appended (the common path: cheap, and safe against concurrent appends because
-- the UPDATE re-reads the latest row version), while edits and deletes rebuild the document.
SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_search_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME = 'Message' THEN
    UPDATE "Ticket" SET "searchDocument" = coalesce("searchDocument", ''::tsvector) || setweight(to_tsvector('simple', left(NEW.body, 200000)), 'C')
      WHERE id = NEW."ticketId"⁏
    RETURN NULL⁏
  ELSIF TG_OP = 'INSERT' THEN
    UPDATE "Ticket" SET "searchDocument" = coalesce("searchDocument", ''::tsvector) || setweight(to_tsvector('simple', NEW.value), 'A')
      WHERE id = NEW."ticketId"⁏
    RETURN NULL⁏
  END IF⁏
  UPDATE "Ticket" t SET "searchDocument" = ticket_search_document(t.id, t.subject, t."reporterId") WHERE t.id = OLD."ticketId"⁏
  IF TG_OP = 'UPDATE' AND NEW."ticketId" <> OLD."ticketId" THEN
    UPDATE "Ticket" t SET "searchDocument" = ticket_search_document(t.id, t.subject, t."reporterId") WHERE t.id = NEW."ticketId"⁏
  END IF⁏
  RETURN NULL⁏
END $$
$sql$);
CREATE TRIGGER message_search AFTER INSERT OR DELETE OR UPDATE OF body, "ticketId" ON "Message"
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_child();
CREATE TRIGGER identifier_search AFTER INSERT OR DELETE OR UPDATE OF value, "ticketId" ON "TicketIdentifier"
  FOR EACH ROW EXECUTE FUNCTION ticket_search_on_child();

SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_search_on_reporter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Ticket" t SET "searchDocument" = ticket_search_document(t.id, t.subject, t."reporterId") WHERE t."reporterId" = NEW.id⁏
  RETURN NULL⁏
END $$
$sql$);
CREATE TRIGGER reporter_search AFTER UPDATE OF email ON "User"
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION ticket_search_on_reporter();

UPDATE "Ticket" t SET "searchDocument" = ticket_search_document(t.id, t.subject, t."reporterId");

CREATE INDEX "Ticket_searchDocument_idx" ON "Ticket" USING gin ("searchDocument");
CREATE INDEX "Ticket_tags_idx" ON "Ticket" USING gin (tags);
-- Identifier exact / prefix match ("GIFT-AB12" finds GIFT-AB12-CD34), case-insensitive.
CREATE INDEX "TicketIdentifier_value_lower_idx" ON "TicketIdentifier" (lower(value) text_pattern_ops);

-- Views' predicates, one partial index each, so lists and counts are index(-only) scans. "Open" means
-- NEW, OPEN, WAITING_ON_CUSTOMER, ON_HOLD, and src/server/agent/views.ts must use the very same predicates.
CREATE INDEX "Ticket_queue_open_assignee_idx" ON "Ticket" ("assigneeId", "lastActivityAt" DESC, id DESC)
  WHERE status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD');
CREATE INDEX "Ticket_queue_unassigned_idx" ON "Ticket" ("lastActivityAt" DESC, id DESC)
  WHERE "assigneeId" IS NULL AND status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD');
CREATE INDEX "Ticket_queue_waiting_idx" ON "Ticket" ("lastActivityAt" DESC, id DESC)
  WHERE status = 'WAITING_ON_CUSTOMER';
-- The next SLA deadline that still runs: 'infinity' for finished or paused tickets, so one index serves the
-- "SLA due" sort everywhere and the "SLA at risk / breached" view as a range scan.
CREATE INDEX "Ticket_queue_sla_due_idx" ON "Ticket" ((
  CASE WHEN status IN ('RESOLVED', 'CLOSED') OR "slaPausedAt" IS NOT NULL THEN 'infinity'::timestamp(3)
       ELSE coalesce(least(CASE WHEN "firstRespondedAt" IS NULL THEN "firstResponseDueAt" END, "resolutionDueAt"), 'infinity'::timestamp(3))
  END), id);
