import { z } from 'zod';
import { db, type Tx } from '@/server/db/client';
import { transact as transactWith } from '@/server/db/transact';
import { customerRoleOn, isStaff, type Principal } from '@/server/auth/policy';
import { env } from '@/server/env';
import { parseReplyAddress } from '@/server/mail/threading';
import { err, ok, type Result } from '@/server/result';
import { TICKET_EVENTS } from './events';
import { emailSchema, toFieldErrors, type FieldErrors } from './schemas';

/**
 * People copied on a ticket (CC) besides its reporter, e.g. a colleague at the same merchant. They get the ticket's
 * public e-mails (agents' replies, status changes), each with a reply address and a ticket link of their own, and
 * their e-mail replies thread into the ticket as customer replies. The reporter (or their company's admin) and
 * any agent may add or remove them; the Cc: of an inbound mail adds them too. A collaborator is a customer user
 * (created on first use, like a reporter by e-mail), never staff, never the reporter, never our own address.
 */

/** Enough for a merchant's team; a longer list is a mailing list, not a conversation. */
export const COLLABORATOR_LIMIT = 10;

export const collaboratorInputSchema = z.object({ email: emailSchema });

export type CollaboratorError = { kind: 'not_found' } | { kind: 'invalid'; fieldErrors: FieldErrors };

export interface Collaborator {
  userId: string;
  email: string;
  name: string | null;
  locale: string;
}

/** The people copied on a ticket, oldest first, with what their e-mails need. */
export async function collaboratorsOf(tx: Tx, ticketId: string): Promise<Collaborator[]> {
  const rows = await tx.ticketCollaborator.findMany({
    where: { ticketId },
    orderBy: { createdAt: 'asc' },
    select: { userId: true, user: { select: { email: true, name: true, locale: true, active: true } } },
  });
  return rows.filter((row) => row.user.active).map((row) => ({ userId: row.userId, ...row.user }));
}

/** Our own addresses (the support mailbox, its plus-addressed reply addresses) are never collaborators. */
function isOwnAddress(email: string): boolean {
  const support = env().SUPPORT_EMAIL.toLowerCase();
  return email === support || parseReplyAddress(email) !== null;
}

/**
 * Adds `emails` (already lower-cased and valid) to the ticket's collaborators, inside the caller's transaction:
 * the reporter, staff, our own addresses, people already on it and anyone past COLLABORATOR_LIMIT are skipped.
 * Records one event with the addresses added. Returns the addresses added.
 */
export async function addCollaborators(
  tx: Tx,
  input: { ticketId: string; emails: readonly string[]; addedById: string | null; names?: ReadonlyMap<string, string> },
): Promise<string[]> {
  const ticket = await tx.ticket.findUniqueOrThrow({
    where: { id: input.ticketId },
    select: { reporter: { select: { email: true } }, collaborators: { select: { user: { select: { email: true } } } } },
  });
  const present = new Set([ticket.reporter.email.toLowerCase(), ...ticket.collaborators.map((c) => c.user.email.toLowerCase())]);
  const room = COLLABORATOR_LIMIT - ticket.collaborators.length;
  const candidates = [...new Set(input.emails.map((email) => email.toLowerCase()))].filter(
    (email) => !present.has(email) && !isOwnAddress(email),
  );
  if (room <= 0 || !candidates.length) return [];
  const existing = await tx.user.findMany({ where: { email: { in: candidates } }, select: { id: true, email: true, role: true } });
  const byEmail = new Map(existing.map((user) => [user.email, user]));
  const added: string[] = [];
  for (const email of candidates) {
    if (added.length >= room) break;
    const known = byEmail.get(email);
    if (known && known.role !== 'CUSTOMER') continue;
    const user =
      known ??
      (await tx.user.upsert({
        where: { email },
        create: { email, name: input.names?.get(email) ?? null },
        update: {},
        select: { id: true, email: true, role: true },
      }));
    if (user.role !== 'CUSTOMER') continue;
    await tx.ticketCollaborator.create({ data: { ticketId: input.ticketId, userId: user.id, addedById: input.addedById } });
    added.push(email);
  }
  if (added.length) {
    await tx.ticketEvent.create({
      data: { ticketId: input.ticketId, actorId: input.addedById, type: TICKET_EVENTS.collaboratorsAdded, data: { emails: added } },
    });
  }
  return added;
}

