import { db } from '@/server/db/client';
import { canSeeInternalNotes, canViewTicket, customerRoleOn, type Principal, type TicketAccessFacts } from '@/server/auth/policy';
import { eventField, PUBLIC_EVENTS, PUBLIC_STATUS_EVENTS, TICKET_EVENTS } from './events';
import { formatTicketNumber } from './numbering';
import {
  customerActionsFor,
  DONE_STATUSES,
  isOpenStatus,
  OPEN_STATUSES,
  TICKET_STATUSES,
  type CustomerActions,
  type TicketStatus,
} from './status';

/**
 * A ticket as its reader may see it: customers, ticket links and the API get the public thread only;
 * internal notes (and their files) reach staff alone. Returns null when the ticket does not exist OR may
 * not be seen, so callers answer 404 in both cases.
 */
export async function getTicketForPrincipal(number: number, principal: Principal) {
  return (await loadTicket(number, principal))?.view ?? null;
}

/** The ticket page's data: the ticket as the principal may see it, and what they may do to it as the customer. */
export async function getTicketPageForPrincipal(
  number: number,
  principal: Principal,
): Promise<{ ticket: TicketView; actions: CustomerActions } | null> {
  const loaded = await loadTicket(number, principal);
  if (!loaded) return null;
  return { ticket: loaded.view, actions: customerActionsFor(loaded.view.status, customerRoleOn(principal, loaded.facts)) };
}

function isTicketStatus(value: string | undefined): value is TicketStatus {
  return value !== undefined && (TICKET_STATUSES as readonly string[]).includes(value);
}

async function loadTicket(number: number, principal: Principal) {
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
      events: {
        where: { type: { in: [...PUBLIC_EVENTS] } },
        orderBy: { createdAt: 'asc' },
        select: { id: true, type: true, data: true, createdAt: true, actor: { select: { name: true, role: true } } },
      },
      followUpOf: { select: { number: true } },
      followUps: { select: { number: true }, orderBy: { number: 'asc' } },
      mergedInto: { select: { number: true } },
      collaborators: { select: { userId: true, user: { select: { email: true, name: true } } }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!ticket) return null;
  const facts: TicketAccessFacts = {
    id: ticket.id,
    reporterId: ticket.reporterId,
    companyId: ticket.companyId,
    reporterEmail: ticket.reporter.email,
    collaboratorEmails: ticket.collaborators.map((c) => c.user.email.toLowerCase()),
    collaboratorIds: ticket.collaborators.map((c) => c.userId),
  };
  if (!canViewTicket(principal, facts)) return null;
  const showNotes = canSeeInternalNotes(principal);
  const view = {
    id: ticket.id,
    number: formatTicketNumber(ticket.number),
    subject: ticket.subject,
    category: ticket.category,
    status: ticket.status,
    /** Whether someone on the team has the ticket (never who, to the customer): "in progress" only when true. */
    assigned: ticket.assigneeId !== null,
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
        format: m.format,
        // What trimming took off an inbound e-mail, for the API's trusted caller only: never in the customer's pages.
        ...(principal.kind === 'api' ? { quotedText: m.trimmedText } : {}),
        channel: m.channel,
        createdAt: m.createdAt,
        attachments: m.attachments,
      })),
    /** Status changes and the link to a follow-up, for the thread's small system lines; nothing internal. */
    activity: ticket.events.flatMap((event): TicketActivity[] => {
      const actor = event.actor ? { name: event.actor.name, isStaff: event.actor.role !== 'CUSTOMER' } : null;
      if (event.type === TICKET_EVENTS.followUpCreated) {
        const followUp = eventField(event.data, 'followUpNumber', 'number');
        return followUp
          ? [{ id: event.id, kind: 'followUp', number: formatTicketNumber(followUp), actor, createdAt: event.createdAt }]
          : [];
      }
      const from = eventField(event.data, 'from', 'string');
      const to = eventField(event.data, 'to', 'string');
      if (!PUBLIC_STATUS_EVENTS.includes(event.type) || !isTicketStatus(to)) return [];
      return [{ id: event.id, kind: 'status', from: isTicketStatus(from) ? from : null, to, actor, createdAt: event.createdAt }];
    }),
    rating: ticket.rating === null ? null : { stars: ticket.rating, comment: ticket.ratingComment, ratedAt: ticket.ratedAt },
    followUpOf: ticket.followUpOf ? formatTicketNumber(ticket.followUpOf.number) : null,
    followUps: ticket.followUps.map((f) => formatTicketNumber(f.number)),
    /** The ticket this duplicate was merged into (its thread is there now). */
    mergedInto: ticket.mergedInto ? formatTicketNumber(ticket.mergedInto.number) : null,
    /** The people copied on the ticket, for its readers on either side. */
    collaborators: ticket.collaborators.map((c) => ({ email: c.user.email, name: c.user.name })),
  };
  return { view, facts };
}

