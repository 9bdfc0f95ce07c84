import { db } from '@/server/db/client';
import { canSeeInternalNotes, canViewTicket, type Principal } from '@/server/auth/policy';
import { formatTicketNumber } from './numbering';

/**
 * A ticket as its reader may see it: customers, ticket links and the API get the public thread only;
 * internal notes (and their files) reach staff alone. Returns null when the ticket does not exist OR may
 * not be seen, so callers answer 404 in both cases.
 */
export async function getTicketForPrincipal(number: number, principal: Principal) {
  const ticket = await db().ticket.findUnique({
    where: { number },
    include: {
      reporter: { select: { id: true, email: true, name: true } },
      company: { select: { id: true, name: true, plan: true, externalId: true } },
      identifiers: { select: { kind: true, value: true }, orderBy: { id: 'asc' } },
      messages: {
        orderBy: { createdAt: 'asc' },
        include: {
          author: { select: { name: true, role: true } },
          attachments: {
            select: { id: true, fileName: true, contentType: true, kind: true, size: true, sha256: true, createdAt: true },
            orderBy: { createdAt: 'asc' },
          },
        },
      },
    },
  });
  if (!ticket) return null;
  const facts = { id: ticket.id, reporterId: ticket.reporterId, companyId: ticket.companyId, reporterEmail: ticket.reporter.email };
  if (!canViewTicket(principal, facts)) return null;
  const showNotes = canSeeInternalNotes(principal);
  return {
    id: ticket.id,
    number: formatTicketNumber(ticket.number),
    subject: ticket.subject,
    category: ticket.category,
    status: ticket.status,
    priority: ticket.priority,
    channel: ticket.channel,
    reporter: { email: ticket.reporter.email, name: ticket.reporter.name },
    company: ticket.company ? { externalId: ticket.company.externalId, name: ticket.company.name, plan: ticket.company.plan } : null,
    attempted: ticket.attempted,
    actual: ticket.actual,
    expected: ticket.expected,
    reproSteps: ticket.reproSteps,
    errorMessage: ticket.errorMessage,
    occurredAt: ticket.occurredAt,
    identifiers: ticket.identifiers,
    environment: ticket.environment,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    messages: ticket.messages
      .filter((m) => showNotes || m.type !== 'NOTE')
      .map((m) => ({
        id: m.id,
        type: m.type,
        author: m.author ? { name: m.author.name, isStaff: m.author.role !== 'CUSTOMER' } : null,
        body: m.body,
        channel: m.channel,
        createdAt: m.createdAt,
        attachments: m.attachments,
      })),
  };
}

export type TicketView = NonNullable<Awaited<ReturnType<typeof getTicketForPrincipal>>>;
