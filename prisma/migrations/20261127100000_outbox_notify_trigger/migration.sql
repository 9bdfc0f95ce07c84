-- Wakes the outbox worker from the row itself: every PENDING row written to OutboundEmail sends NOTIFY on
-- vouchie_outbox (the channel OUTBOX_CHANNEL in src/server/mail/outbound/outbox.ts names). Postgres delivers it
-- at commit, once per transaction however many rows it wrote (identical notifications are merged), and never
-- for a transaction that rolled back. This replaces a separate SELECT pg_notify round trip after each e-mail.
-- Only inserts: the worker's own updates (a retry put back to PENDING with a later nextAttemptAt) must not wake it.
-- As in the agent_queue_search migration, PL/pgSQL bodies write their statement terminator as U+204F (⁏).

CREATE OR REPLACE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION outbound_email_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vouchie_outbox', '')⁏
  RETURN NULL⁏
END $$
$sql$);

CREATE TRIGGER "OutboundEmail_notify_pending"
  AFTER INSERT ON "OutboundEmail"
  FOR EACH ROW WHEN (NEW."status" = 'PENDING')
  EXECUTE FUNCTION outbound_email_notify();
