import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { holdLock, race } from './race';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-ingest-'));
process.env.INBOUND_WEBHOOK_SECRET = 'inbound-webhook-secret-0123456789';

const { db } = await import('@/server/db/client');
const { ticketWithConfirmation } = await import('./tickets');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { parseRawEmail } = await import('@/server/mail/inbound/parse');
const { classifyEmail } = await import('@/server/mail/inbound/classify');
const { startSmtpReceiver } = await import('@/server/mail/inbound/smtp-receiver');
const { replyAsAgent } = await import('@/server/tickets/agent-actions');
const { getAgentTicketView } = await import('@/server/agent/ticket-view');

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function raw(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer({ messageId: `<${randomUUID()}@mail.example.pl>`, date: new Date(), ...mail }).compile().build();
}

/**
 * A receiving server's delivery status notification (RFC 3464) for one of our mails: the report names the
 * recipient with a permanent failure (5.1.1) and quotes the headers of the mail that bounced.
 */
function hardBounceOf(original: { to: string; messageId: string; subject: string }): Buffer {
  const boundary = `b-${randomUUID()}`;
  return Buffer.from(
    [
      'Return-Path: <>',
      'From: MAILER-DAEMON@mx.przyklad.pl (Mail Delivery System)',
      'To: wsparcie@vouchie.localhost',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@mx.przyklad.pl>`,
      `Date: ${new Date().toUTCString()}`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `<${original.to}>: host mx.przyklad.pl said: 550 5.1.1 User unknown`,
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.przyklad.pl',
      '',
      `Final-Recipient: rfc822; ${original.to}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${original.to}>: Recipient address rejected: User unknown`,
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      'From: Wsparcie Vouchie <wsparcie@vouchie.localhost>',
      `To: ${original.to}`,
      `Subject: ${original.subject.replace(/[^\x20-\x7e]/g, '?')}`,
      `Message-ID: ${original.messageId}`,
      'Auto-Submitted: auto-generated',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

/** Every file in the storage folder: the attachments' bytes. */
function storedFiles(): string[] {
  return readdirSync(process.env.STORAGE_DIR!, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const reporter = () => `anna.${randomUUID().slice(0, 8)}@kwiaciarnia.pl`;

describe('ingestEmail', () => {
  it('threads a reply to the Reply-To address into its ticket, without the quoted text, with its attachment', async () => {
    const email = reporter();
    const { ticket, confirmation, replyTo } = await ticketWithConfirmation(email);
    const outcome = await ingestEmail(
      await raw({
        from: `Anna Nowak <${email}>`,
        to: replyTo,
        subject: `Re: ${confirmation.subject}`,
        inReplyTo: confirmation.messageId,
        references: [confirmation.messageId],
        text: `Dodaję zrzut ekranu z kasy.\n\nW dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <wsparcie@vouchie.localhost> napisał(a):\n> Otrzymaliśmy Twoje zgłoszenie`,
        attachments: [{ filename: 'kasa.png', content: PNG }],
      }),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'replied', ticketNumber: ticket.displayNumber });
    const messages = await db().message.findMany({
      where: { ticketId: ticket.id },
      orderBy: { createdAt: 'asc' },
      include: { attachments: true },
    });
    expect(messages).toHaveLength(2);
    expect(messages[1]).toMatchObject({ type: 'CUSTOMER', channel: 'EMAIL', body: 'Dodaję zrzut ekranu z kasy.' });
    expect(messages[1]?.attachments.map((a) => a.fileName)).toEqual(['kasa.png']);
  });

  it('threads a reply by its signed reply address alone, with no In-Reply-To, References or ticket tag', async () => {
    const email = reporter();
    const { ticket, replyTo } = await ticketWithConfirmation(email);
    // A client that drops the thread headers and a reporter who rewrote the subject: only the address is left.
    const mail = await raw({ from: email, to: replyTo, subject: 'Jeszcze w sprawie kasy', text: 'Kasa nadal odrzuca kod.' });
    expect(mail.toString('utf8')).not.toMatch(/^(in-reply-to|references):/im);
    expect(mail.toString('utf8')).not.toContain(ticket.displayNumber);
    expect(await ingestEmail(mail, { source: 'smtp' })).toMatchObject({ kind: 'replied', ticketNumber: ticket.displayNumber });
    const last = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'desc' } });
    expect(last).toMatchObject({ type: 'CUSTOMER', channel: 'EMAIL', body: 'Kasa nadal odrzuca kod.' });
  });

  it('processes a second delivery of the same message once', async () => {
    const email = reporter();
    const { replyTo, confirmation, ticket } = await ticketWithConfirmation(email);
    const message = await raw({ from: email, to: replyTo, subject: `Re: ${confirmation.subject}`, text: 'Jeszcze jedno pytanie.' });
    expect((await ingestEmail(message, { source: 'smtp' })).kind).toBe('replied');
    expect((await ingestEmail(message, { source: 'imap' })).kind).toBe('duplicate');
    expect(await db().message.count({ where: { ticketId: ticket.id } })).toBe(2);
  });

  it('files a new request once when two deliveries of it race each other, and records it with its ticket', async () => {
    const email = reporter();
    const subject = `Dwa razy ta sama wiadomość ${randomUUID().slice(0, 8)}`;
    const message = await raw({ from: email, to: 'wsparcie@vouchie.localhost', subject, text: 'Proszę o fakturę zbiorczą za listopad.' });
    // Forced: another session holds an uncommitted record under the mail's Message-ID, so both deliveries are under
    // way before either can commit; it is rolled back once both wait.
    const { messageId } = await parseRawEmail(message);
    const lock = await holdLock([
      {
        sql: `INSERT INTO "InboundEmail" ("id", "messageId", "source", "size", "raw") VALUES (gen_random_uuid(), $1, 'test', 0, '\\x00'::bytea)`,
        params: [messageId],
      },
    ]);
    const outcomes = await race(lock, [() => ingestEmail(message, { source: 'smtp' }), () => ingestEmail(message, { source: 'imap' })]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'duplicate']);
    const tickets = await db().ticket.findMany({ where: { subject }, select: { id: true } });
    expect(tickets).toHaveLength(1);
    const records = await db().inboundEmail.findMany({ where: { subject } });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'PROCESSED', ticketId: tickets[0]!.id, outcome: { kind: 'created' } });
    expect(Buffer.from(records[0]!.raw).equals(message)).toBe(true);
  });

  it('keeps the attachment of a new request delivered twice at once once: one row, one stored file, no bytes of the loser left', async () => {
    const email = reporter();
    const subject = `Zrzut dwa razy ${randomUUID().slice(0, 8)}`;
    const message = await raw({
      from: email,
      to: 'wsparcie@vouchie.localhost',
      subject,
      text: 'Zrzut ekranu kasy w załączniku.',
      attachments: [{ filename: 'kasa.png', content: PNG }],
    });
    const { messageId } = await parseRawEmail(message);
    const filesBefore = storedFiles().length;
    const lock = await holdLock([
      {
        sql: `INSERT INTO "InboundEmail" ("id", "messageId", "source", "size", "raw") VALUES (gen_random_uuid(), $1, 'test', 0, '\\x00'::bytea)`,
        params: [messageId],
      },
    ]);
    const outcomes = await race(lock, [() => ingestEmail(message, { source: 'smtp' }), () => ingestEmail(message, { source: 'imap' })]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'duplicate']);
    const ticket = await db().ticket.findFirstOrThrow({ where: { subject }, select: { id: true } });
    const attachments = await db().attachment.findMany({ where: { ticketId: ticket.id } });
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ fileName: 'kasa.png', uploadToken: null, size: PNG.length });
    expect(await db().attachment.count({ where: { ticketId: null, uploadSource: 'email' } })).toBe(0);
    // Both deliveries stored the bytes before their transactions; the one whose rows rolled back removed its copy.
    expect(storedFiles()).toHaveLength(filesBefore + 1);
  });

  it('files a reply with an attachment delivered twice at once once: one message, one row, one stored file', async () => {
    const email = reporter();
    const { ticket, confirmation, replyTo } = await ticketWithConfirmation(email);
    const message = await raw({
      from: email,
      to: replyTo,
      subject: `Re: ${confirmation.subject}`,
      inReplyTo: confirmation.messageId,
      text: 'Zrzut ekranu kasy w załączniku.',
      attachments: [{ filename: 'kasa.png', content: PNG }],
    });
    const { messageId } = await parseRawEmail(message);
    const filesBefore = storedFiles().length;
    // Forced: another session holds the ticket's row, so both deliveries wait at the reply's first statement (the
    // SQL fast path's lock) and go on one after the other once it is let go: the second meets the first's message.
    const lock = await holdLock([{ sql: `SELECT 1 FROM "Ticket" WHERE "id" = $1::uuid FOR UPDATE`, params: [ticket.id] }]);
    const outcomes = await race(lock, [() => ingestEmail(message, { source: 'smtp' }), () => ingestEmail(message, { source: 'imap' })]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['duplicate', 'replied']);
    expect(await db().message.count({ where: { emailMessageId: messageId } })).toBe(1);
    expect(await db().inboundEmail.count({ where: { messageId } })).toBe(1);
    const attachments = await db().attachment.findMany({ where: { ticketId: ticket.id } });
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ fileName: 'kasa.png', uploadToken: null, uploadSource: null });
    expect(storedFiles()).toHaveLength(filesBefore + 1);
  });

  it('keeps a mail whose processing failed as FAILED, with the error, and processes it when it is delivered again', async () => {
    const subject = `AWARIA-TEST ${randomUUID().slice(0, 8)}`;
    // A database that refuses the ticket in the middle of the transaction, as a real outage would.
    await db().$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION refuse_test_ticket() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.subject LIKE 'AWARIA-TEST%' THEN RAISE EXCEPTION 'storage offline'; END IF; RETURN NEW; END $$`,
    );
    await db().$executeRawUnsafe(
      `CREATE TRIGGER refuse_test_ticket BEFORE INSERT ON "Ticket" FOR EACH ROW EXECUTE FUNCTION refuse_test_ticket()`,
    );
    const message = await raw({
      from: reporter(),
      to: 'wsparcie@vouchie.localhost',
      subject,
      text: 'Kasa nie przyjmuje vouchera od rana.',
    });
    try {
      await expect(ingestEmail(message, { source: 'smtp' })).rejects.toThrow('storage offline');
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_test_ticket ON "Ticket"`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_test_ticket()`);
    }
    const failed = await db().inboundEmail.findFirstOrThrow({ where: { subject } });
    expect(failed).toMatchObject({ status: 'FAILED', ticketId: null });
    expect(failed.error).toContain('storage offline');
    expect(Buffer.from(failed.raw).equals(message)).toBe(true);
    expect(await db().ticket.count({ where: { subject } })).toBe(0);

    // The sending server retries after our temporary error: this time the mail goes through, once.
    expect(await ingestEmail(message, { source: 'smtp' })).toMatchObject({ kind: 'created' });
    expect(await db().ticket.count({ where: { subject } })).toBe(1);
    expect(await db().inboundEmail.findMany({ where: { subject }, select: { status: true } })).toEqual([{ status: 'PROCESSED' }]);
    expect((await ingestEmail(message, { source: 'smtp' })).kind).toBe('duplicate');
  });

  it('reopens a resolved ticket when its reporter replies', async () => {
    const email = reporter();
    const { ticket, replyTo, confirmation } = await ticketWithConfirmation(email);
    await db().ticket.update({ where: { id: ticket.id }, data: { status: 'RESOLVED', resolvedAt: new Date() } });
    const outcome = await ingestEmail(
      await raw({ from: email, to: replyTo, subject: `Re: ${confirmation.subject}`, text: 'Niestety problem wrócił.' }),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'replied', reopened: true });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('OPEN');
  });

  it('opens a linked follow-up when the ticket was closed', async () => {
    const email = reporter();
    const { ticket, replyTo, confirmation } = await ticketWithConfirmation(email);
    await db().ticket.update({ where: { id: ticket.id }, data: { status: 'CLOSED', closedAt: new Date() } });
    const outcome = await ingestEmail(
      await raw({ from: email, to: replyTo, subject: `Re: ${confirmation.subject}`, text: 'Mam kolejny problem z tym voucherem.' }),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'follow_up', followUpOf: ticket.displayNumber });
    const followUp = await db().ticket.findFirstOrThrow({ where: { followUpOfId: ticket.id } });
    expect(followUp.reporterId).toBe((await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).reporterId);
  });

  it('turns a valid reply token from someone else into an internal note for review, never a public message', async () => {
    const { ticket, replyTo, confirmation } = await ticketWithConfirmation(reporter());
    const outcome = await ingestEmail(
      await raw({ from: 'ktos.inny@example.pl', to: replyTo, subject: `Fwd: ${confirmation.subject}`, text: 'Przekazuję dalej.' }),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'flagged', ticketNumber: ticket.displayNumber });
    const messages = await db().message.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => m.type)).toEqual(['CUSTOMER', 'NOTE']);
    expect(messages[1]?.body).toContain('ktos.inny@example.pl');
  });

  it('flags, never posts, a reply whose token was signed for its sender when that sender is not the reporter', async () => {
    // An agent answering the new-ticket notification: the Reply-To token is theirs, valid for their address.
    const agent = await db().user.create({ data: { email: `agent.${randomUUID().slice(0, 8)}@vouchie.pl`, name: 'Ewa', role: 'AGENT' } });
    const { ticket } = await ticketWithConfirmation(reporter());
    const notification = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: ticket.id, toEmail: agent.email } });
    const agentReplyTo = (notification.headers as Record<string, string>)['Reply-To']!;
    const outcome = await ingestEmail(
      await raw({ from: agent.email, to: agentReplyTo, subject: `Re: ${notification.subject}`, text: 'Biorę to.' }),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'flagged', ticketNumber: ticket.displayNumber });
    const messages = await db().message.findMany({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(messages.map((m) => m.type)).toEqual(['CUSTOMER', 'NOTE']);
    await db().user.update({ where: { id: agent.id }, data: { active: false } });
  });

  it('threads by a [VCH-n] subject tag only for the reporter; anyone else opens a new ticket', async () => {
    const email = reporter();
    const { ticket } = await ticketWithConfirmation(email);
    const tagged = `Pytanie [${ticket.displayNumber}]`;
    // No authenticated sender here: the reply waits for an agent (tests/integration/unverified-replies.test.ts).
    expect(
      await ingestEmail(await raw({ from: email, to: 'wsparcie@vouchie.localhost', subject: tagged, text: 'Czy są już postępy?' }), {
        source: 'smtp',
      }),
    ).toMatchObject({
      kind: 'unverified',
      ticketNumber: ticket.displayNumber,
    });
    const stranger = await ingestEmail(
      await raw({ from: 'obcy@example.pl', to: 'wsparcie@vouchie.localhost', subject: tagged, text: 'Chcę zobaczyć to zgłoszenie.' }),
      { source: 'smtp' },
    );
    expect(stranger.kind).toBe('created');
    expect(stranger).not.toMatchObject({ ticketNumber: ticket.displayNumber });
  });

  it('opens a new ticket (channel EMAIL) for a new request, reporter taken from From', async () => {
    const email = `nowy.${randomUUID().slice(0, 8)}@spa.pl`;
    const outcome = await ingestEmail(
      await raw({
        from: `Katarzyna Nowak <${email}>`,
        to: 'wsparcie@vouchie.localhost',
        subject: 'Jak zmienić szablon vouchera?',
        text: 'Chcę zmienić kolor tła w szablonie świątecznym.',
      }),
      { source: 'webhook' },
    );
    expect(outcome.kind).toBe('created');
    if (outcome.kind !== 'created') return;
    const ticket = await db().ticket.findUniqueOrThrow({
      where: { number: Number(outcome.ticketNumber.slice(4)) },
      include: { reporter: true, messages: true },
    });
    expect(ticket).toMatchObject({ channel: 'EMAIL', subject: 'Jak zmienić szablon vouchera?', category: 'OTHER' });
    expect(ticket.reporter).toMatchObject({ email, name: 'Katarzyna Nowak' });
    expect(ticket.messages[0]?.emailMessageId).toMatch(/@mail\.example\.pl>$/);
    // The new reporter gets the confirmation with the ticket number, like any other way in.
    expect(await db().outboundEmail.count({ where: { ticketId: ticket.id, toEmail: email } })).toBe(1);
  });

  it('opens at most 20 new tickets per sender within the window; the 21st mail is recorded, not filed, and replies still thread', async () => {
    const email = `petla.${randomUUID().slice(0, 8)}@autoresponder.pl`;
    const outcomes = [];
    for (let i = 1; i <= 21; i++) {
      outcomes.push(
        await ingestEmail(
          await raw({
            from: email,
            to: 'wsparcie@vouchie.localhost',
            subject: `Zamówienie nr ${i}`,
            text: `Potwierdzenie zamówienia numer ${i}.`,
          }),
          { source: 'smtp' },
        ),
      );
    }
    expect(outcomes.slice(0, 20).map((o) => o.kind)).toEqual(Array(20).fill('created'));
    const refused = outcomes[20]!;
    expect(refused).toMatchObject({ kind: 'ignored', reason: 'rate_limited' });
    expect(await db().ticket.count({ where: { reporter: { email } } })).toBe(20);
    const record = await db().inboundEmail.findUniqueOrThrow({ where: { id: refused.kind === 'ignored' ? refused.inboundEmailId : '' } });
    expect(record).toMatchObject({ status: 'IGNORED', ticketId: null, subject: 'Zamówienie nr 21' });

    // The limit is on new tickets only: the same sender answering one of them is still heard.
    const first = await db().ticket.findFirstOrThrow({ where: { reporter: { email } }, orderBy: { number: 'asc' } });
    const confirmation = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: first.id, template: 'ticket.received' } });
    const replyTo = (confirmation.headers as Record<string, string>)['Reply-To']!;
    expect(
      await ingestEmail(await raw({ from: email, to: replyTo, subject: 'Uzupełnienie', text: 'Dopisuję numer faktury.' }), {
        source: 'smtp',
      }),
    ).toMatchObject({
      kind: 'replied',
    });
    // And the limit is per sender: someone else still opens a ticket.
    expect(
      (
        await ingestEmail(
          await raw({ from: reporter(), to: 'wsparcie@vouchie.localhost', subject: 'Nowe pytanie', text: 'Jak dodać logo?' }),
          { source: 'smtp' },
        )
      ).kind,
    ).toBe('created');
  });

  it('records auto-replies and bounces without answering', async () => {
    const email = reporter();
    const { replyTo } = await ticketWithConfirmation(email);
    const before = await db().outboundEmail.count();
    const ooo = await ingestEmail(
      await raw({
        from: email,
        to: replyTo,
        subject: 'Automatyczna odpowiedź: Voucher',
        headers: { 'Auto-Submitted': 'auto-replied' },
        text: 'Jestem na urlopie do poniedziałku.',
      }),
      { source: 'smtp' },
    );
    expect(ooo).toMatchObject({ kind: 'ignored', reason: 'auto_reply' });

    const dsn = readFileSync(path.resolve('tests/fixtures/email/bounce-dsn.eml'));
    const bounced = await ingestEmail(dsn, { source: 'smtp' });
    expect(bounced).toMatchObject({ kind: 'ignored', reason: 'bounce' });
    expect(await db().outboundEmail.count()).toBe(before);
    const row = await db().inboundEmail.findUniqueOrThrow({ where: { id: bounced.kind === 'ignored' ? bounced.inboundEmailId : '' } });
    expect(row.status).toBe('IGNORED');
    expect(row.classification).toMatch(/^bounce/);
  });

  it('a hard bounce of a mail we sent stops further mail to that address and shows the agent why', async () => {
    const email = reporter();
    const { ticket, confirmation } = await ticketWithConfirmation(email);
    const agent = await db().user.create({ data: { email: `agent.${randomUUID().slice(0, 8)}@vouchie.pl`, name: 'Ewa', role: 'AGENT' } });
    const principal = { kind: 'user', userId: agent.id, role: 'AGENT', companyId: null, isCompanyAdmin: false } as const;
    try {
      // The receiving server refuses our confirmation for good: its DSN quotes the headers of the very mail we sent.
      const dsn = hardBounceOf({ to: email, messageId: confirmation.messageId, subject: confirmation.subject });
      expect(classifyEmail(await parseRawEmail(dsn))).toMatchObject({
        kind: 'bounce',
        bounce: { recipient: email, severity: 'hard', originalMessageId: confirmation.messageId },
      });
      const outcome = await ingestEmail(dsn, { source: 'smtp' });
      expect(outcome).toMatchObject({ kind: 'ignored', reason: 'bounce' });

      // The agent sees the mark on the reporter card's data…
      const view = await getAgentTicketView(ticket.number, principal);
      expect(view?.reporter.emailBouncedAt).toBeInstanceOf(Date);
      expect(view?.reporter.emailBounceReason).toContain('5.1.1');

      // …and the agent's next reply is kept for the record but never sent to the dead address.
      const replied = await replyAsAgent({
        principal,
        number: ticket.number,
        body: 'Sprawdziliśmy voucher, już działa.',
        expectedVersion: (await db().ticket.findUniqueOrThrow({ where: { id: ticket.id } })).version,
      });
      expect(replied.ok).toBe(true);
      const reply = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: ticket.id, toEmail: email, template: 'agent.reply' } });
      expect(reply).toMatchObject({ status: 'SUPPRESSED' });
    } finally {
      await db().user.update({ where: { id: agent.id }, data: { active: false } });
    }
  });

  it('arrives over a real SMTP conversation and lands in the ticket thread', async () => {
    const email = reporter();
    const { ticket, replyTo, confirmation } = await ticketWithConfirmation(email);
    const receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 10 * 1024 * 1024,
      onMessage: async (message) => {
        await ingestEmail(message, { source: 'smtp' });
      },
    });
    try {
      await nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true }).sendMail({
        from: email,
        to: replyTo,
        subject: `Re: ${confirmation.subject}`,
        inReplyTo: confirmation.messageId,
        text: 'Odpowiadam przez SMTP.',
      });
    } finally {
      await receiver.close();
    }
    const last = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id }, orderBy: { createdAt: 'desc' } });
    expect(last).toMatchObject({ body: 'Odpowiadam przez SMTP.', channel: 'EMAIL', type: 'CUSTOMER' });
  });
});

