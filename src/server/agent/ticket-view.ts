import { formatPhone } from '@/server/phone/numbers';
import type {
  AttachmentKind,
  Channel,
  ChatStatus,
  IdentifierKind,
  MessageFormat,
  MessageType,
  Plan,
  Role,
  TicketCategory,
  TicketPriority,
  TicketStatus,
} from '@/generated/prisma/enums';
import { canAccessAgentArea, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { CHAT_EVENTS, eventField, TICKET_EVENTS } from '@/server/tickets/events';
import { environmentSchema } from '@/server/tickets/schemas';
import { formatTicketNumber } from '@/server/tickets/numbering';

/**
 * Everything the agent's ticket page shows, in one read: the ticket with its editable fields and `version`, the
 * reporter with their company and latest other tickets, identifiers and environment, the whole thread with
 * internal notes and their files, the full activity log, and the active staff to assign to. Null for anyone
 * the policy keeps out of the agent area, and for a ticket that does not exist.
 */

export interface AgentTicketActor {
  name: string | null;
  role: Role;
}

export interface AgentTicketAttachment {
  id: string;
  fileName: string;
  contentType: string;
  kind: AttachmentKind;
  size: number;
}

export interface AgentTicketMessage {
  id: string;
  type: MessageType;
  body: string;
  /** TEXT shown as typed; MARKDOWN (agents' replies and notes) rendered sanitised. */
  format: MessageFormat;
  channel: Channel;
  createdAt: Date;
  author: (AgentTicketActor & { email: string }) | null;
  attachments: AgentTicketAttachment[];
  /** An e-mail reply from an unauthenticated sender, waiting as a note until an agent accepts it. */
  unverifiedSender: boolean;
  /** What trimming took off an inbound e-mail (signature, quoted history), shown collapsed under the reply. */
  trimmedText: string | null;
  /** Whether the e-mail it came in as is kept raw (InboundEmail), for the "download the original" link. */
  hasRawEmail: boolean;
}

export interface AgentTicketEvent {
  id: string;
  type: string;
  data: unknown;
  createdAt: Date;
  actor: AgentTicketActor | null;
}

export interface AgentTicketView {
  id: string;
  number: string;
  numberValue: number;
  version: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  category: TicketCategory;
  channel: Channel;
  /** A CHAT ticket's live chat (its transcript is the thread). */
  /** The live chat this ticket started as: its own first-response target, and when it ended. */
  chat: { id: string; status: ChatStatus; startedAt: Date; firstResponseDueAt: Date | null; endedAt: Date | null } | null;
  tags: string[];
  assignee: { id: string; name: string | null; email: string } | null;
  createdAt: Date;
  lastActivityAt: Date;
  sla: {
    firstResponseDueAt: Date | null;
    resolutionDueAt: Date | null;
    firstRespondedAt: Date | null;
    resolvedAt: Date | null;
    pausedAt: Date | null;
  };
  reporter: {
    id: string;
    name: string | null;
    email: string;
    locale: string;
    /** Set by a hard bounce: no e-mail reaches this reporter until an agent clears it. */
    emailBouncedAt: Date | null;
    emailBounceReason: string | null;
    /** E.164, or null; shown formatted on the reporter card, where agents can set it. */
    phone: string | null;
    phoneDisplay: string | null;
    company: { name: string; plan: Plan; externalId: string | null } | null;
    otherTickets: { number: string; subject: string; status: TicketStatus; createdAt: Date }[];
  };
  details: {
    attempted: string | null;
    expected: string | null;
    reproSteps: string[];
    errorMessage: string | null;
    occurredAt: Date | null;
    identifiers: { kind: IdentifierKind; value: string }[];
    environment: {
      browser?: string;
      os?: string;
      screen?: string;
      timeZone?: string;
      language?: string;
      pageUrl?: string;
      userAgent?: string;
      appVersion?: string;
    } | null;
  };
  followUpOf: string | null;
  followUps: string[];
  messages: AgentTicketMessage[];
  events: AgentTicketEvent[];
  /** The ticket this duplicate was merged into. */
  mergedInto: string | null;
  /** The people copied on the ticket (CC). */
  collaborators: { email: string; name: string | null }[];
  staff: { id: string; name: string | null; email: string }[];
}

const OTHER_TICKETS = 5;

export async function getAgentTicketView(number: number, principal: Principal): Promise<AgentTicketView | null> {
  if (!canAccessAgentArea(principal)) return null;
  const ticket = await db().ticket.findUnique({
    where: { number },
    include: {
      reporter: {
        select: { id: true, name: true, email: true, locale: true, emailBouncedAt: true, emailBounceReason: true, phone: true },
      },
      company: { select: { name: true, plan: true, externalId: true } },
      assignee: { select: { id: true, name: true, email: true } },
      identifiers: { select: { kind: true, value: true }, orderBy: { id: 'asc' } },
      messages: {
        orderBy: { createdAt: 'asc' },
        include: {
          author: { select: { name: true, role: true, email: true } },
          attachments: { select: { id: true, fileName: true, contentType: true, kind: true, size: true }, orderBy: { createdAt: 'asc' } },
        },
      },
      events: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, type: true, data: true, createdAt: true, actor: { select: { name: true, role: true } } },
      },
      followUpOf: { select: { number: true } },
      followUps: { select: { number: true }, orderBy: { number: 'asc' } },
      mergedInto: { select: { number: true } },
      collaborators: { select: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: 'asc' } },
      chat: { select: { id: true, status: true, startedAt: true, firstResponseDueAt: true, endedAt: true } },
    },
  });
  if (!ticket) return null;

  const emailMessageIds = ticket.messages.flatMap((m) => (m.emailMessageId ? [m.emailMessageId] : []));
  const [otherTickets, staff, rawEmails, events] = await Promise.all([
    db().ticket.findMany({
      where: { reporterId: ticket.reporterId, id: { not: ticket.id } },
      orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
      take: OTHER_TICKETS,
      select: { number: true, subject: true, status: true, createdAt: true },
    }),
    db().user.findMany({
      where: { active: true, role: { in: ['AGENT', 'ADMIN'] } },
      orderBy: [{ name: 'asc' }, { email: 'asc' }],
      select: { id: true, name: true, email: true },
    }),
    emailMessageIds.length
      ? db().inboundEmail.findMany({ where: { messageId: { in: emailMessageIds } }, select: { messageId: true } })
      : Promise.resolve([]),
    withPeopleNamed(ticket.events),
  ]);
  const keptRaw = new Set(rawEmails.map((row) => row.messageId));
  const environment = environmentSchema.safeParse(ticket.environment ?? undefined);

  return {
    id: ticket.id,
    number: formatTicketNumber(ticket.number),
    numberValue: ticket.number,
    version: ticket.version,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    channel: ticket.channel,
    chat: ticket.chat,
    tags: ticket.tags,
    assignee: ticket.assignee,
    createdAt: ticket.createdAt,
    lastActivityAt: ticket.lastActivityAt,
    sla: {
      firstResponseDueAt: ticket.firstResponseDueAt,
      resolutionDueAt: ticket.resolutionDueAt,
      firstRespondedAt: ticket.firstRespondedAt,
      resolvedAt: ticket.resolvedAt,
      pausedAt: ticket.slaPausedAt,
    },
    reporter: {
      ...ticket.reporter,
      phoneDisplay: ticket.reporter.phone ? formatPhone(ticket.reporter.phone) : null,
      company: ticket.company,
      otherTickets: otherTickets.map((other) => ({ ...other, number: formatTicketNumber(other.number) })),
    },
    details: {
      attempted: ticket.attempted,
      expected: ticket.expected,
      reproSteps: ticket.reproSteps,
      errorMessage: ticket.errorMessage,
      occurredAt: ticket.occurredAt,
      identifiers: ticket.identifiers,
      environment: environment.success && environment.data ? environment.data : null,
    },
    followUpOf: ticket.followUpOf ? formatTicketNumber(ticket.followUpOf.number) : null,
    followUps: ticket.followUps.map((f) => formatTicketNumber(f.number)),
    mergedInto: ticket.mergedInto ? formatTicketNumber(ticket.mergedInto.number) : null,
    collaborators: ticket.collaborators.map((c) => c.user),
    messages: ticket.messages.map((m) => ({
      id: m.id,
      type: m.type,
      body: m.body,
      format: m.format,
      channel: m.channel,
      createdAt: m.createdAt,
      author: m.author,
      attachments: m.attachments,
      unverifiedSender: m.unverifiedSender,
      trimmedText: m.trimmedText,
      hasRawEmail: m.emailMessageId !== null && keptRaw.has(m.emailMessageId),
    })),
    events,
    staff,
  };
}

