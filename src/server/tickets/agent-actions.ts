import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/server/db/client';
import { Rollback, transact as transactWith } from '@/server/db/transact';
import { claimUploads, type AttachmentError } from '@/server/attachments';
import { isStaff, type Principal } from '@/server/auth/policy';
import { EMAIL_TEMPLATES, renderAgentReply, type CustomerStatusNotice } from '@/server/mail/outbound/templates';
import { err, ok, type Result } from '@/server/result';
import { translator } from '@/i18n/messages';
import { changeStatus, type ChangeStatusCommand, type ChangeStatusError } from './change-status';
import { TICKET_EVENTS } from './events';
import { mentionedIn } from './mentions';
import { mailReporterAndCollaborators } from './public-mail';
import { notifyAgents } from './notify-agents';
import { formatTicketNumber } from './numbering';
import { replayedMessageId } from './replay';
import {
  replySchema,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  toFieldErrors,
  type FieldErrors,
  type TicketCategory,
  type TicketPriority,
} from './schemas';
import { canTransition, TICKET_STATUSES, type TicketStatus } from './status';

/**
 * What an agent does to a ticket from the agent view: reply publicly, add an internal note, change status,
 * priority, category, assignee and tags. Each is one transaction that locks the ticket row, asks policy.ts
 * (staff only; anyone else gets `not_found`, as if the ticket were not there), checks status.ts, writes the
 * change with an activity event per field, bumps `lastActivityAt`, and puts the reporter's e-mail in the outbox
 * when the customer should hear about it.
 *
 * Optimistic concurrency: a reply and a field change carry the `version` the agent saw; if somebody changed
 * the ticket since, nothing is written and the answer is a `conflict` with the current values and who made the
 * last change, so the view can say so and keep the agent's draft. An internal note changes neither the
 * ticket's fields nor what the customer sees, so it needs no version and does not bump it.
 */

export interface TicketSnapshot {
  version: number;
  status: TicketStatus;
  priority: TicketPriority;
  category: TicketCategory;
  assigneeId: string | null;
  assigneeName: string | null;
  tags: string[];
  /** Who made the latest change (the newest event's actor), for "Ewa zmieniła to zgłoszenie w międzyczasie". */
  changedBy: string | null;
}

export type AgentActionError =
  | { kind: 'not_found' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'attachments'; error: AttachmentError }
  | { kind: 'invalid_transition'; from: TicketStatus; to: TicketStatus }
  | { kind: 'conflict'; current: TicketSnapshot };

export type AgentActionResult<T> = Result<T, AgentActionError>;

export interface AgentReplyCommand extends Pick<NoteCommand, 'channel' | 'inTransaction'> {
  principal: Principal;
  number: number;
  body: string;
  attachmentTokens?: string[];
  /** "Wyślij i ustaw: …": the status to move to with the reply; by default Nowe becomes Otwarte, the rest stay. */
  setStatus?: TicketStatus;
  expectedVersion: number;
  idempotencyKey?: string;
}

export interface NoteCommand {
  principal: Principal;
  number: number;
  body: string;
  attachmentTokens?: string[];
  idempotencyKey?: string;
  /** How the message reached the team: typed in the agent view (default), or said on the phone (a logged call). */
  channel?: 'WEB' | 'PHONE';
  /**
   * Post inside the caller's transaction (a logged call's note commits with its Call row). A refusal thrown as
   * Rollback undoes the caller's writes too; one returned as an error value is the caller's to roll back.
   */
  inTransaction?: Tx;
}

export interface TicketChanges {
  status?: TicketStatus;
  priority?: TicketPriority;
  category?: TicketCategory;
  /** Null unassigns. */
  assigneeId?: string | null;
  tags?: string[];
}

export interface UpdateTicketCommand {
  principal: Principal;
  number: number;
  expectedVersion: number;
  changes: TicketChanges;
}

export interface Posted {
  messageId: string;
  status: TicketStatus;
  version: number;
  replayed: boolean;
}

