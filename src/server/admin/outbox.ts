import type { Prisma } from '@/generated/prisma/client';
import type { OutboundEmailStatus } from '@/generated/prisma/enums';
import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { transact } from '@/server/db/transact';
import { env } from '@/server/env';
import { childLogger } from '@/server/logger';
import { BOUNCE_EXEMPT_TEMPLATES } from '@/server/mail/outbound/caps';
import { OUTBOX_CHANNEL } from '@/server/mail/outbound/outbox';
import { EMAIL_TEMPLATES } from '@/server/mail/outbound/templates';
import { err, ok, type Result } from '@/server/result';
import { formatTicketNumber, parseTicketNumber } from '@/server/tickets/numbering';
import type { OutboxQuery, OutboxStatusFilter } from './outbox-schemas';

/**
 * The captured outbox for admins (/agent/admin/poczta): every e-mail the app wrote, newest first, with its
 * delivery state, and a retry for the ones that did not go out (FAILED after all attempts, or SUPPRESSED by a
 * bounce or a storm cap). Admin-only: anyone else gets `forbidden`, since mail bodies carry signed ticket links.
 */

const audit = childLogger({ module: 'admin-outbox' });

export const OUTBOX_PAGE_SIZE = 50;

const STATUS_BY_FILTER: Record<Exclude<OutboxStatusFilter, 'all'>, OutboundEmailStatus> = {
  pending: 'PENDING',
  sent: 'SENT',
  captured: 'CAPTURED',
  failed: 'FAILED',
  suppressed: 'SUPPRESSED',
};

/** The template names the filter offers (the stored column is free text; these are the ones the app writes). */
export const KNOWN_TEMPLATES: readonly string[] = [...new Set<string>([...Object.values(EMAIL_TEMPLATES), 'auth.magicLink'])].sort();

export type OutboxError = { kind: 'forbidden' } | { kind: 'not_found' };

export interface OutboxRow {
  id: string;
  toEmail: string;
  toName: string | null;
  subject: string;
  template: string;
  ticketNumber: string | null;
  status: OutboundEmailStatus;
  attempts: number;
  lastError: string | null;
  smtpResponse: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
}

export interface OutboxPage {
  rows: OutboxRow[];
  /** Cursor for the next (older) page, or null at the end. */
  nextCursor: string | null;
  /** True when there is no SMTP_URL: mail is captured to files, never sent. */
  captureMode: boolean;
}

export interface OutboxEmailDetail extends OutboxRow {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string>;
  text: string;
  html: string;
  retryable: boolean;
  /** The recipient is still marked as hard-bounced: a retry would be suppressed again until that is cleared. */
  recipientBounced: { at: Date; reason: string | null } | null;
}

const rowSelect = {
  id: true,
  toEmail: true,
  toName: true,
  subject: true,
  template: true,
  status: true,
  attempts: true,
  lastError: true,
  smtpResponse: true,
  createdAt: true,
  sentAt: true,
  nextAttemptAt: true,
  ticket: { select: { number: true } },
} as const;

type SelectedRow = Prisma.OutboundEmailGetPayload<{ select: typeof rowSelect }>;

function toRow({ ticket, ...row }: SelectedRow): OutboxRow {
  return { ...row, ticketNumber: ticket ? formatTicketNumber(ticket.number) : null };
}

/** `createdAt|id` of a page's last row; ties on createdAt are broken by id, so no row is skipped or repeated. */
function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) return null;
  return { createdAt, id };
}

export function isRetryable(status: OutboundEmailStatus): boolean {
  return status === 'FAILED' || status === 'SUPPRESSED';
}

