import type { Plan, Role, TicketStatus } from '@/generated/prisma/enums';
import { canAccessAdmin, canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { formatTicketNumber } from '@/server/tickets/numbering';

/**
 * What the first agent screens read. The real queue (filters, assignment, SLA clocks) is a later issue; until
 * then /agent lists the newest tickets. Both answer null to anyone the policy keeps out.
 */
export interface QueueTicket {
  number: string;
  subject: string;
  status: TicketStatus;
  createdAt: Date;
  reporter: { name: string | null; email: string };
  company: { name: string; plan: Plan } | null;
}

export async function newestTickets(principal: Principal, limit = 20): Promise<{ tickets: QueueTicket[]; total: number } | null> {
  if (!canAccessAgentArea(principal)) return null;
  const [rows, total] = await Promise.all([
    db().ticket.findMany({
      orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
      take: limit,
      select: {
        number: true,
        subject: true,
        status: true,
        createdAt: true,
        reporter: { select: { name: true, email: true } },
        company: { select: { name: true, plan: true } },
      },
    }),
    db().ticket.count(),
  ]);
  return { tickets: rows.map((row) => ({ ...row, number: formatTicketNumber(row.number) })), total };
}

export interface StaffMember {
  id: string;
  name: string | null;
  email: string;
  role: Role;
  active: boolean;
}

export async function supportTeam(principal: Principal): Promise<StaffMember[] | null> {
  if (!canAccessAdmin(principal)) return null;
  return db().user.findMany({
    where: { role: { in: ['AGENT', 'ADMIN'] } },
    orderBy: [{ role: 'desc' }, { name: 'asc' }],
    select: { id: true, name: true, email: true, role: true, active: true },
  });
}