export interface Updated {
  version: number;
  /** The fields that actually changed (an unchanged value is not a change and writes nothing). */
  changed: (keyof TicketChanges)[];
}

export const TAG_LIMITS = { count: 20, length: 40 } as const;

const changesSchema = z
  .object({
    status: z.enum(TICKET_STATUSES, { error: 'errors.invalid' }).optional(),
    priority: z.enum(TICKET_PRIORITIES, { error: 'errors.priority.invalid' }).optional(),
    category: z.enum(TICKET_CATEGORIES, { error: 'errors.category.required' }).optional(),
    assigneeId: z.uuid({ error: 'errors.invalid' }).nullable().optional(),
    tags: z
      .array(z.string().trim().toLowerCase().min(1, { error: 'errors.invalid' }).max(TAG_LIMITS.length, { error: 'errors.invalid' }))
      .max(TAG_LIMITS.count, { error: 'errors.invalid' })
      .transform((tags) => [...new Set(tags)])
      .optional(),
  })
  .strict();

const transact = <T>(work: (tx: Tx) => Promise<AgentActionResult<T>>) => transactWith<T, AgentActionError>(work);

const ticketSelect = {
  id: true,
  number: true,
  subject: true,
  status: true,
  priority: true,
  category: true,
  assigneeId: true,
  tags: true,
  version: true,
  slaPausedAt: true,
  firstResponseDueAt: true,
  resolutionDueAt: true,
  firstRespondedAt: true,
  assignee: { select: { name: true, email: true } },
  reporter: { select: { email: true, name: true, locale: true } },
} satisfies Prisma.TicketSelect;

type LockedTicket = Prisma.TicketGetPayload<{ select: typeof ticketSelect }>;

interface Acting {
  ticket: LockedTicket;
  agent: { id: string; name: string | null; email: string };
}

/** Locks the ticket row for the transaction and checks the principal is staff; null means `not_found`. */
async function actOn(tx: Tx, number: number, principal: Principal): Promise<Acting | null> {
  if (!isStaff(principal) || principal.kind !== 'user') return null;
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Ticket" WHERE "number" = ${number} FOR NO KEY UPDATE`;
  const id = rows[0]?.id;
  if (!id) return null;
  const ticket = await tx.ticket.findUniqueOrThrow({ where: { id }, select: ticketSelect });
  const agent = await tx.user.findFirst({ where: { id: principal.userId, active: true }, select: { id: true, name: true, email: true } });
  if (!agent) return null;
  return { ticket, agent };
}

async function snapshot(tx: Tx, ticket: LockedTicket): Promise<TicketSnapshot> {
  const last = await tx.ticketEvent.findFirst({
    where: { ticketId: ticket.id },
    orderBy: { createdAt: 'desc' },
    select: { actor: { select: { name: true, email: true } } },
  });
  return {
    version: ticket.version,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    assigneeId: ticket.assigneeId,
    assigneeName: ticket.assignee ? (ticket.assignee.name ?? ticket.assignee.email) : null,
    tags: ticket.tags,
    changedBy: last?.actor ? (last.actor.name ?? last.actor.email) : null,
  };
}

/**
 * The agent's status move, written with the rest of the agent's change by changeStatus under the version guard;
 * a refusal rolls back what the transaction wrote before it (the reply's message).
 */
async function moveStatus(
  tx: Tx,
  acting: Acting,
  move: Pick<ChangeStatusCommand, 'to' | 'now' | 'via' | 'expectedVersion' | 'alsoSet'>,
): Promise<CustomerStatusNotice | null> {
  const moved = await changeStatus(tx, { ...move, ticket: acting.ticket, actor: 'agent', actorId: acting.agent.id });
  if (moved.ok) return moved.value.notice;
  throw new Rollback<AgentActionError>(await refusal(tx, acting, moved.error));
}

