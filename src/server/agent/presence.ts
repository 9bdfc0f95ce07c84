import { canAccessAgentArea, canViewTicket, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { PRESENCE_TTL_MS, type TicketViewer } from './presence-input';

/**
 * Presence on the agent's ticket view: each open tab upserts one row per (ticket, agent) every few seconds, and
 * whoever else has a fresh row is shown as "also viewing" (or "writing a reply"). Rows are ephemeral: nothing
 * here changes the ticket, so no TicketEvent; stale rows are simply ignored and swept by the worker.
 */

type StaffPrincipal = Extract<Principal, { kind: 'user' }>;

/** The ticket behind a number, if this principal is staff and the policy lets them see it. */
async function visibleTicketId(principal: Principal, ticketNumber: number): Promise<{ agent: StaffPrincipal; ticketId: string } | null> {
  if (principal.kind !== 'user' || !canAccessAgentArea(principal)) return null;
  const ticket = await db().ticket.findUnique({
    where: { number: ticketNumber },
    select: { id: true, reporterId: true, companyId: true, reporter: { select: { email: true } } },
  });
  if (
    !ticket ||
    !canViewTicket(principal, {
      id: ticket.id,
      reporterId: ticket.reporterId,
      companyId: ticket.companyId,
      reporterEmail: ticket.reporter.email,
    })
  ) {
    return null;
  }
  return { agent: principal, ticketId: ticket.id };
}

async function othersOn(ticketId: string, selfId: string, now: Date): Promise<TicketViewer[]> {
  const rows = await db().ticketPresence.findMany({
    where: {
      ticketId,
      userId: { not: selfId },
      lastSeenAt: { gte: new Date(now.getTime() - PRESENCE_TTL_MS) },
      // A colleague deactivated or demoted mid-visit disappears at once.
      user: { active: true, role: { in: ['AGENT', 'ADMIN'] } },
    },
    orderBy: { lastSeenAt: 'asc' },
    select: { userId: true, composing: true, lastSeenAt: true, user: { select: { name: true, email: true } } },
  });
  return rows.map((row) => ({
    userId: row.userId,
    name: row.user.name,
    email: row.user.email,
    composing: row.composing,
    lastSeenAt: row.lastSeenAt.toISOString(),
  }));
}

/**
 * "I am on this ticket (and writing / not writing)": records the beat and answers with the others present, so
 * one request per beat both reports and polls. Null when the ticket does not exist or is not this principal's
 * to see (callers answer 404).
 */
export async function heartbeat(
  principal: Principal,
  ticketNumber: number,
  input: { composing: boolean },
  now = new Date(),
): Promise<TicketViewer[] | null> {
  const found = await visibleTicketId(principal, ticketNumber);
  if (!found) return null;
  const key = { ticketId: found.ticketId, userId: found.agent.userId };
  await db().ticketPresence.upsert({
    where: { ticketId_userId: key },
    create: { ...key, composing: input.composing, lastSeenAt: now },
    update: { composing: input.composing, lastSeenAt: now },
  });
  return othersOn(found.ticketId, found.agent.userId, now);
}

/** Who else is on the ticket right now, without reporting oneself. */
export async function viewersOf(principal: Principal, ticketNumber: number, now = new Date()): Promise<TicketViewer[] | null> {
  const found = await visibleTicketId(principal, ticketNumber);
  if (!found) return null;
  return othersOn(found.ticketId, found.agent.userId, now);
}

/** The tab closed or navigated away: the others stop seeing this agent at their next beat, not 45 s later. */
export async function leave(principal: Principal, ticketNumber: number): Promise<boolean> {
  const found = await visibleTicketId(principal, ticketNumber);
  if (!found) return false;
  await db().ticketPresence.deleteMany({ where: { ticketId: found.ticketId, userId: found.agent.userId } });
  return true;
}

/**
 * For the queue: which of these tickets someone other than the principal has open right now. One query on the
 * primary key (ticketId first) for a page's ids; an empty map for non-staff.
 */
export async function viewersOnTickets(
  principal: Principal,
  ticketIds: string[],
  now = new Date(),
): Promise<Map<string, { name: string | null; email: string }[]>> {
  const byTicket = new Map<string, { name: string | null; email: string }[]>();
  if (principal.kind !== 'user' || !canAccessAgentArea(principal) || ticketIds.length === 0) return byTicket;
  const rows = await db().ticketPresence.findMany({
    where: {
      ticketId: { in: ticketIds },
      userId: { not: principal.userId },
      lastSeenAt: { gte: new Date(now.getTime() - PRESENCE_TTL_MS) },
      user: { active: true, role: { in: ['AGENT', 'ADMIN'] } },
    },
    orderBy: { lastSeenAt: 'asc' },
    select: { ticketId: true, user: { select: { name: true, email: true } } },
  });
  for (const row of rows) byTicket.set(row.ticketId, [...(byTicket.get(row.ticketId) ?? []), row.user]);
  return byTicket;
}

/** The worker's sweep: rows nobody has refreshed within the TTL are gone for good (a range on the lastSeenAt index). */
export async function purgeStalePresence(now = new Date()): Promise<number> {
  const { count } = await db().ticketPresence.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - PRESENCE_TTL_MS) } } });
  return count;
}