export async function listOutbox(
  principal: Principal,
  query: OutboxQuery,
  pageSize = OUTBOX_PAGE_SIZE,
): Promise<Result<OutboxPage, OutboxError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const where: Prisma.OutboundEmailWhereInput[] = [];
  if (query.status !== 'all') where.push({ status: STATUS_BY_FILTER[query.status] });
  if (query.template) where.push({ template: query.template });
  if (query.q) {
    const number = parseTicketNumber(query.q);
    where.push(number !== null ? { ticket: { number } } : { toEmail: { contains: query.q.toLowerCase() } });
  }
  const after = decodeCursor(query.after);
  if (after) {
    where.push({ OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] });
  }

  const found = await db().outboundEmail.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: pageSize + 1,
    select: rowSelect,
  });
  const rows = found.slice(0, pageSize).map(toRow);
  const last = rows.at(-1);
  return ok({ rows, nextCursor: found.length > pageSize && last ? encodeCursor(last) : null, captureMode: !env().SMTP_URL });
}

function storedHeaders(value: Prisma.JsonValue | null): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export async function getOutboundEmail(principal: Principal, id: string): Promise<Result<OutboxEmailDetail, OutboxError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const row = await db().outboundEmail.findUnique({
    where: { id },
    select: { ...rowSelect, messageId: true, inReplyTo: true, references: true, headers: true, text: true, html: true },
  });
  if (!row) return err({ kind: 'not_found' });
  const bounced = await db().user.findFirst({
    where: { email: row.toEmail.toLowerCase(), emailBouncedAt: { not: null } },
    select: { emailBouncedAt: true, emailBounceReason: true },
  });
  const { messageId, inReplyTo, references, headers, text, html, ...listed } = row;
  return ok({
    ...toRow(listed),
    messageId,
    inReplyTo,
    references,
    headers: storedHeaders(headers),
    text,
    html,
    retryable: isRetryable(row.status),
    recipientBounced:
      bounced?.emailBouncedAt && !BOUNCE_EXEMPT_TEMPLATES.has(row.template)
        ? { at: bounced.emailBouncedAt, reason: bounced.emailBounceReason }
        : null,
  });
}

export type RetryError =
  | OutboxError
  /** Only FAILED and SUPPRESSED rows are retried; a PENDING one is on its way, a SENT one went out. */
  | { kind: 'not_retryable'; status: OutboundEmailStatus }
  /** The worker would suppress it again: the bounce mark must be cleared first (on the reporter's card). */
  | { kind: 'recipient_bounced' };

/**
 * Puts a FAILED or SUPPRESSED e-mail back in the queue as if it were new: PENDING, no attempts, due now. The
 * row keeps its Message-ID, so it is the same message, threaded as before.
 *
 * A suppressed row is not stopped by its cap again: caps are decided once, when enqueueEmail writes the row,
 * and the worker never re-checks them, so a retry needs no flag: the admin's click is the override. A
 * hard-bounce is re-checked at sending time (the address may have bounced since), so while the recipient is
 * still marked, the retry is refused with a pointer to clearing the mark instead of silently failing again.
 */
export async function retryOutboundEmail(
  principal: Principal,
  id: string,
  now = new Date(),
): Promise<Result<{ status: OutboundEmailStatus }, RetryError>> {
  if (!canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  return transact<{ status: OutboundEmailStatus }, RetryError>(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: OutboundEmailStatus; toEmail: string; template: string }[]>`
      SELECT "status", "toEmail", "template" FROM "OutboundEmail" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (!row) return err({ kind: 'not_found' });
    if (!isRetryable(row.status)) return err({ kind: 'not_retryable', status: row.status });
    if (!BOUNCE_EXEMPT_TEMPLATES.has(row.template)) {
      const bounced = await tx.user.count({ where: { email: row.toEmail.toLowerCase(), emailBouncedAt: { not: null } } });
      if (bounced) return err({ kind: 'recipient_bounced' });
    }
    await tx.outboundEmail.update({
      where: { id },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null, lastError: null, smtpResponse: null, sentAt: null },
    });
    await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
    audit.info(
      { outboundEmailId: id, adminId: principal.kind === 'user' ? principal.userId : null, previousStatus: row.status },
      'outbound e-mail retried',
    );
    return ok({ status: 'PENDING' });
  });
}
