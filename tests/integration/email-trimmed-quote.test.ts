import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';

// env() is read lazily, so these precede its first use.
process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-trimmed-quote-'));
process.env.INBOUND_TRUSTED_AUTHSERV_IDS = 'mx.vouchie.localhost';

const { NextRequest } = await import('next/server');
const { GET: getRawEmail } = await import('@/app/api/agent/messages/[id]/eml/route');
const { GET: getApiTicket } = await import('@/app/api/v1/tickets/[number]/route');
const { db } = await import('@/server/db/client');
const { ticketWithConfirmation } = await import('./tickets');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { getAgentTicketView } = await import('@/server/agent/ticket-view');
const { getTicketForPrincipal } = await import('@/server/tickets/queries');
const { createDatabaseSession } = await import('@/server/auth/session');
const { messageRawEmailPath } = await import('@/server/links');

const APP_URL = process.env.APP_URL!;
const tag = () => randomUUID().slice(0, 8);

const QUOTE = [
  'W dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <wsparcie@vouchie.localhost> napisał(a):',
  '> Otrzymaliśmy Twoje zgłoszenie „Voucher nie działa w kasie”.',
  '> Odpowiemy najszybciej, jak to możliwe.',
];
const SIGNATURE = ['-- ', 'Anna Nowak', 'Kwiaciarnia Różana, tel. 600 100 200'];

/** A plain-text mail as bytes, CRLF line ends and 8-bit UTF-8, exactly as an MTA would hand it over. */
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

async function cookieOf(userId: string): Promise<string> {
  const cookie = await createDatabaseSession(userId);
  return `${cookie.name}=${cookie.value}`;
}

function downloadRaw(messageId: string, cookie?: string) {
  return getRawEmail(new NextRequest(new URL(messageRawEmailPath(messageId), APP_URL), { headers: cookie ? { cookie } : {} }), {
    params: Promise.resolve({ id: messageId }),
  });
}

let agentPrincipal: Principal;
let agentCookie: string;

beforeAll(async () => {
  const agent = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: 'Ewa Dąbrowska', role: 'AGENT' } });
  agentPrincipal = { kind: 'user', userId: agent.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
  agentCookie = await cookieOf(agent.id);
});

