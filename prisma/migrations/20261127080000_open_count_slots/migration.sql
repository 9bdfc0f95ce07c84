-- TicketOpenCount took every open-ticket change on one row per (status, priority, assignee, breached): ticket
-- creations running at the same time all waited for the one "NEW / NORMAL / unassigned" row until the first
-- one committed (8 concurrent createTicket calls ran no faster than one). Each counter is now split into 32
-- slots chosen by the writing backend's pid, so concurrent connections mostly write different rows, and readers sum
-- the slots. A slot's count may go negative (a ticket counted in one slot and uncounted in another): only the
-- sum means anything.
-- As in the agent_queue_search migration, PL/pgSQL bodies write their statement terminator as U+204F (⁏).

ALTER TABLE "TicketOpenCount" ADD COLUMN "slot" SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE "TicketOpenCount" DROP CONSTRAINT "TicketOpenCount_pkey";
ALTER TABLE "TicketOpenCount" ADD CONSTRAINT "TicketOpenCount_pkey" PRIMARY KEY ("status", "priority", "assigneeId", "breached", "slot");

CREATE OR REPLACE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION ticket_open_count_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketOpenCount" AS c (status, priority, "assigneeId", breached, slot, count)
  SELECT d.status, d.priority, d."assigneeId", d.breached, (pg_backend_pid() % 32)::smallint, sum(d.delta)::int
  FROM (
    SELECT n.status, n.priority, coalesce(n."assigneeId", '00000000-0000-0000-0000-000000000000'::uuid) AS "assigneeId",
           (n."firstResponseBreachedAt" IS NOT NULL OR n."resolutionBreachedAt" IS NOT NULL) AS breached, 1 AS delta
    FROM new_rows n WHERE n.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
  ) d
  GROUP BY 1, 2, 3, 4
  HAVING sum(d.delta) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (status, priority, "assigneeId", breached, slot) DO UPDATE SET count = c.count + EXCLUDED.count⁏
  RETURN NULL⁏
END $$
$sql$);
SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION ticket_open_count_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketOpenCount" AS c (status, priority, "assigneeId", breached, slot, count)
  SELECT d.status, d.priority, d."assigneeId", d.breached, (pg_backend_pid() % 32)::smallint, sum(d.delta)::int
  FROM (
    SELECT o.status, o.priority, coalesce(o."assigneeId", '00000000-0000-0000-0000-000000000000'::uuid) AS "assigneeId",
           (o."firstResponseBreachedAt" IS NOT NULL OR o."resolutionBreachedAt" IS NOT NULL) AS breached, -1 AS delta
    FROM old_rows o WHERE o.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
  ) d
  GROUP BY 1, 2, 3, 4
  HAVING sum(d.delta) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (status, priority, "assigneeId", breached, slot) DO UPDATE SET count = c.count + EXCLUDED.count⁏
  RETURN NULL⁏
END $$
$sql$);
SELECT pg_temp.vouchie_exec($sql$
CREATE OR REPLACE FUNCTION ticket_open_count_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketOpenCount" AS c (status, priority, "assigneeId", breached, slot, count)
  SELECT d.status, d.priority, d."assigneeId", d.breached, (pg_backend_pid() % 32)::smallint, sum(d.delta)::int
  FROM (
    SELECT o.status, o.priority, coalesce(o."assigneeId", '00000000-0000-0000-0000-000000000000'::uuid) AS "assigneeId",
           (o."firstResponseBreachedAt" IS NOT NULL OR o."resolutionBreachedAt" IS NOT NULL) AS breached, -1 AS delta
    FROM old_rows o WHERE o.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
    UNION ALL
    SELECT n.status, n.priority, coalesce(n."assigneeId", '00000000-0000-0000-0000-000000000000'::uuid) AS "assigneeId",
           (n."firstResponseBreachedAt" IS NOT NULL OR n."resolutionBreachedAt" IS NOT NULL) AS breached, 1 AS delta
    FROM new_rows n WHERE n.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
  ) d
  GROUP BY 1, 2, 3, 4
  HAVING sum(d.delta) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (status, priority, "assigneeId", breached, slot) DO UPDATE SET count = c.count + EXCLUDED.count⁏
  RETURN NULL⁏
END $$
$sql$);