describe('POST /api/v1/inbound-email', () => {
  const url = 'http://localhost/api/v1/inbound-email';
  it('refuses callers without the shared secret', async () => {
    const { POST } = await import('@/app/api/v1/inbound-email/route');
    const { NextRequest } = await import('next/server');
    const response = await POST(new NextRequest(url, { method: 'POST', body: 'x', headers: { 'content-type': 'message/rfc822' } }));
    expect(response.status).toBe(401);
  });

  it('takes raw MIME as the body, as JSON (base64) and as a provider form field', async () => {
    const { POST } = await import('@/app/api/v1/inbound-email/route');
    const { NextRequest } = await import('next/server');
    const mail = () =>
      raw({
        from: `web.${randomUUID().slice(0, 8)}@firma.pl`,
        to: 'wsparcie@vouchie.localhost',
        subject: 'Prośba o fakturę',
        text: 'Proszę o fakturę za listopad.',
      });
    const asBody = await POST(
      new NextRequest(url, {
        method: 'POST',
        body: new Uint8Array(await mail()),
        headers: { 'content-type': 'message/rfc822', authorization: 'Bearer inbound-webhook-secret-0123456789' },
      }),
    );
    expect(asBody.status).toBe(202);
    expect((await asBody.json()).outcome.kind).toBe('created');

    const asJson = await POST(
      new NextRequest(`${url}?secret=inbound-webhook-secret-0123456789`, {
        method: 'POST',
        body: JSON.stringify({ raw: (await mail()).toString('base64'), encoding: 'base64' }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect((await asJson.json()).outcome.kind).toBe('created');

    const form = new FormData();
    form.set('body-mime', (await mail()).toString('utf8'));
    const asForm = await POST(new NextRequest(`${url}?secret=inbound-webhook-secret-0123456789`, { method: 'POST', body: form }));
    expect((await asForm.json()).outcome.kind).toBe('created');

    const empty = await POST(
      new NextRequest(`${url}?secret=inbound-webhook-secret-0123456789`, {
        method: 'POST',
        body: JSON.stringify({}),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(empty.status).toBe(400);
  });
});
