import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-file-from-email-'));

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');

/**
 * What e-mail's way in writes into a ticket of its own: a mail with no subject, a one-word subject or a one-line
 * text still files a valid ticket, with the catalogue's Polish fallback texts (the default locale).
 */

function raw(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer({ messageId: `<${randomUUID()}@mail.example.pl>`, date: new Date(), ...mail }).compile().build();
}

const sender = () => `jan.${randomUUID().slice(0, 8)}@sklep.pl`;

async function filed(mail: ConstructorParameters<typeof MailComposer>[0]) {
  const outcome = await ingestEmail(await raw({ to: 'wsparcie@vouchie.localhost', ...mail }), { source: 'webhook' });
  if (outcome.kind !== 'created') throw new Error(`not filed: ${outcome.kind}`);
  return db().ticket.findUniqueOrThrow({ where: { number: Number(outcome.ticketNumber.slice(4)) }, include: { messages: true } });
}

describe('fileTicketFromEmail', () => {
  it('files a mail without a subject under the catalogue title, and marks a too short text as an e-mail', async () => {
    const ticket = await filed({ from: sender(), subject: '', text: 'Pomocy' });
    expect(ticket).toMatchObject({ channel: 'EMAIL', category: 'OTHER', subject: 'Wiadomość e-mail bez tematu' });
    expect(ticket.messages[0]?.body).toBe('Pomocy (wiadomość e-mail)');
  });

  it('marks a subject too short for a ticket as an e-mail, and keeps a long enough text as it is', async () => {
    const ticket = await filed({ from: sender(), subject: 'Kod', text: 'Kod GIFT-7Q2K nie działa w kasie.' });
    expect(ticket.subject).toBe('Kod (e-mail)');
    expect(ticket.messages[0]?.body).toBe('Kod GIFT-7Q2K nie działa w kasie.');
  });

  it('writes the review note for a reply link in someone else’s hands from the catalogue', async () => {
    const created = await createTicket({
      fields: ticketFieldsSchema.parse({ category: 'OTHER', subject: 'Voucher nie działa', actual: 'Pojawia się komunikat, że wygasł.' }),
      reporter: { email: sender(), name: 'Anna Nowak' },
      channel: 'WEB',
    });
    if (!created.ok) throw new Error('ticket not created');
    const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: created.value.id, template: 'ticket.received' } });
    const replyTo = (confirmation.headers as Record<string, string>)['Reply-To']!;

    const outcome = await ingestEmail(
      await raw({ from: 'ktos.inny@example.pl', to: replyTo, subject: 'Fwd: voucher', text: 'Przekazuję dalej.' }),
      { source: 'smtp' },
    );
    expect(outcome.kind).toBe('flagged');
    const note = await db().message.findFirstOrThrow({ where: { ticketId: created.value.id, type: 'NOTE' } });
    expect(note.body).toMatch(
      /^E-mail od ktos\.inny@example\.pl, który nie jest zgłaszającym, przyszedł z linkiem odpowiedzi tego zgłoszenia\. /,
    );
    expect(note.body).toContain('\n\nTemat: Fwd: voucher\n\nPrzekazuję dalej.');
  });
});