async function refusal(tx: Tx, acting: Acting, error: ChangeStatusError): Promise<AgentActionError> {
  if (error.kind === 'invalid_transition') return error;
  return { kind: 'conflict', current: await snapshot(tx, acting.ticket) };
}

/** Writes the version-guarded update; zero rows means somebody changed the ticket since the agent looked. */
async function guardedUpdate(
  tx: Tx,
  acting: Acting,
  expectedVersion: number,
  data: Prisma.TicketUncheckedUpdateManyInput,
): Promise<number> {
  const { count } = await tx.ticket.updateMany({
    where: { id: acting.ticket.id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw new Rollback<AgentActionError>({ kind: 'conflict', current: await snapshot(tx, acting.ticket) });
  return expectedVersion + 1;
}

async function replayed(tx: Tx, ticketId: string, type: string, key: string | null): Promise<string | undefined> {
  if (!key) return undefined;
  return replayedMessageId(tx, ticketId, type, key);
}

/**
 * The agent's message (public reply or note) with its uploads and its event, which also records the
 * idempotency key a retried submit is recognised by. An upload that cannot be claimed rolls everything back.
 */
async function postMessage(
  tx: Tx,
  acting: Acting,
  post: {
    type: 'AGENT' | 'NOTE';
    event: string;
    input: { body: string; attachmentTokens: string[] };
    replayKey: string | null;
    now: Date;
    channel?: 'WEB' | 'PHONE';
  },
): Promise<{ messageId: string; attachmentCount: number }> {
  const { ticket, agent } = acting;
  const message = await tx.message.create({
    // Agents write replies and notes in Markdown (src/server/markdown); customers' messages stay TEXT.
    data: {
      ticketId: ticket.id,
      type: post.type,
      authorId: agent.id,
      channel: post.channel ?? 'WEB',
      body: post.input.body,
      format: 'MARKDOWN',
      createdAt: post.now,
    },
    select: { id: true },
  });
  const claimed = await claimUploads(tx, { tokens: post.input.attachmentTokens, ticketId: ticket.id, messageId: message.id });
  if (!claimed.ok) throw new Rollback<AgentActionError>({ kind: 'attachments', error: claimed.error });
  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      actorId: agent.id,
      type: post.event,
      data: { messageId: message.id, attachments: claimed.value.length, ...(post.replayKey ? { idempotencyKey: post.replayKey } : {}) },
      createdAt: post.now,
    },
  });
  return { messageId: message.id, attachmentCount: claimed.value.length };
}

/**
 * What a reply and a note share: the input parsed, the ticket the agent may act on locked, and a retried submit
 * (same idempotency key) answered with its first result instead of a second message. `post` does the rest.
 */
async function postAsAgent(
  command: NoteCommand,
  event: string,
  post: (
    tx: Tx,
    acting: Acting,
    posting: { input: z.infer<typeof replySchema>; replayKey: string | null },
  ) => Promise<AgentActionResult<Posted>>,
): Promise<AgentActionResult<Posted>> {
  const parsed = replySchema.safeParse({
    body: command.body,
    attachmentTokens: command.attachmentTokens,
    idempotencyKey: command.idempotencyKey,
  });
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const input = parsed.data;

  const work = async (tx: Tx): Promise<AgentActionResult<Posted>> => {
    const acting = await actOn(tx, command.number, command.principal);
    if (!acting) return err({ kind: 'not_found' });
    const { ticket, agent } = acting;
    const replayKey = input.idempotencyKey ? `${agent.id}:${input.idempotencyKey}` : null;
    const earlier = await replayed(tx, ticket.id, event, replayKey);
    if (earlier) return ok({ messageId: earlier, status: ticket.status, version: ticket.version, replayed: true });
    return post(tx, acting, { input, replayKey });
  };
  return command.inTransaction ? work(command.inTransaction) : transact<Posted>(work);
}