export type TicketActivity =
  | {
      id: string;
      kind: 'status';
      from: TicketStatus | null;
      to: TicketStatus;
      actor: { name: string | null; isStaff: boolean } | null;
      createdAt: Date;
    }
  | { id: string; kind: 'followUp'; number: string; actor: { name: string | null; isStaff: boolean } | null; createdAt: Date };

export type TicketView = NonNullable<Awaited<ReturnType<typeof getTicketForPrincipal>>>;

export const TICKET_LIST_FILTERS = ['open', 'closed', 'all'] as const;
export type TicketListFilter = (typeof TICKET_LIST_FILTERS)[number];
export type TicketListScope = 'mine' | 'company';

export const TICKET_LIST_PAGE_SIZE = 20;

const FILTER_STATUSES: Record<TicketListFilter, readonly TicketStatus[]> = {
  open: OPEN_STATUSES,
  closed: DONE_STATUSES,
  all: TICKET_STATUSES,
};

export interface TicketListItem {
  number: string;
  subject: string;
  status: TicketStatus;
  createdAt: Date;
  lastActivityAt: Date;
  /** Who reported it; the company view shows it for colleagues' tickets. */
  reporter: { name: string | null; email: string; isViewer: boolean };
  followUpOf: string | null;
}

export interface TicketList {
  items: TicketListItem[];
  filter: TicketListFilter;
  /** The scope actually shown: `company` only for a company admin. */
  scope: TicketListScope;
  canSeeCompany: boolean;
  page: number;
  pageCount: number;
  counts: Record<TicketListFilter, number>;
}

/**
 * "Moje zgłoszenia": the signed-in customer's tickets, newest activity first, 20 a page, filtered by open or
 * solved/closed. A company admin may ask for the whole company's tickets. Served by the
 * (reporterId | companyId, lastActivityAt DESC) indexes. Null for anyone not signed in.
 */
export async function listTicketsForCustomer(
  principal: Principal,
  query: { filter?: TicketListFilter; scope?: TicketListScope; page?: number } = {},
): Promise<TicketList | null> {
  if (principal.kind !== 'user') return null;
  const canSeeCompany = principal.isCompanyAdmin && principal.companyId !== null;
  const scope: TicketListScope = query.scope === 'company' && canSeeCompany ? 'company' : 'mine';
  const owner = scope === 'company' && principal.companyId ? { companyId: principal.companyId } : { reporterId: principal.userId };
  const filter = query.filter ?? 'open';

  const grouped = await db().ticket.groupBy({ by: ['status'], where: owner, _count: { _all: true } });
  const counts: Record<TicketListFilter, number> = { open: 0, closed: 0, all: 0 };
  for (const group of grouped) {
    counts.all += group._count._all;
    counts[isOpenStatus(group.status) ? 'open' : 'closed'] += group._count._all;
  }
  const pageCount = Math.max(1, Math.ceil(counts[filter] / TICKET_LIST_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(query.page ?? 1) || 1), pageCount);

  const rows = await db().ticket.findMany({
    where: { ...owner, status: { in: [...FILTER_STATUSES[filter]] } },
    orderBy: [{ lastActivityAt: 'desc' }, { number: 'desc' }],
    skip: (page - 1) * TICKET_LIST_PAGE_SIZE,
    take: TICKET_LIST_PAGE_SIZE,
    select: {
      number: true,
      subject: true,
      status: true,
      createdAt: true,
      lastActivityAt: true,
      reporterId: true,
      reporter: { select: { name: true, email: true } },
      followUpOf: { select: { number: true } },
    },
  });

  return {
    items: rows.map((row) => ({
      number: formatTicketNumber(row.number),
      subject: row.subject,
      status: row.status,
      createdAt: row.createdAt,
      lastActivityAt: row.lastActivityAt,
      reporter: { name: row.reporter.name, email: row.reporter.email, isViewer: row.reporterId === principal.userId },
      followUpOf: row.followUpOf ? formatTicketNumber(row.followUpOf.number) : null,
    })),
    filter,
    scope,
    canSeeCompany,
    page,
    pageCount,
    counts,
  };
}