/** Events whose `from` / `to` are user ids: an assignment, a chat handed to another agent. */
const EVENTS_NAMING_PEOPLE: readonly string[] = [TICKET_EVENTS.assigned, CHAT_EVENTS.transferred];

/**
 * The activity log tells who moved a ticket to whom by name. Assignments made in the workspace carry the names
 * (`fromName`, `toName`, as they were then); a chat's acceptance and transfer write only the ids, so their names
 * are looked up here (one query, only when such an event is there). A deleted user leaves no name: "nikt".
 */
async function withPeopleNamed(events: AgentTicketEvent[]): Promise<AgentTicketEvent[]> {
  const unnamed = (event: AgentTicketEvent, side: 'from' | 'to') =>
    EVENTS_NAMING_PEOPLE.includes(event.type) && eventField(event.data, `${side}Name`, 'string') === undefined
      ? eventField(event.data, side, 'string')
      : undefined;
  const ids = new Set(events.flatMap((event) => [unnamed(event, 'from'), unnamed(event, 'to')].filter((id) => id !== undefined)));
  if (!ids.size) return events;
  const users = await db().user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } });
  const names = new Map(users.map((user) => [user.id, user.name ?? user.email]));
  return events.map((event) => {
    const from = unnamed(event, 'from');
    const to = unnamed(event, 'to');
    if (from === undefined && to === undefined) return event;
    const data = typeof event.data === 'object' && event.data !== null && !Array.isArray(event.data) ? event.data : {};
    return {
      ...event,
      data: {
        ...data,
        ...(from !== undefined ? { fromName: names.get(from) ?? null } : {}),
        ...(to !== undefined ? { toName: names.get(to) ?? null } : {}),
      },
    };
  });
}