/**
 * The agent's public reply: a message in the thread, e-mailed to the reporter in their language. The first one
 * stamps `firstRespondedAt`. A new ticket becomes Otwarte unless the agent chose a status ("Wyślij i ustaw").
 */
export async function replyAsAgent(command: AgentReplyCommand): Promise<AgentActionResult<Posted>> {
  return postAsAgent(command, TICKET_EVENTS.agentReplied, async (tx, acting, { input, replayKey }) => {
    const { ticket, agent } = acting;
    if (ticket.version !== command.expectedVersion) return err({ kind: 'conflict', current: await snapshot(tx, ticket) });
    const from = ticket.status;
    const to = command.setStatus ?? (from === 'NEW' ? 'OPEN' : from);
    if (to !== from && !canTransition(from, to, 'agent')) return err({ kind: 'invalid_transition', from, to });

    const now = new Date();
    const posted = await postMessage(tx, acting, {
      type: 'AGENT',
      event: TICKET_EVENTS.agentReplied,
      input,
      replayKey,
      now,
      channel: command.channel,
    });
    const alsoSet = ticket.firstRespondedAt ? {} : { firstRespondedAt: now };
    let statusNotice: CustomerStatusNotice | null = null;
    let version = command.expectedVersion + 1;
    if (to !== from) {
      // The reply's e-mail tells the reporter of the move (statusNotice); changeStatus sends no second one.
      statusNotice = await moveStatus(tx, acting, { to, now, via: 'reply', expectedVersion: command.expectedVersion, alsoSet });
    } else {
      version = await guardedUpdate(tx, acting, command.expectedVersion, { ...alsoSet, lastActivityAt: now });
    }

    await mailReporterAndCollaborators(tx, {
      template: EMAIL_TEMPLATES.agentReply,
      ticket,
      render: (recipient) =>
        renderAgentReply({
          locale: recipient.locale,
          recipientName: recipient.name,
          ticketNumber: formatTicketNumber(ticket.number),
          subject: ticket.subject,
          agentName: agent.name,
          message: input.body,
          format: 'MARKDOWN',
          attachmentCount: posted.attachmentCount,
          statusNotice,
          statusLabel: translator(recipient.locale)(`ticket.customerStatus.${to}`),
          ticketUrl: recipient.ticketUrl,
        }),
    });
    return ok({ messageId: posted.messageId, status: to, version, replayed: false });
  });
}

/**
 * An internal note: for the team only (policy hides NOTE messages and their files from everyone else); never
 * e-mailed to the customer. The colleagues it @mentions (mentions.ts) are told.
 */
export async function addInternalNote(command: NoteCommand): Promise<AgentActionResult<Posted>> {
  return postAsAgent(command, TICKET_EVENTS.noteAdded, async (tx, acting, { input, replayKey }) => {
    const { ticket, agent } = acting;
    const now = new Date();
    const posted = await postMessage(tx, acting, {
      type: 'NOTE',
      event: TICKET_EVENTS.noteAdded,
      input,
      replayKey,
      now,
      channel: command.channel,
    });
    await tx.ticket.update({ where: { id: ticket.id }, data: { lastActivityAt: now } });
    if (input.body.includes('@')) {
      const staff = await tx.user.findMany({
        where: { active: true, role: { in: ['AGENT', 'ADMIN'] } },
        select: { id: true, name: true, email: true },
      });
      const mentionedIds = mentionedIn(input.body, staff).filter((id) => id !== agent.id);
      if (mentionedIds.length) {
        await notifyAgents(tx, {
          kind: 'mentioned',
          ticket: { id: ticket.id, number: ticket.number, subject: ticket.subject, status: ticket.status, assigneeId: ticket.assigneeId },
          customer: { name: ticket.reporter.name, email: ticket.reporter.email },
          message: input.body,
          author: agent,
          mentionedIds,
        });
      }
    }
    return ok({ messageId: posted.messageId, status: ticket.status, version: ticket.version, replayed: false });
  });
}

