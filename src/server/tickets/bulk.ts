import { z } from 'zod';
import { listQueue } from '@/server/agent/queue';
import type { QueueQuery } from '@/server/agent/views';
import { isStaff, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { err, ok, type Result } from '@/server/result';
import { TAG_LIMITS, updateTicket, type AgentActionError, type TicketChanges } from './agent-actions';
import { parseTicketNumber } from './numbering';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, toFieldErrors, type FieldErrors } from './schemas';
import { TICKET_STATUSES } from './status';

/**
 * Bulk actions from the queue: one change (assign, status, priority, category, a tag added) to many tickets. Each
 * ticket is changed by updateTicket, in a transaction of its own, exactly as if the agent had made the change on
 * its page: the same checks (a status move the ticket's status does not allow is refused for that ticket alone),
 * the same activity events, the same e-mail to the customer when it concerns them. One ticket's refusal does not
 * stop the others. A ticket somebody changed meanwhile is read again and changed once more.
 */

/** At most this many tickets in one go ("select all matching the filter" stops here). */
export const BULK_LIMIT = 500;

export const bulkChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assign'), assigneeId: z.uuid({ error: 'agentsWork.bulk.errors.invalid' }).nullable() }),
  z.object({ kind: z.literal('status'), status: z.enum(TICKET_STATUSES, { error: 'agentsWork.bulk.errors.invalid' }) }),
  z.object({ kind: z.literal('priority'), priority: z.enum(TICKET_PRIORITIES, { error: 'agentsWork.bulk.errors.invalid' }) }),
  z.object({ kind: z.literal('category'), category: z.enum(TICKET_CATEGORIES, { error: 'agentsWork.bulk.errors.invalid' }) }),
  z.object({
    kind: z.literal('addTag'),
    tag: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, { error: 'agentsWork.bulk.errors.invalid' })
      .max(TAG_LIMITS.length, { error: 'errors.invalid' }),
  }),
]);
export type BulkChange = z.infer<typeof bulkChangeSchema>;

/** Ticket numbers as the queue shows them (`VCH-10001`) or bare. */
export const bulkNumbersSchema = z
  .array(z.union([z.string(), z.number()]))
  .min(1, { error: 'agentsWork.bulk.errors.nothing' })
  .max(BULK_LIMIT, { error: 'errors.invalid' })
  .transform((values, ctx) => {
    const numbers = values.map((value) => (typeof value === 'number' ? value : parseTicketNumber(value)));
    if (numbers.some((number) => number === null || !Number.isInteger(number))) {
      ctx.addIssue({ code: 'custom', message: 'errors.invalid' });
      return z.NEVER;
    }
    return [...new Set(numbers as number[])];
  });

export type BulkError = { kind: 'not_found' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export interface BulkOutcome {
  /** Tickets the change was written to. */
  changed: number[];
  /** Tickets already so (nothing to write). */
  unchanged: number[];
  /** Tickets the change was refused for, and why (an invalid status move, gone, …). */
  refused: { number: number; reason: AgentActionError['kind'] }[];
}

function changesFor(change: BulkChange, tags: string[]): TicketChanges {
  switch (change.kind) {
    case 'assign':
      return { assigneeId: change.assigneeId };
    case 'status':
      return { status: change.status };
    case 'priority':
      return { priority: change.priority };
    case 'category':
      return { category: change.category };
    case 'addTag':
      return { tags: tags.includes(change.tag) ? tags : [...tags, change.tag] };
  }
}

export async function bulkUpdateTickets(command: {
  principal: Principal;
  numbers: unknown;
  change: unknown;
}): Promise<Result<BulkOutcome, BulkError>> {
  if (!isStaff(command.principal)) return err({ kind: 'not_found' });
  const numbers = bulkNumbersSchema.safeParse(command.numbers);
  if (!numbers.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(numbers.error) });
  const change = bulkChangeSchema.safeParse(command.change);
  if (!change.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(change.error) });

  const outcome: BulkOutcome = { changed: [], unchanged: [], refused: [] };
  for (const number of numbers.data.sort((a, b) => a - b)) {
    const result = await updateOne(command.principal, number, change.data);
    if (result.kind === 'changed') outcome.changed.push(number);
    else if (result.kind === 'unchanged') outcome.unchanged.push(number);
    else outcome.refused.push({ number, reason: result.reason });
  }
  return ok(outcome);
}

type One = { kind: 'changed' } | { kind: 'unchanged' } | { kind: 'refused'; reason: AgentActionError['kind'] };

async function updateOne(principal: Principal, number: number, change: BulkChange): Promise<One> {
  // Twice at most: a ticket changed by someone between our read and our write is read again once.
  for (let attempt = 0; attempt < 2; attempt++) {
    const current = await db().ticket.findUnique({ where: { number }, select: { version: true, tags: true } });
    if (!current) return { kind: 'refused', reason: 'not_found' };
    const result = await updateTicket({ principal, number, expectedVersion: current.version, changes: changesFor(change, current.tags) });
    if (result.ok) return result.value.changed.length ? { kind: 'changed' } : { kind: 'unchanged' };
    if (result.error.kind !== 'conflict') return { kind: 'refused', reason: result.error.kind };
  }
  return { kind: 'refused', reason: 'conflict' };
}

/** "Select all matching the filter": the numbers of every ticket the queue query matches, up to BULK_LIMIT. */
export async function ticketNumbersMatching(principal: Principal, query: QueueQuery): Promise<number[]> {
  const numbers: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await listQueue(principal, { ...query, cursor }, 100);
    if (!page) return [];
    for (const row of page.rows) {
      const number = parseTicketNumber(row.number);
      if (number !== null) numbers.push(number);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && numbers.length < BULK_LIMIT);
  return numbers.slice(0, BULK_LIMIT);
}
