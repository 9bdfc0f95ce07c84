import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';

process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-bad-input-'));
process.env.INBOUND_WEBHOOK_SECRET = 'inbound-webhook-secret-0123456789';

const { NextRequest } = await import('next/server');
const { db } = await import('@/server/db/client');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { fileTicketFromForm } = await import('@/server/tickets/file-from-form');
const { POST: postTicket } = await import('@/app/api/v1/tickets/route');
const { POST: postInbound } = await import('@/app/api/v1/inbound-email/route');
const { GET: getAttachment } = await import('@/app/api/attachments/[id]/route');
const { POST: postPresence } = await import('@/app/api/agent/tickets/[number]/presence/route');

/** Any single code unit sequence, lone surrogates and control characters included. */
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });

const API = 'http://localhost/api/v1/tickets';
const auth = { authorization: `Bearer ${process.env.SUPPORT_API_TOKEN}` };
const reporterEmail = () => `fuzz.${randomUUID().slice(0, 8)}@firma.pl`;

function validTicket(overrides: Record<string, unknown> = {}) {
  return {
    category: 'TECHNICAL_ERROR',
    subject: 'Kod vouchera nie działa',
    actual: 'Kasa pokazuje błąd przy kodzie.',
    reporter: { name: 'Anna Nowak', email: reporterEmail(), company: { externalId: 'c-1', name: 'Kwiaciarnia', plan: 'START' } },
    identifiers: [{ kind: 'VOUCHER_CODE', value: 'GIFT-1234' }],
    environment: { browser: 'Firefox 140' },
    ...overrides,
  };
}

function apiRequest(body: unknown, headers: Record<string, string> = {}) {
  return new NextRequest(API, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'accept-language': 'pl', ...auth, ...headers },
  });
}

/** A body that arrives in chunks with no Content-Length, recording how much of it the server pulled. */
function chunkedBody(totalBytes: number, chunkBytes = 64 * 1024) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  return { stream, pulled: () => sent };
}

function mail(fields: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer({ messageId: `<${randomUUID()}@mail.example.pl>`, date: new Date(), ...fields }).compile().build();
}