/**
 * Changes the ticket's status, priority, category, assignee and tags in one go, guarded by the version the agent
 * saw. Each changed field writes its own event; a status the customer cares about (waiting on them, solved,
 * closed, reopened) is e-mailed to the reporter.
 */
export async function updateTicket(command: UpdateTicketCommand): Promise<AgentActionResult<Updated>> {
  const parsed = changesSchema.safeParse(command.changes);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const changes = parsed.data;

  return transact<Updated>(async (tx) => {
    const acting = await actOn(tx, command.number, command.principal);
    if (!acting) return err({ kind: 'not_found' });
    const { ticket, agent } = acting;
    if (ticket.version !== command.expectedVersion) return err({ kind: 'conflict', current: await snapshot(tx, ticket) });

    const changed: (keyof TicketChanges)[] = [];
    const events: { type: string; data: Prisma.InputJsonObject }[] = [];
    const now = new Date();
    const data: Prisma.TicketUncheckedUpdateManyInput = {};

    const from = ticket.status;
    if (changes.status !== undefined && changes.status !== from) {
      if (!canTransition(from, changes.status, 'agent')) return err({ kind: 'invalid_transition', from, to: changes.status });
      changed.push('status');
    }
    if (changes.priority !== undefined && changes.priority !== ticket.priority) {
      data.priority = changes.priority;
      events.push({ type: TICKET_EVENTS.priorityChanged, data: { from: ticket.priority, to: changes.priority } });
      changed.push('priority');
    }
    if (changes.category !== undefined && changes.category !== ticket.category) {
      data.category = changes.category;
      events.push({ type: TICKET_EVENTS.categoryChanged, data: { from: ticket.category, to: changes.category } });
      changed.push('category');
    }
    let assigneeId: string | null | undefined;
    if (changes.assigneeId !== undefined && changes.assigneeId !== ticket.assigneeId) {
      const assignee = changes.assigneeId
        ? await tx.user.findFirst({
            where: { id: changes.assigneeId, active: true, role: { in: ['AGENT', 'ADMIN'] } },
            select: { id: true, name: true, email: true },
          })
        : null;
      if (changes.assigneeId && !assignee) return err({ kind: 'invalid', fieldErrors: { assigneeId: ['agent.ticket.errors.assignee'] } });
      assigneeId = assignee?.id ?? null;
      events.push({
        type: TICKET_EVENTS.assigned,
        data: {
          from: ticket.assigneeId,
          to: assigneeId,
          fromName: ticket.assignee ? (ticket.assignee.name ?? ticket.assignee.email) : null,
          toName: assignee ? (assignee.name ?? assignee.email) : null,
        },
      });
      changed.push('assigneeId');
    }
    if (changes.tags !== undefined) {
      const added = changes.tags.filter((tag) => !ticket.tags.includes(tag));
      const removed = ticket.tags.filter((tag) => !changes.tags?.includes(tag));
      if (added.length || removed.length) {
        data.tags = changes.tags;
        events.push({ type: TICKET_EVENTS.tagsChanged, data: { added, removed } });
        changed.push('tags');
      }
    }
    if (!changed.length) return ok({ version: ticket.version, changed });

    const alsoSet = { ...data, ...(assigneeId !== undefined ? { assigneeId } : {}) };
    // A status move writes the other fields with it (and its event, and the reporter's e-mail when it concerns them).
    let version = command.expectedVersion + 1;
    if (changes.status !== undefined && changed.includes('status')) {
      await moveStatus(tx, acting, { to: changes.status, now, expectedVersion: command.expectedVersion, alsoSet });
    } else {
      version = await guardedUpdate(tx, acting, command.expectedVersion, { ...alsoSet, lastActivityAt: now });
    }
    if (events.length) {
      await tx.ticketEvent.createMany({
        data: events.map((event) => ({ ticketId: ticket.id, actorId: agent.id, type: event.type, data: event.data, createdAt: now })),
      });
    }
    return ok({ version, changed });
  });
}
