import { canAccessAdmin, type Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { err, ok, type Result } from '@/server/result';
import { formatTicketNumber, parseTicketNumber } from '@/server/tickets/numbering';
import { toFieldErrors, type FieldErrors } from '@/server/tickets/schemas';
import { recordAudit } from './audit';
import { legalHoldSchema } from './schemas';

/**
 * Legal holds: a ticket or a company whose data must be kept (a dispute, a court or tax authority request). While
 * one is active, erasure of anyone it concerns, and retention clean-up of those tickets, stop with the reason.
 */

export type HoldError = { kind: 'forbidden' } | { kind: 'not_found' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export interface HoldRow {
  id: string;
  target: { kind: 'ticket'; number: string } | { kind: 'company'; name: string };
  reason: string;
  createdAt: Date;
  createdBy: string | null;
}

function adminId(principal: Principal): string | null {
  return principal.kind === 'user' && canAccessAdmin(principal) ? principal.userId : null;
}

export async function placeLegalHold(principal: Principal, input: unknown): Promise<Result<{ id: string }, HoldError>> {
  const actorId = adminId(principal);
  if (!actorId) return err({ kind: 'forbidden' });
  const parsed = legalHoldSchema.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  let ticketId: string | null = null;
  let companyId: string | null = null;
  if (parsed.data.ticket) {
    const number = parseTicketNumber(parsed.data.ticket);
    const ticket = number ? await db().ticket.findUnique({ where: { number }, select: { id: true } }) : null;
    if (!ticket) return err({ kind: 'invalid', fieldErrors: { ticket: ['rodo.errors.ticketNotFound'] } });
    ticketId = ticket.id;
  } else if (parsed.data.companyId) {
    const company = await db().company.findUnique({ where: { id: parsed.data.companyId }, select: { id: true } });
    if (!company) return err({ kind: 'invalid', fieldErrors: { companyId: ['rodo.errors.holdTarget'] } });
    companyId = company.id;
  }
  const hold = await db().$transaction(async (tx) => {
    const created = await tx.legalHold.create({
      data: { ticketId, companyId, reason: parsed.data.reason, createdById: actorId },
      select: { id: true },
    });
    await recordAudit({ actorId, action: 'legal_hold.placed', details: { holdId: created.id, ticketId, companyId } }, tx);
    return created;
  });
  return ok(hold);
}

export async function releaseLegalHold(principal: Principal, holdId: unknown): Promise<Result<null, HoldError>> {
  const actorId = adminId(principal);
  if (!actorId) return err({ kind: 'forbidden' });
  if (typeof holdId !== 'string' || !/^[0-9a-f-]{36}$/i.test(holdId)) return err({ kind: 'not_found' });
  const released = await db().$transaction(async (tx) => {
    const { count } = await tx.legalHold.updateMany({
      where: { id: holdId, releasedAt: null },
      data: { releasedAt: new Date(), releasedById: actorId },
    });
    if (count) await recordAudit({ actorId, action: 'legal_hold.released', details: { holdId } }, tx);
    return count;
  });
  return released ? ok(null) : err({ kind: 'not_found' });
}

export async function listActiveHolds(): Promise<HoldRow[]> {
  const holds = await db().legalHold.findMany({ where: { releasedAt: null }, orderBy: { createdAt: 'desc' } });
  const ticketIds = holds.flatMap((h) => (h.ticketId ? [h.ticketId] : []));
  const companyIds = holds.flatMap((h) => (h.companyId ? [h.companyId] : []));
  const creatorIds = holds.flatMap((h) => (h.createdById ? [h.createdById] : []));
  const [tickets, companies, creators] = await Promise.all([
    db().ticket.findMany({ where: { id: { in: ticketIds } }, select: { id: true, number: true } }),
    db().company.findMany({ where: { id: { in: companyIds } }, select: { id: true, name: true } }),
    db().user.findMany({ where: { id: { in: creatorIds } }, select: { id: true, name: true, email: true } }),
  ]);
  const numbers = new Map(tickets.map((t) => [t.id, t.number]));
  const names = new Map(companies.map((c) => [c.id, c.name]));
  const people = new Map(creators.map((u) => [u.id, u.name ?? u.email]));
  return holds.map((hold) => ({
    id: hold.id,
    target: hold.ticketId
      ? { kind: 'ticket' as const, number: formatTicketNumber(numbers.get(hold.ticketId) ?? 0) }
      : { kind: 'company' as const, name: names.get(hold.companyId ?? '') ?? '' },
    reason: hold.reason,
    createdAt: hold.createdAt,
    createdBy: hold.createdById ? (people.get(hold.createdById) ?? null) : null,
  }));
}

export async function listCompanies(): Promise<{ id: string; name: string }[]> {
  return db().company.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true }, take: 500 });
}