describe('an e-mail reply with a quote and a signature', () => {
  let reply: { id: string; ticketNumber: number; raw: Buffer; reporterId: string };

  beforeAll(async () => {
    const email = `anna.${tag()}@kwiaciarnia.pl`;
    const { ticket, confirmation, replyTo } = await ticketWithConfirmation(email);
    const raw = mail(
      [`From: Anna Nowak <${email}>`, `To: ${replyTo}`, `Subject: Re: ${confirmation.subject}`, `In-Reply-To: ${confirmation.messageId}`],
      ['Kasa nadal odrzuca kod, zrzut wysyłam osobno.', '', ...SIGNATURE, '', ...QUOTE],
    );
    expect(await ingestEmail(raw, { source: 'smtp' })).toMatchObject({ kind: 'replied', ticketNumber: ticket.displayNumber });
    const message = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, channel: 'EMAIL' } });
    const row = await db().ticket.findUniqueOrThrow({ where: { id: ticket.id }, select: { number: true, reporterId: true } });
    reply = { id: message.id, ticketNumber: row.number, raw, reporterId: row.reporterId };
  });

  it('stores the trimmed reply as the body and what trimming removed (signature, then quote) beside it', async () => {
    const message = await db().message.findUniqueOrThrow({ where: { id: reply.id } });
    expect(message.body).toBe('Kasa nadal odrzuca kod, zrzut wysyłam osobno.');
    expect(message.trimmedText).toContain(SIGNATURE.slice(1).join('\n'));
    expect(message.trimmedText).toContain(QUOTE.join('\n'));
    expect(message.trimmedText!.indexOf('Anna Nowak')).toBeLessThan(message.trimmedText!.indexOf(QUOTE[0]!));
    expect(message.trimmedText).not.toContain('Kasa nadal odrzuca kod');
  });

  it('shows the agent the removed part and the original mail; the customer sees the reply alone', async () => {
    const view = await getAgentTicketView(reply.ticketNumber, agentPrincipal);
    const shown = view?.messages.find((m) => m.id === reply.id);
    expect(shown).toMatchObject({ body: 'Kasa nadal odrzuca kod, zrzut wysyłam osobno.', hasRawEmail: true });
    expect(shown?.trimmedText).toContain(QUOTE[1]);
    // The web-form message that opened the ticket has no raw mail to offer.
    expect(view?.messages[0]).toMatchObject({ channel: 'WEB', trimmedText: null, hasRawEmail: false });

    const reporter: Principal = { kind: 'user', userId: reply.reporterId, role: 'CUSTOMER', companyId: null, isCompanyAdmin: false };
    const portal = await getTicketForPrincipal(reply.ticketNumber, reporter);
    const portalMessage = portal?.messages.find((m) => m.id === reply.id);
    expect(portalMessage?.body).toBe('Kasa nadal odrzuca kod, zrzut wysyłam osobno.');
    expect(portalMessage).not.toHaveProperty('quotedText');
    expect(JSON.stringify(portal)).not.toContain('Otrzymaliśmy Twoje zgłoszenie');
  });

  it('gives an agent the exact raw bytes as a message/rfc822 download', async () => {
    const response = await downloadRaw(reply.id, agentCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('message/rfc822');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="VCH-${reply.ticketNumber}-${reply.id.slice(0, 8)}.eml"`,
    );
    expect(Buffer.compare(Buffer.from(await response.arrayBuffer()), reply.raw)).toBe(0);
  });

  it('answers 404 to the customer, to anonymous callers, and for a message that did not come by e-mail', async () => {
    expect((await downloadRaw(reply.id, await cookieOf(reply.reporterId))).status).toBe(404);
    expect((await downloadRaw(reply.id)).status).toBe(404);
    const webMessage = await db().message.findFirstOrThrow({
      where: { ticket: { number: reply.ticketNumber }, channel: 'WEB' },
      select: { id: true },
    });
    expect((await downloadRaw(webMessage.id, agentCookie)).status).toBe(404);
    expect((await downloadRaw('not-a-uuid', agentCookie)).status).toBe(404);
  });

  it('carries both the trimmed body and the removed part in GET /api/v1/tickets/{number}', async () => {
    const response = await getApiTicket(
      new NextRequest(new URL(`/api/v1/tickets/VCH-${reply.ticketNumber}`, APP_URL), {
        headers: { authorization: `Bearer ${process.env.SUPPORT_API_TOKEN}` },
      }),
      { params: Promise.resolve({ number: `VCH-${reply.ticketNumber}` }) },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: { id: string; body: string; quotedText: string | null }[] };
    const message = body.messages.find((m) => m.id === reply.id);
    expect(message?.body).toBe('Kasa nadal odrzuca kod, zrzut wysyłam osobno.');
    expect(message?.quotedText).toContain(QUOTE.join('\n'));
    expect(body.messages[0]).toMatchObject({ channel: 'WEB', quotedText: null });
  });
});

describe('the other ways an e-mail is filed', () => {
  it('keeps the removed part on a new ticket opened by e-mail, and none when nothing was trimmed', async () => {
    const email = `jan.${tag()}@kwiaciarnia.pl`;
    const quoted = await ingestEmail(
      mail(
        [`From: Jan Kowalski <${email}>`, 'To: wsparcie@vouchie.localhost', 'Subject: Kod GIFT-9 nie przechodzi w kasie'],
        ['Kod GIFT-9 nie przechodzi w kasie od rana.', '', ...SIGNATURE],
      ),
      { source: 'smtp' },
    );
    expect(quoted).toMatchObject({ kind: 'created' });
    const first = await db().message.findFirstOrThrow({ where: { ticket: { reporter: { email } } } });
    expect(first.body).toBe('Kod GIFT-9 nie przechodzi w kasie od rana.');
    expect(first.trimmedText).toContain(SIGNATURE.slice(1).join('\n'));

    const plainSender = `ola.${tag()}@kwiaciarnia.pl`;
    await ingestEmail(
      mail(
        [`From: Ola <${plainSender}>`, 'To: wsparcie@vouchie.localhost', 'Subject: Pytanie o fakturę za vouchery'],
        ['Proszę o fakturę za listopad.'],
      ),
      { source: 'smtp' },
    );
    const plain = await db().message.findFirstOrThrow({ where: { ticket: { reporter: { email: plainSender } } } });
    expect(plain.trimmedText).toBeNull();
  });

  it('keeps the removed part on an unverified reply (threaded by the subject tag alone)', async () => {
    const email = `anna.${tag()}@kwiaciarnia.pl`;
    const { ticket } = await ticketWithConfirmation(email);
    const outcome = await ingestEmail(
      mail(
        [
          `From: Anna Nowak <${email}>`,
          'To: wsparcie@vouchie.localhost',
          `Subject: Re: [${ticket.displayNumber}] Voucher nie działa w kasie`,
        ],
        ['Czy jest już coś wiadomo?', '', ...QUOTE],
      ),
      { source: 'smtp' },
    );
    expect(outcome).toMatchObject({ kind: 'unverified' });
    const note = await db().message.findFirstOrThrow({ where: { ticketId: ticket.id, unverifiedSender: true } });
    expect(note.body).toBe('Czy jest już coś wiadomo?');
    expect(note.trimmedText).toContain(QUOTE.join('\n'));
  });
});
