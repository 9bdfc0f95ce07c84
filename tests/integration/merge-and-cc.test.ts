import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';
import { db } from '@/server/db/client';
import { ingestEmail } from '@/server/mail/inbound/ingest';
import { addInternalNote, replyAsAgent } from '@/server/tickets/agent-actions';
import { addCollaborator, removeCollaborator } from '@/server/tickets/collaborators';
import { mergeTickets } from '@/server/tickets/merge';
import { getTicketForPrincipal } from '@/server/tickets/queries';
import { ticketWithConfirmation } from './tickets';

const tag = () => randomUUID().slice(0, 8);

function mail(headers: string[], lines: string[]): Buffer {
  return Buffer.from(
    [
      ...headers,
      `Message-ID: <${randomUUID()}@kwiaciarnia.pl>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      ...lines,
      '',
    ].join('\r\n'),
  );
}

async function agent(): Promise<{ id: string; email: string; principal: Principal }> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: 'Ewa Agentka', role: 'AGENT' } });
  return { ...user, principal: { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false } };
}

function replyToOf(email: { headers: unknown }): string {
  return (email.headers as Record<string, string>)['Reply-To']!;
}

async function version(number: number) {
  return (await db().ticket.findUniqueOrThrow({ where: { number }, select: { version: true } })).version;
}

describe('people copied on a ticket', () => {
  it('get the agent’s public reply with their own reply address, and their e-mailed answer threads in', async () => {
    const staff = await agent();
    const reporter = `anna.${tag()}@kwiaciarnia.pl`;
    const colleague = `piotr.${tag()}@kwiaciarnia.pl`;
    const { ticket } = await ticketWithConfirmation(reporter);

    expect((await addCollaborator({ principal: staff.principal, number: ticket.number, email: colleague.toUpperCase() })).ok).toBe(true);
    // Staff, the reporter and a second copy of the same person are not collaborators.
    expect((await addCollaborator({ principal: staff.principal, number: ticket.number, email: staff.email })).ok).toBe(false);
    expect((await addCollaborator({ principal: staff.principal, number: ticket.number, email: reporter })).ok).toBe(false);

    const replied = await replyAsAgent({
      principal: staff.principal,
      number: ticket.number,
      body: 'Sprawdzamy.',
      expectedVersion: await version(ticket.number),
    });
    expect(replied.ok).toBe(true);
    const toColleague = await db().outboundEmail.findFirstOrThrow({
      where: { ticketId: ticket.id, template: 'agent.reply', toEmail: colleague },
    });
    expect(toColleague.text).toContain('Sprawdzamy.');
    const toReporter = await db().outboundEmail.findFirstOrThrow({
      where: { ticketId: ticket.id, template: 'agent.reply', toEmail: reporter },
    });
    expect(replyToOf(toColleague)).not.toBe(replyToOf(toReporter));

    const outcome = await ingestEmail(
      mail(
        [`From: Piotr <${colleague}>`, `To: ${replyToOf(toColleague)}`, `Subject: Re: ${toColleague.subject}`],
        ['U mnie też nie działa na drugiej kasie.'],
      ),
      { source: 'smtp' },
    );
    expect(outcome.kind).toBe('replied');
    const message = await db().message.findFirstOrThrow({
      where: { ticketId: ticket.id, body: { contains: 'drugiej kasie' } },
      include: { author: true },
    });
    expect(message.type).toBe('CUSTOMER');
    expect(message.author?.email).toBe(colleague);

    expect((await removeCollaborator({ principal: staff.principal, number: ticket.number, email: colleague })).ok).toBe(true);
    const view = await getTicketForPrincipal(ticket.number, staff.principal);
    expect(view?.collaborators).toEqual([]);
  });

  it('are kept from the Cc: of an inbound mail', async () => {
    const reporter = `jan.${tag()}@spa.pl`;
    const boss = `szefowa.${tag()}@spa.pl`;
    const { ticket, replyTo } = await ticketWithConfirmation(reporter);
    const outcome = await ingestEmail(
      mail(
        [`From: <${reporter}>`, `To: ${replyTo}`, `Cc: Szefowa <${boss}>, wsparcie@vouchie.localhost`, 'Subject: Re: kod'],
        ['Dodaję szefową do wiadomości.'],
      ),
      { source: 'smtp' },
    );
    expect(outcome.kind).toBe('replied');
    const copied = await db().ticketCollaborator.findMany({ where: { ticketId: ticket.id }, include: { user: true } });
    expect(copied.map((c) => c.user.email)).toEqual([boss]);
    expect(copied[0]?.user.name).toBe('Szefowa');
  });
});

describe('merging a duplicate', () => {
  it('moves the thread, files and identifiers, closes the duplicate with a link, tells its reporter, and routes replies to the target', async () => {
    const staff = await agent();
    const first = await ticketWithConfirmation(`marta.${tag()}@hotel.pl`, 'Kod GIFT-1 nie przechodzi w kasie.');
    const duplicate = await ticketWithConfirmation(`tomek.${tag()}@hotel.pl`, 'Kod GIFT-2 też nie przechodzi.');
    await db().ticketIdentifier.create({ data: { ticketId: duplicate.ticket.id, kind: 'VOUCHER_CODE', value: 'GIFT-2' } });
    await addInternalNote({ principal: staff.principal, number: duplicate.ticket.number, body: 'Ten sam błąd co w pierwszym.' });

    const merged = await mergeTickets({
      principal: staff.principal,
      sourceNumber: duplicate.ticket.number,
      target: first.ticket.displayNumber,
    });
    expect(merged.ok).toBe(true);

    const source = await db().ticket.findUniqueOrThrow({
      where: { id: duplicate.ticket.id },
      include: { messages: true, identifiers: true },
    });
    expect(source.status).toBe('CLOSED');
    expect(source.mergedIntoId).toBe(first.ticket.id);
    expect(source.messages).toHaveLength(0);
    expect(source.identifiers).toHaveLength(0);
    const target = await db().ticket.findUniqueOrThrow({
      where: { id: first.ticket.id },
      include: { messages: true, identifiers: true, collaborators: { include: { user: true } } },
    });
    expect(target.messages.map((m) => m.body)).toEqual(
      expect.arrayContaining(['Kod GIFT-2 też nie przechodzi.', 'Ten sam błąd co w pierwszym.', 'Kod GIFT-1 nie przechodzi w kasie.']),
    );
    expect(target.identifiers.map((i) => i.value)).toContain('GIFT-2');
    expect(target.collaborators.map((c) => c.user.email)).toEqual([duplicate.ticket.reporterEmail]);

    // The duplicate's reporter is told, once; no separate "closed" status e-mail.
    const toDuplicateReporter = await db().outboundEmail.findMany({
      where: { ticketId: duplicate.ticket.id, toEmail: duplicate.ticket.reporterEmail },
    });
    expect(toDuplicateReporter.map((m) => m.template).sort()).toEqual(['ticket.merged', 'ticket.received']);
    expect(toDuplicateReporter.find((m) => m.template === 'ticket.merged')?.text).toContain(first.ticket.displayNumber);

    // Merging it again, or into itself, is refused.
    expect(
      await mergeTickets({ principal: staff.principal, sourceNumber: duplicate.ticket.number, target: first.ticket.displayNumber }),
    ).toMatchObject({
      ok: false,
    });

    // A reply to the duplicate's first e-mail lands in the target, as the duplicate reporter's reply.
    const outcome = await ingestEmail(
      mail(
        [`From: <${duplicate.ticket.reporterEmail}>`, `To: ${duplicate.replyTo}`, `Subject: Re: ${duplicate.confirmation.subject}`],
        ['Czy jest już poprawka?'],
      ),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'replied', ticketNumber: first.ticket.displayNumber });
    const reply = await db().message.findFirstOrThrow({ where: { body: 'Czy jest już poprawka?' } });
    expect(reply.ticketId).toBe(first.ticket.id);
    expect(reply.type).toBe('CUSTOMER');
  });
});
