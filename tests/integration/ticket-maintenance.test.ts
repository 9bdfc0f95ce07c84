import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Prisma } from '@/generated/prisma/client';
import { db } from '@/server/db/client';
import { recordSlaBreaches } from '@/server/sla/breaches';
import { autoCloseResolvedTickets } from '@/server/tickets/maintenance';

async function ticket(data: Partial<Prisma.TicketUncheckedCreateInput> = {}) {
  const reporter = await db().user.create({ data: { email: `sla.${randomUUID().slice(0, 8)}@firma.pl`, name: 'Jan' } });
  return db().ticket.create({ data: { subject: 'SLA', category: 'OTHER', reporterId: reporter.id, ...data } });
}

describe('SLA breach job', () => {
  it('records a missed first response and resolution once, skips paused and answered tickets', async () => {
    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const late = await ticket({ status: 'OPEN', firstResponseDueAt: past, resolutionDueAt: past });
    const answered = await ticket({ status: 'OPEN', firstResponseDueAt: past, firstRespondedAt: past });
    const paused = await ticket({ status: 'WAITING_ON_CUSTOMER', firstResponseDueAt: past, slaPausedAt: past });
    const onTime = await ticket({ status: 'OPEN', firstResponseDueAt: new Date(now.getTime() + 3_600_000) });

    await recordSlaBreaches(now);
    await recordSlaBreaches(new Date(now.getTime() + 1_000));

    const rows = await db().ticket.findMany({ where: { id: { in: [late.id, answered.id, paused.id, onTime.id] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(late.id)?.firstResponseBreachedAt?.getTime()).toBe(now.getTime());
    expect(byId.get(late.id)?.resolutionBreachedAt?.getTime()).toBe(now.getTime());
    expect(byId.get(answered.id)?.firstResponseBreachedAt).toBeNull();
    expect(byId.get(paused.id)?.firstResponseBreachedAt).toBeNull();
    expect(byId.get(onTime.id)?.firstResponseBreachedAt).toBeNull();
    const events = await db().ticketEvent.findMany({ where: { ticketId: late.id }, select: { type: true } });
    expect(events.map((e) => e.type).sort()).toEqual(['sla.first_response_breached', 'sla.resolution_breached']);
  });
});

describe('auto-close job', () => {
  it('closes tickets resolved longer than the configured days ago, tells the reporter, leaves recent ones', async () => {
    const now = new Date();
    const old = await ticket({
      status: 'RESOLVED',
      resolvedAt: new Date(now.getTime() - 8 * 86_400_000),
      lastActivityAt: new Date(now.getTime() - 8 * 86_400_000),
    });
    const recent = await ticket({
      status: 'RESOLVED',
      resolvedAt: new Date(now.getTime() - 86_400_000),
      lastActivityAt: new Date(now.getTime() - 86_400_000),
    });

    expect(await autoCloseResolvedTickets(now)).toBeGreaterThanOrEqual(1);
    const [closed, stillResolved] = await Promise.all([
      db().ticket.findUniqueOrThrow({ where: { id: old.id } }),
      db().ticket.findUniqueOrThrow({ where: { id: recent.id } }),
    ]);
    expect(closed).toMatchObject({ status: 'CLOSED' });
    expect(closed.closedAt?.getTime()).toBe(now.getTime());
    expect(stillResolved.status).toBe('RESOLVED');
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: old.id } });
    expect(mail.subject).toBe(`[VCH-${closed.number}] SLA`);
    expect(await db().outboundEmail.count({ where: { ticketId: recent.id } })).toBe(0);
    expect(await db().ticketEvent.count({ where: { ticketId: old.id, type: 'ticket.status_changed' } })).toBe(1);
  });
});
