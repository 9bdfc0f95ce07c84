import { randomUUID } from 'node:crypto';
import type { Role } from '@/generated/prisma/enums';
import { acceptUpload } from '@/server/attachments';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { addInternalNote } from '@/server/tickets/agent-actions';
import { createTicket } from '@/server/tickets/create';
import { ticketFieldsSchema } from '@/server/tickets/schemas';

/** People and tickets for the RODO tests, made through the domain functions (uploads, tickets, notes). */

export const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

export const tag = () => randomUUID().slice(0, 8);

export interface Person {
  id: string;
  email: string;
  name: string;
  principal: Principal;
}

export async function person(
  name: string,
  {
    role = 'CUSTOMER',
    companyId = null,
    isCompanyAdmin = false,
  }: { role?: Role; companyId?: string | null; isCompanyAdmin?: boolean } = {},
): Promise<Person> {
  const email = `${name.split(' ')[0]!.toLowerCase()}.${tag()}@example.pl`;
  const user = await db().user.create({ data: { email, name, role, companyId, isCompanyAdmin, externalId: `usr-${tag()}` } });
  return { id: user.id, email, name, principal: { kind: 'user', userId: user.id, role, companyId, isCompanyAdmin } };
}

export async function company(name = `Sklep ${tag()}`) {
  return db().company.create({ data: { name, externalId: `cmp-${tag()}`, plan: 'BIZNES' } });
}

export async function upload(fileName = 'zrzut.png', uploaderId: string | null = null): Promise<string> {
  const result = await acceptUpload({ fileName, bytes: PNG, uploaderId });
  if (!result.ok) throw new Error(`upload refused: ${result.error.code}`);
  return result.value.token;
}

/**
 * A ticket by `reporter` with a screenshot, a personal identifier (a customer's e-mail), the raw e-mail of a reply,
 * an agent's internal note with its own file, and a rating with a comment.
 */
export async function ticketWithEverything(reporter: Person, agent: Person, { companyId = null }: { companyId?: string | null } = {}) {
  const created = await createTicket({
    fields: ticketFieldsSchema.parse({
      category: 'TECHNICAL_ERROR',
      subject: `Kasa odrzuca voucher ${reporter.name}`,
      actual: `Klientka ${reporter.email} dostaje błąd VOUCHER_EXPIRED.`,
      identifiers: [
        { kind: 'VOUCHER_CODE', value: 'GIFT-7Q2K-9M4P' },
        { kind: 'CUSTOMER_EMAIL', value: `klientka.${tag()}@gmail.com` },
      ],
    }),
    reporter: { userId: reporter.id },
    channel: 'WEB',
    attachmentTokens: [await upload('zrzut.png', reporter.id)],
  });
  if (!created.ok) throw new Error('ticket not created');
  const ticket = await db().ticket.update({
    where: { id: created.value.id },
    data: { companyId: companyId ?? undefined, rating: 4, ratingComment: `Dziękuję, ${reporter.name}`, ratedAt: new Date() },
    select: { id: true, number: true },
  });
  await db().ticketEvent.create({
    data: { ticketId: ticket.id, actorId: reporter.id, type: 'ticket.rated', data: { rating: 4, comment: `Dziękuję, ${reporter.name}` } },
  });
  await db().inboundEmail.create({
    data: {
      messageId: `<${tag()}@example.pl>`,
      source: 'smtp',
      fromEmail: reporter.email,
      subject: 'Re: voucher',
      size: 40,
      raw: Buffer.from(`From: ${reporter.email}\r\nSubject: Re: voucher\r\n\r\nNadal nie działa.`),
      status: 'PROCESSED',
      ticketId: ticket.id,
    },
  });
  const note = await addInternalNote({
    principal: agent.principal,
    number: ticket.number,
    body: 'Notatka: sprawdzić konfigurację kasy.',
    attachmentTokens: [await upload('notatka.png', agent.id)],
  });
  if (!note.ok) throw new Error('note not added');
  return ticket;
}
