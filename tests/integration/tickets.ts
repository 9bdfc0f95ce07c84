import { db } from '@/server/db/client';
import { createTicket } from '@/server/tickets/create';
import { ticketFieldsSchema } from '@/server/tickets/schemas';

/** A web ticket filed by `email` (Anna Nowak), and the confirmation the outbox wrote for it, with its reply address. */
export async function ticketWithConfirmation(email: string, actual = 'Kasa odrzuca kod GIFT-1234.') {
  const created = await createTicket({
    fields: ticketFieldsSchema.parse({ category: 'TECHNICAL_ERROR', subject: 'Voucher nie działa w kasie', actual }),
    reporter: { email, name: 'Anna Nowak' },
    channel: 'WEB',
  });
  if (!created.ok) throw new Error('ticket not created');
  const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: created.value.id, template: 'ticket.received' } });
  const replyTo = (confirmation.headers as Record<string, string>)['Reply-To']!;
  return { ticket: created.value, confirmation, replyTo };
}
