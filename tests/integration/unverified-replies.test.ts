import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';

// Our MX's Authentication-Results are believed; env() is read lazily, so this precedes its first use.
process.env.INBOUND_TRUSTED_AUTHSERV_IDS = 'mx.vouchie.localhost';

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { getTicketForPrincipal } = await import('@/server/tickets/queries');
const { acceptUnverifiedReply } = await import('@/server/tickets/unverified-replies');
const { signTicketLink, verifyTicketLink } = await import('@/server/auth/ticket-link');

const tag = () => randomUUID().slice(0, 8);

async function reporterTicket() {
  const email = `anna.${tag()}@sklep-przyklad.pl`;
  const created = await createTicket({
    fields: ticketFieldsSchema.parse({
      category: 'TECHNICAL_ERROR',
      subject: 'Voucher nie działa w kasie',
      actual: 'Kasa odrzuca kod GIFT-1234.',
    }),
    reporter: { email, name: 'Anna Nowak' },
    channel: 'WEB',
  });
  if (!created.ok) throw new Error('ticket not created');
  const grant = verifyTicketLink(signTicketLink(created.value.id, email));
  if (!grant) throw new Error('link did not verify');
  const asReporter: Principal = { kind: 'ticketLink', grant };
  return { email, ticket: created.value, asReporter };
}

/** A reply that names its ticket only by the subject tag: sent to the plain support address, no In-Reply-To. */
function tagOnlyReply({
  from,
  number,
  text,
  authResults = [],
}: {
  from: string;
  number: string;
  text: string;
  authResults?: string[];
}): Buffer {
  return Buffer.from(
    [
      ...authResults.map((value) => `Authentication-Results: ${value}`),
      `From: Anna Nowak <${from}>`,
      'To: wsparcie@vouchie.localhost',
      `Subject: Re: [${number}] Voucher nie działa w kasie`,
      `Message-ID: <${randomUUID()}@sklep-przyklad.pl>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
    ].join('\r\n'),
  );
}

const publicBodies = async (number: number, principal: Principal) =>
  ((await getTicketForPrincipal(number, principal))?.messages ?? []).map((m) => m.body);

async function agent(): Promise<Principal> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: 'Ewa Dąbrowska', role: 'AGENT' } });
  return { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
}

describe('replies threaded by the subject tag alone', () => {
  it('keep a forged From: of the reporter out of the customer thread, as an unverified note', async () => {
    const { email, ticket, asReporter } = await reporterTicket();
    const forged = 'Rezygnuję, proszę zamknąć zgłoszenie i przelać zwrot na konto 12 3456.';
    const outcome = await ingestEmail(tagOnlyReply({ from: email, number: ticket.displayNumber, text: forged }), { source: 'smtp' });
    expect(outcome).toMatchObject({ kind: 'unverified', ticketNumber: ticket.displayNumber });

    expect(await publicBodies(ticket.number, asReporter)).not.toContain(forged);
    const stored = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, body: forged } });
    expect(stored).toMatchObject({ type: 'NOTE', unverifiedSender: true, channel: 'EMAIL' });
    expect(await db().message.count({ where: { ticketId: ticket.id, type: 'CUSTOMER', channel: 'EMAIL' } })).toBe(0);
  });

  it('ignore Authentication-Results from an MTA we do not trust, and a failed check from one we do', async () => {
    const { email, ticket } = await reporterTicket();
    const untrusted = await ingestEmail(
      tagOnlyReply({
        from: email,
        number: ticket.displayNumber,
        text: 'Pierwsza',
        authResults: ['mx.attacker.example; dmarc=pass header.from=sklep-przyklad.pl'],
      }),
      { source: 'smtp' },
    );
    const failed = await ingestEmail(
      tagOnlyReply({
        from: email,
        number: ticket.displayNumber,
        text: 'Druga',
        authResults: ['mx.vouchie.localhost; spf=fail smtp.mailfrom=anna@sklep-przyklad.pl; dmarc=fail header.from=sklep-przyklad.pl'],
      }),
      { source: 'smtp' },
    );
    const otherDomain = await ingestEmail(
      tagOnlyReply({
        from: email,
        number: ticket.displayNumber,
        text: 'Trzecia',
        authResults: ['mx.vouchie.localhost; dkim=pass header.d=attacker.example'],
      }),
      { source: 'smtp' },
    );
    expect([untrusted.kind, failed.kind, otherDomain.kind]).toEqual(['unverified', 'unverified', 'unverified']);
  });

  it("file the reply as the reporter's when our MTA shows DMARC, DKIM or SPF passing for the sender", async () => {
    const { email, ticket, asReporter } = await reporterTicket();
    const results = [
      'mx.vouchie.localhost; dmarc=pass (p=reject) header.from=sklep-przyklad.pl',
      'mx.vouchie.localhost 1; dkim=pass header.d=sklep-przyklad.pl header.s=s1',
      'mx.vouchie.localhost;\r\n\tspf=pass smtp.mailfrom=bounce@mail.sklep-przyklad.pl',
    ];
    for (const [i, result] of results.entries()) {
      const text = `Dziękuję, działa (${i}).`;
      const outcome = await ingestEmail(tagOnlyReply({ from: email, number: ticket.displayNumber, text, authResults: [result] }), {
        source: 'smtp',
      });
      expect(outcome.kind).toBe('replied');
    }
    expect(await publicBodies(ticket.number, asReporter)).toEqual(
      expect.arrayContaining(['Dziękuję, działa (0).', 'Dziękuję, działa (1).', 'Dziękuję, działa (2).']),
    );
  });

  it("lets an agent accept an unverified reply with one call: it becomes the reporter's public reply", async () => {
    const { email, ticket, asReporter } = await reporterTicket();
    const text = `Zrzut ekranu w załączniku ${tag()}`;
    await ingestEmail(tagOnlyReply({ from: email, number: ticket.displayNumber, text }), { source: 'smtp' });
    const note = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, body: text } });

    expect(await acceptUnverifiedReply(asReporter, { ticketNumber: ticket.number, messageId: note.id })).toEqual({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(await acceptUnverifiedReply(await agent(), { ticketNumber: ticket.number, messageId: note.id })).toEqual({
      ok: true,
      value: { accepted: true },
    });

    const accepted = await db().message.findUniqueOrThrow({ where: { id: note.id }, include: { author: true } });
    expect(accepted).toMatchObject({ type: 'CUSTOMER', unverifiedSender: false });
    expect(accepted.author?.email).toBe(email);
    expect(await publicBodies(ticket.number, asReporter)).toContain(text);
    expect(await db().ticketEvent.count({ where: { ticketId: ticket.id, type: 'email.unverified_reply_accepted' } })).toBe(1);
  });

  it('refuses to "accept" an ordinary internal note', async () => {
    const { ticket } = await reporterTicket();
    const note = await db().message.create({ data: { ticketId: ticket.id, type: 'NOTE', body: 'Notatka zespołu' } });
    expect(await acceptUnverifiedReply(await agent(), { ticketNumber: ticket.number, messageId: note.id })).toEqual({
      ok: false,
      error: { kind: 'not_found' },
    });
  });
});
