import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { err, ok, type Result } from '@/server/result';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { formatTicketNumber } from '@/server/tickets/numbering';
import { recordAudit } from './audit';
import { erasureOf } from './erasure';
import { collectPersonData, exportFileName, zipPersonExport, type ExportScope, type ExportSummary } from './export';
import { personLookupSchema, purposeSchema, PRIVACY_LIMITS, type PrivacyPurpose } from './schemas';

/**
 * Who may export whose data, and the audit trail of it. A customer exports only themselves (the session's user:
 * no id comes from the request, so there is nothing to guess); an admin exports anyone, giving a purpose. Exports
 * too large to stream at once (PRIVACY_EXPORT_INLINE_MAX_MB of attachments) go through the worker (export-jobs.ts).
 */

export type AccessError =
  | { kind: 'forbidden' }
  | { kind: 'not_found' }
  | { kind: 'invalid'; fieldErrors: FieldErrors }
  | { kind: 'too_large'; summary: ExportSummary };

export interface ExportDownload {
  fileName: string;
  stream: NodeJS.ReadableStream;
  summary: ExportSummary;
}

function inlineLimitBytes(): number {
  return env().PRIVACY_EXPORT_INLINE_MAX_MB;
}

async function download(
  subjectId: string,
  scope: ExportScope,
  audit: { actorId: string; purpose: PrivacyPurpose | 'self_service'; caseRef: string | null },
): Promise<Result<ExportDownload, AccessError>> {
  const collected = await collectPersonData(subjectId, scope);
  if (!collected) return err({ kind: 'not_found' });
  if (collected.summary.attachmentBytes > inlineLimitBytes()) return err({ kind: 'too_large', summary: collected.summary });
  await recordAudit({
    actorId: audit.actorId,
    action: 'export.downloaded',
    subjectId,
    purpose: audit.purpose,
    caseRef: audit.caseRef,
    details: { scope, ...collected.summary },
  });
  return ok({ fileName: exportFileName(scope, subjectId), stream: zipPersonExport(collected), summary: collected.summary });
}

/** "Moje dane": the signed-in person's own data, public thread only. Guests and e-mailed ticket links get nothing. */
export async function exportOwnData(principal: Principal): Promise<Result<ExportDownload, AccessError>> {
  if (principal.kind !== 'user') return err({ kind: 'forbidden' });
  return download(principal.userId, 'self', { actorId: principal.userId, purpose: 'self_service', caseRef: null });
}

/** An admin's export of anyone's data (everything, notes included), with the purpose they gave. */
export async function exportPersonData(
  principal: Principal,
  subjectId: string,
  purposeInput: unknown,
  caseRefInput: unknown,
): Promise<Result<ExportDownload, AccessError>> {
  if (principal.kind !== 'user' || !canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const purpose = purposeSchema.safeParse(purposeInput);
  if (!purpose.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(purpose.error) });
  const caseRef = typeof caseRefInput === 'string' ? caseRefInput.trim().slice(0, PRIVACY_LIMITS.caseRef) || null : null;
  return download(subjectId, 'admin', { actorId: principal.userId, purpose: purpose.data, caseRef });
}

const VIEW_DEDUPE_MS = 15 * 60_000;

export interface PersonSummary {
  id: string;
  name: string | null;
  email: string;
  role: string;
  active: boolean;
  companyName: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  tickets: { number: string; subject: string; status: string; createdAt: Date }[];
  counts: { tickets: number; messages: number; attachments: number; attachmentBytes: number; emails: number; signIns: number };
  erasure: { number: number; step: string; completedAt: Date | null } | null;
  exportInline: boolean;
}

/** Finds a person by e-mail for an admin, recording the view (and why) in the audit log. */
export async function lookUpPerson(principal: Principal, input: unknown): Promise<Result<{ id: string }, AccessError>> {
  if (principal.kind !== 'user' || !canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  const parsed = personLookupSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  const user = await db().user.findUnique({ where: { email: parsed.data.email }, select: { id: true } });
  if (!user) return err({ kind: 'invalid', fieldErrors: { email: ['rodo.errors.personNotFound'] } });
  await recordAudit({
    actorId: principal.userId,
    action: 'person.viewed',
    subjectId: user.id,
    purpose: parsed.data.purpose,
    caseRef: parsed.data.caseRef,
  });
  return ok({ id: user.id });
}

/** What the admin's person page shows: who, how much data, and whether the export fits a direct download. */
export async function personSummary(principal: Principal, subjectId: string): Promise<Result<PersonSummary, AccessError>> {
  if (principal.kind !== 'user' || !canAccessAdmin(principal)) return err({ kind: 'forbidden' });
  if (!/^[0-9a-f-]{36}$/i.test(subjectId)) return err({ kind: 'not_found' });
  const client = db();
  const user = await client.user.findUnique({
    where: { id: subjectId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      createdAt: true,
      lastSignInAt: true,
      company: { select: { name: true } },
    },
  });
  if (!user) return err({ kind: 'not_found' });
  // Opening a person's data is recorded (the look-up form records it with its purpose; a reload within the quarter
  // hour is the same look).
  const recent = await client.privacyAuditEntry.count({
    where: { actorId: principal.userId, subjectId: user.id, action: 'person.viewed', at: { gt: new Date(Date.now() - VIEW_DEDUPE_MS) } },
  });
  if (!recent) await recordAudit({ actorId: principal.userId, action: 'person.viewed', subjectId: user.id });
  const [tickets, ticketCount, messages, attachments, emails, signIns, erasure] = await Promise.all([
    client.ticket.findMany({
      where: { reporterId: user.id },
      orderBy: { number: 'desc' },
      take: 20,
      select: { number: true, subject: true, status: true, createdAt: true },
    }),
    client.ticket.count({ where: { reporterId: user.id } }),
    client.message.count({ where: { authorId: user.id } }),
    client.attachment.aggregate({
      where: { OR: [{ uploaderId: user.id }, { ticket: { reporterId: user.id } }] },
      _count: true,
      _sum: { size: true },
    }),
    client.outboundEmail.count({ where: { toEmail: user.email } }),
    client.signInEvent.count({ where: { userId: user.id } }),
    erasureOf(user.id),
  ]);
  const attachmentBytes = attachments._sum.size ?? 0;
  return ok({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    active: user.active,
    companyName: user.company?.name ?? null,
    createdAt: user.createdAt,
    lastSignInAt: user.lastSignInAt,
    tickets: tickets.map((t) => ({ number: formatTicketNumber(t.number), subject: t.subject, status: t.status, createdAt: t.createdAt })),
    counts: { tickets: ticketCount, messages, attachments: attachments._count, attachmentBytes, emails, signIns },
    erasure,
    exportInline: attachmentBytes <= inlineLimitBytes(),
  });
}

/** The customer's "Moje dane" page: how much there is, and whether it downloads at once or comes by e-mail. */
export async function ownDataSummary(
  principal: Principal,
): Promise<Result<{ tickets: number; attachmentBytes: number; inline: boolean }, AccessError>> {
  if (principal.kind !== 'user') return err({ kind: 'forbidden' });
  const [tickets, bytes] = await Promise.all([
    db().ticket.count({ where: { reporterId: principal.userId } }),
    db().attachment.aggregate({
      where: { ticket: { reporterId: principal.userId }, message: { type: { not: 'NOTE' } } },
      _sum: { size: true },
    }),
  ]);
  const attachmentBytes = bytes._sum.size ?? 0;
  return ok({ tickets, attachmentBytes, inline: attachmentBytes <= inlineLimitBytes() });
}