const transact = <T>(work: (tx: Tx) => Promise<Result<T, CollaboratorError>>) => transactWith<T, CollaboratorError>(work);

/** Locks the ticket and says who acts on its CC list: every agent, or the reporter (or their company's admin). */
async function actOnCollaborators(tx: Tx, principal: Principal, number: number) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Ticket" WHERE "number" = ${number} FOR NO KEY UPDATE`;
  const id = rows[0]?.id;
  if (!id) return null;
  const ticket = await tx.ticket.findUniqueOrThrow({
    where: { id },
    select: { id: true, reporterId: true, companyId: true, reporter: { select: { email: true } } },
  });
  if (isStaff(principal)) return { ticket, actorId: principal.kind === 'user' ? principal.userId : null };
  const role = customerRoleOn(principal, { ...ticket, reporterEmail: ticket.reporter.email });
  if (role !== 'reporter' && role !== 'companyAdmin') return null;
  return { ticket, actorId: principal.kind === 'user' ? principal.userId : ticket.reporterId };
}

/** "Dodaj osobę do wiadomości": an agent or the reporter copies someone on the ticket. */
export async function addCollaborator(command: {
  principal: Principal;
  number: number;
  email: unknown;
}): Promise<Result<{ added: boolean }, CollaboratorError>> {
  const parsed = collaboratorInputSchema.safeParse({ email: command.email });
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  return transact(async (tx) => {
    const acting = await actOnCollaborators(tx, command.principal, command.number);
    if (!acting) return err({ kind: 'not_found' });
    const added = await addCollaborators(tx, { ticketId: acting.ticket.id, emails: [parsed.data.email], addedById: acting.actorId });
    if (!added.length) return err({ kind: 'invalid', fieldErrors: { email: ['agentsWork.cc.errors.notAdded'] } });
    return ok({ added: true });
  });
}

/** Takes someone off the ticket's CC list: they get no more of its e-mails, and their old links stop opening it. */
export async function removeCollaborator(command: {
  principal: Principal;
  number: number;
  email: unknown;
}): Promise<Result<{ removed: boolean }, CollaboratorError>> {
  const parsed = collaboratorInputSchema.safeParse({ email: command.email });
  if (!parsed.success) return err({ kind: 'invalid', fieldErrors: toFieldErrors(parsed.error) });
  return transact(async (tx) => {
    const acting = await actOnCollaborators(tx, command.principal, command.number);
    if (!acting) return err({ kind: 'not_found' });
    const { count } = await tx.ticketCollaborator.deleteMany({ where: { ticketId: acting.ticket.id, user: { email: parsed.data.email } } });
    if (count) {
      await tx.ticketEvent.create({
        data: {
          ticketId: acting.ticket.id,
          actorId: acting.actorId,
          type: TICKET_EVENTS.collaboratorRemoved,
          data: { email: parsed.data.email },
        },
      });
    }
    return ok({ removed: count > 0 });
  });
}

/**
 * The CC list as the portal shows it: to the ticket's reporter and their company's admin only (who may manage it),
 * null to anyone else (a collaborator sees the thread, not who else is copied).
 */
export async function collaboratorsForCustomer(principal: Principal, number: number): Promise<Collaborator[] | null> {
  if (isStaff(principal)) return null;
  const ticket = await db().ticket.findUnique({
    where: { number },
    select: { id: true, reporterId: true, companyId: true, reporter: { select: { email: true } } },
  });
  if (!ticket) return null;
  const role = customerRoleOn(principal, { ...ticket, reporterEmail: ticket.reporter.email });
  if (role !== 'reporter' && role !== 'companyAdmin') return null;
  return collaboratorsOf(db(), ticket.id);
}
