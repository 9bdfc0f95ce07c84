-- A new ticket's search document written once, by its writer, instead of once per child row (docs/performance.md,
-- "Second pass"). Before, the ticket's INSERT built the document from its subject and reporter (three look-ups), then
-- each identifier and the first message ran an `UPDATE "Ticket"` appending its text: two more versions of the ticket's
-- row (each one a new entry in every index of the table, the GIN one included) and two more firings of the open-count
-- statement trigger, per ticket. Now:
--   - `ticket_search_text` is the document of a subject, a reporter's address, identifiers and messages (the very
--     expression ticket_search_document used: it now calls this one, so the two cannot drift apart).
--   - A ticket INSERTed with a document keeps it (the SQL fast path, tickets/create-fast.ts, passes
--     `ticket_search_text(subject, email, identifiers, first message)`). One inserted without it (Prisma, imports) is
--     built as before.
--   - A writer that has put a ticket's new identifiers and message into the document itself says so with
--     `set_config('vouchie.search_written', <ticket id>, true)` (transaction-local): their INSERTs in that transaction
--     append nothing. Every other INSERT appends as before, and edits, deletes and moves still rebuild the document.
-- As in the agent_queue_search migration, PL/pgSQL bodies write their statement terminator as U+204F (⁏).

CREATE OR REPLACE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

-- IMMUTABLE and in SQL: inlined into the statement that calls it (the fast path's INSERT plans it once).
CREATE FUNCTION ticket_search_text(p_subject text, p_reporter_email text, p_identifiers text, p_messages text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('simple'::regconfig, coalesce(p_subject, '')), 'A')
      || setweight(to_tsvector('simple'::regconfig, coalesce(p_reporter_email, '')), 'B')
      || setweight(to_tsvector('simple'::regconfig, coalesce(p_identifiers, '')), 'A')
      || setweight(to_tsvector('simple'::regconfig, left(coalesce(p_messages, ''), 200000)), 'C')
$$;

SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION ticket_search_document(p_ticket_id uuid, p_subject text, p_reporter_id uuid) RETURNS tsvector
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN ticket_search_text(
    p_subject,
    (SELECT email FROM "User" WHERE id = p_reporter_id),
    (SELECT string_agg(value, ' ') FROM "TicketIdentifier" WHERE "ticketId" = p_ticket_id),
    (SELECT string_agg(body, ' ' ORDER BY "createdAt") FROM "Message" WHERE "ticketId" = p_ticket_id))⁏
END $$
$sql$);

SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION ticket_search_on_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW."searchDocument" IS NOT NULL THEN
    RETURN NEW⁏
  END IF⁏
  NEW."searchDocument" := ticket_search_document(NEW.id, NEW.subject, NEW."reporterId")⁏
  RETURN NEW⁏
END $$
$sql$);

SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION ticket_search_on_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW."ticketId"::text = current_setting('vouchie.search_written', true) THEN
    RETURN NULL⁏
  ELSIF TG_OP = 'INSERT' AND TG_TABLE_NAME = 'Message' THEN
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