describe('U+0000 and impossible dates on the API', () => {
  const paths: [string, (nul: string) => Record<string, unknown>][] = [
    ['subject', (v) => validTicket({ subject: `Kod ${v} vouchera` })],
    ['actual', (v) => validTicket({ actual: `Kasa pokazuje ${v} błąd.` })],
    ['reporter.name', (v) => validTicket({ reporter: { name: `Anna${v}`, email: reporterEmail() } })],
    ['identifiers.0.value', (v) => validTicket({ identifiers: [{ kind: 'VOUCHER_CODE', value: `GIFT${v}` }] })],
    ['environment.browser', (v) => validTicket({ environment: { browser: `Firefox${v}` } })],
    [
      'reporter.company.name',
      (v) =>
        validTicket({
          reporter: { name: 'Anna Nowak', email: reporterEmail(), company: { externalId: 'c-1', name: `Kwiat${v}`, plan: 'START' } },
        }),
    ],
  ];
  for (const [field, payload] of paths) {
    it(`answers 422 with a Polish message for U+0000 in ${field}, and files nothing`, async () => {
      const before = await db().ticket.count();
      const response = await postTicket(apiRequest(payload('\u0000')));
      expect(response.status).toBe(422);
      expect((await response.json()).errors[field]).toEqual([
        'Tekst zawiera niedozwolony znak (np. U+0000 albo uszkodzony znak Unicode). Usuń go i wyślij ponownie.',
      ]);
      expect(await db().ticket.count()).toBe(before);
    });
  }

  it('answers 422 for an occurredAt in year 0000, in English when asked', async () => {
    const response = await postTicket(apiRequest(validTicket({ occurredAt: '0000-01-01T00:00:00Z' }), { 'accept-language': 'en' }));
    expect(response.status).toBe(422);
    expect((await response.json()).errors.occurredAt).toEqual(['Enter a date no earlier than 1 January 2000.']);
  });

  it('files a ticket when the panel sends a known user id with a new e-mail address (was a unique-index 500)', async () => {
    const externalId = `panel-${randomUUID()}`;
    for (const email of [reporterEmail(), reporterEmail()]) {
      const response = await postTicket(apiRequest(validTicket({ reporter: { name: 'Anna Nowak', email, externalId } })));
      expect(response.status).toBe(201);
    }
  });

  it('never answers 5xx to fuzzed ticket payloads (control characters in any text field, any date, wrong types)', async () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\u0001', '\ud800', '%', 'ł'), anyChar), maxLength: 40 });
    // Every text field, each padded so that it is otherwise valid: a U+0000 then has to be caught on its own.
    const variants = {
      subject: (v: string) => ({ subject: `Temat ${v}` }),
      actual: (v: string) => ({ actual: `Opis problemu ${v}` }),
      attempted: (v: string) => ({ attempted: v }),
      errorMessage: (v: string) => ({ errorMessage: v }),
      reproStep: (v: string) => ({ reproSteps: [v] }),
      name: (v: string) => ({ reporter: { name: `Anna ${v}`, email: reporterEmail() } }),
      externalId: (v: string) => ({ reporter: { name: 'Anna Nowak', email: reporterEmail(), externalId: `u-${v}` } }),
      identifier: (v: string) => ({ identifiers: [{ kind: 'OTHER', value: `id-${v}` }] }),
      browser: (v: string) => ({ environment: { browser: v, pageUrl: v } }),
    } as const;
    const occurredAt = fc.oneof(
      fc
        .date({ min: new Date('-000001-01-01T00:00:00Z'), max: new Date('+010000-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.constantFrom('0000-01-01T00:00', '2026-02-30T10:00', '', 17),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(variants) as (keyof typeof variants)[])),
        text,
        fc.option(occurredAt),
        async (key, value, when) => {
          const body = validTicket({ ...variants[key](value), ...(when === null ? {} : { occurredAt: when }) });
          const response = await postTicket(apiRequest(body));
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the contact form with hostile input', () => {
  it('answers every fuzzed submission with a ticket or field errors, never an exception', async () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\ufffe', 'ż'), anyChar), maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        fc.constantFrom('0000-01-01T00:00', '1999-12-31T23:59', undefined),
        async (subject, actual, occurredAt) => {
          const result = await fileTicketFromForm(
            {
              category: 'OTHER',
              subject: `Temat ${subject}`,
              actual: `Opis problemu ${actual}`,
              occurredAt,
              reporter: { name: 'Anna Nowak', email: reporterEmail() },
            },
            { viewer: { kind: 'guest' }, ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, locale: 'pl' },
          );
          if (!result.ok && (subject + actual).includes('\u0000')) {
            expect(Object.values(result.error.fieldErrors).flat()).toContain(
              'Tekst zawiera niedozwolony znak (np. U+0000 albo uszkodzony znak Unicode). Usuń go i wyślij ponownie.',
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('request bodies without a length', () => {
  it('stops reading a chunked API body at the cap and answers 413', async () => {
    const body = chunkedBody(200 * 1024 * 1024);
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      body: body.stream,
      headers: { 'content-type': 'application/json', ...auth },
      duplex: 'half',
    };
    const request = new NextRequest(new Request(API, init));
    const response = await postTicket(request);
    expect(response.status).toBe(413);
    // The cap (UPLOAD_MAX_TOTAL_MB + 1 MB = 101 MB by default) plus at most one chunk, never the whole 200 MB.
    expect(body.pulled()).toBeLessThan(102 * 1024 * 1024);
  });

  it('stops reading a chunked inbound-mail webhook body at the cap and answers 413', async () => {
    const body = chunkedBody(100 * 1024 * 1024);
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      body: body.stream,
      headers: { 'content-type': 'message/rfc822' },
      duplex: 'half',
    };
    const request = new NextRequest(new Request('http://localhost/api/v1/inbound-email?secret=inbound-webhook-secret-0123456789', init));
    const response = await postInbound(request);
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThan(57 * 1024 * 1024);
  });
});

describe('a session cookie with broken %-encoding', () => {
  const cookie = { cookie: 'authjs.session-token=%E0%A4%A' };
  it('reads as a guest on attachments (404), not a 500', async () => {
    const response = await getAttachment(new NextRequest(`http://localhost/api/attachments/${randomUUID()}`, { headers: cookie }), {
      params: Promise.resolve({ id: randomUUID() }),
    });
    expect(response.status).toBe(404);
  });

  it('reads as a guest on presence (404), and a broken escape in the ticket number is a 404 too', async () => {
    const headers = { ...cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
    for (const number of ['VCH-10001', '%E0%A4%A']) {
      const response = await postPresence(
        new NextRequest(`http://localhost/api/agent/tickets/x/presence`, { method: 'POST', body: '{}', headers }),
        {
          params: Promise.resolve({ number }),
        },
      );
      expect(response.status).toBe(404);
    }
  });
});

describe('inbound mail the database or the MIME parser could not take', () => {
  it('files a mail with U+0000 in its subject and body, without the NULs', async () => {
    const from = reporterEmail();
    const outcome = await ingestEmail(
      await mail({
        from,
        to: 'wsparcie@vouchie.localhost',
        subject: 'Faktura\u0000 za listopad',
        text: 'Proszę o\u0000 fakturę za listopad.',
      }),
      { source: 'smtp' },
    );
    expect(outcome.kind).toBe('created');
    const ticket = await db().ticket.findFirstOrThrow({ where: { reporter: { email: from } }, include: { messages: true } });
    expect(ticket.subject).toBe('Faktura za listopad');
    expect(ticket.messages[0]?.body).toContain('Proszę o fakturę za listopad.');
  });

  it('files a mail over the parser limits (1,100 MIME parts) as a ticket with a note for the agent, keeping the raw mail', async () => {
    const from = reporterEmail();
    const parts = Array.from({ length: 1_100 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('') + '--b--\r\n';
    const raw = Buffer.from(
      `From: Anna Nowak <${from}>\r\nTo: wsparcie@vouchie.localhost\r\nSubject: Zestawienie voucherów\r\nMessage-ID: <${randomUUID()}@firma.pl>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}`,
    );
    const outcome = await ingestEmail(raw, { source: 'smtp' });
    expect(outcome.kind).toBe('created');
    const ticket = await db().ticket.findFirstOrThrow({
      where: { reporter: { email: from } },
      include: { messages: { orderBy: { createdAt: 'asc' } } },
    });
    expect(ticket.subject).toBe('Zestawienie voucherów');
    expect(ticket.messages.map((m) => m.type).sort()).toEqual(['CUSTOMER', 'NOTE']);
    expect(ticket.messages.find((m) => m.type === 'NOTE')?.body).toContain('Max allowed child nodes exceeded');
    const stored = await db().inboundEmail.findFirstOrThrow({ where: { fromEmail: from } });
    expect(stored).toMatchObject({ status: 'PROCESSED', size: raw.length });
  });

  it('never throws (which the SMTP receiver turns into 451 for ever) on fuzzed MIME', async () => {
    const header = fc.constantFrom('From', 'Subject', 'Content-Type', 'Message-ID', 'In-Reply-To', 'Content-Transfer-Encoding', 'X-A');
    const value = fc.string({
      unit: fc.oneof(fc.constantFrom('\u0000', '=?utf-8?B?', '"', '<', '>', '@', ';', 'boundary='), anyChar),
      maxLength: 40,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(header, value), { maxLength: 8 }), value, async (headers, body) => {
        const raw = Buffer.from(
          `From: fuzz <${reporterEmail()}>\r\n${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}\r\n`,
          'utf8',
        );
        await expect(ingestEmail(raw, { source: 'smtp' })).resolves.toBeDefined();
      }),
      { numRuns: 25 },
    );
  });
});
