-- The agents' dashboard (/agent/pulpit, src/server/agent/dashboard.ts): open-ticket counters kept by triggers,
-- and one covering index for the last-30-days figures.

-- CreateTable
CREATE TABLE "TicketOpenCount" (
    "status" "TicketStatus" NOT NULL,
    "priority" "TicketPriority" NOT NULL,
    "assigneeId" UUID NOT NULL,
    "breached" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "TicketOpenCount_pkey" PRIMARY KEY ("status","priority","assigneeId","breached")
);

-- The last-30-days figures (tickets per day, first response and resolution times, SLA attainment per plan, CSAT)
-- read one createdAt range: every column they need is in the index, so the range is read without touching the
-- table. Written as key columns (not INCLUDE) so schema.prisma can express it and the diff tool keeps it.
-- CreateIndex
CREATE INDEX "Ticket_dashboard_window_idx" ON "Ticket"("createdAt", "status", "companyId", "firstResponseDueAt", "firstRespondedAt", "firstResponseBreachedAt", "resolutionDueAt", "resolvedAt", "closedAt", "resolutionBreachedAt", "slaPausedAt", "rating");

-- ---------------------------------------------------------------------------------------------------------
-- Hand-written (Prisma cannot express triggers): counting 500,000 open tickets takes hundreds of milliseconds
-- however it is indexed, so the dashboard reads counters instead. Statement-level triggers with transition
-- tables: a statement that changes many tickets (the SLA job's breach stamping, a bulk import) makes one upsert
-- of its summed changes, in key order, so concurrent writers lock counter rows in the same order (no deadlocks
-- between them), and an update that changes no counted column upserts nothing. "Open" must stay the queue's
-- NEW, OPEN, WAITING_ON_CUSTOMER, ON_HOLD, and "breached" is a breach recorded by the SLA job (every minute).
-- As in the agent_queue_search migration, PL/pgSQL bodies write their statement terminator as U+204F (⁏).
-- ---------------------------------------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION pg_temp.vouchie_exec(script text) RETURNS void LANGUAGE plpgsql AS E'BEGIN EXECUTE replace(script, chr(8271), chr(59))\073 END';

-- The same upsert three times: a trigger with transition tables has one event, and a function may only name
-- the transition tables its trigger defines.
SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_open_count_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketOpenCount" AS c (status, priority, "assigneeId", breached, count)
  SELECT d.status, d.priority, d."assigneeId", d.breached, sum(d.delta)::int
  FROM (
    SELECT n.status, n.priority, coalesce(n."assigneeId", '00000000-0000-0000-0000-000000000000'::uuid) AS "assigneeId",
           (n."firstResponseBreachedAt" IS NOT NULL OR n."resolutionBreachedAt" IS NOT NULL) AS breached, 1 AS delta
    FROM new_rows n WHERE n.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
  ) d
  GROUP BY 1, 2, 3, 4
  HAVING sum(d.delta) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (status, priority, "assigneeId", breached) DO UPDATE SET count = c.count + EXCLUDED.count⁏
  RETURN NULL⁏
END $$
$sql$);
SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_open_count_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketOpenCount" AS c (status, priority, "assigneeId", breached, count)
  SELECT d.status, d.priority, d."assigneeId", d.breached, sum(d.delta)::int
  FROM (
    SELECT o.status, o.priority, coalesce(o."assigneeId", '00000000-0000-0000-0000-000000000000'::uuid) AS "assigneeId",
           (o."firstResponseBreachedAt" IS NOT NULL OR o."resolutionBreachedAt" IS NOT NULL) AS breached, -1 AS delta
    FROM old_rows o WHERE o.status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
  ) d
  GROUP BY 1, 2, 3, 4
  HAVING sum(d.delta) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (status, priority, "assigneeId", breached) DO UPDATE SET count = c.count + EXCLUDED.count⁏
  RETURN NULL⁏
END $$
$sql$);
SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_open_count_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketOpenCount" AS c (status, priority, "assigneeId", breached, count)
  SELECT d.status, d.priority, d."assigneeId", d.breached, sum(d.delta)::int
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
  ON CONFLICT (status, priority, "assigneeId", breached) DO UPDATE SET count = c.count + EXCLUDED.count⁏
  RETURN NULL⁏
END $$
$sql$);
SELECT pg_temp.vouchie_exec($sql$
CREATE FUNCTION ticket_open_count_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "TicketOpenCount"⁏
  RETURN NULL⁏
END $$
$sql$);

-- Triggers and the initial counts in one statement (one transaction): no ticket written meanwhile is counted twice
-- or missed.
SELECT pg_temp.vouchie_exec($sql$
DO $$
BEGIN
  LOCK TABLE "Ticket" IN SHARE ROW EXCLUSIVE MODE⁏
  CREATE TRIGGER ticket_open_count_insert AFTER INSERT ON "Ticket" REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_open_count_on_insert()⁏
  CREATE TRIGGER ticket_open_count_delete AFTER DELETE ON "Ticket" REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_open_count_on_delete()⁏
  CREATE TRIGGER ticket_open_count_update AFTER UPDATE ON "Ticket" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_open_count_on_update()⁏
  CREATE TRIGGER ticket_open_count_truncate AFTER TRUNCATE ON "Ticket"
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_open_count_on_truncate()⁏
  INSERT INTO "TicketOpenCount" (status, priority, "assigneeId", breached, count)
  SELECT status, priority, coalesce("assigneeId", '00000000-0000-0000-0000-000000000000'::uuid),
         ("firstResponseBreachedAt" IS NOT NULL OR "resolutionBreachedAt" IS NOT NULL), count(*)::int
  FROM "Ticket" WHERE status IN ('NEW', 'OPEN', 'WAITING_ON_CUSTOMER', 'ON_HOLD')
  GROUP BY 1, 2, 3, 4⁏
END $$
$sql$);
