import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { holdLock, race } from './race';

// Uploaded bytes go to a throw-away folder; env() is read lazily, so this must precede the first call.
process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'vouchie-create-'));
process.env.RATE_LIMIT_TICKETS_PER_EMAIL = '3';

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { fileTicketFromForm } = await import('@/server/tickets/file-from-form');
const { fileTicketFromApi } = await import('@/server/tickets/file-from-api');
const { acceptUpload } = await import('@/server/attachments');
const { verifyTicketLink } = await import('@/server/auth/ticket-link');

const guest = { kind: 'guest' } as const;
const uniqueEmail = (tag: string) => `${tag}.${randomUUID().slice(0, 8)}@example.pl`;
const ip = () => `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;

function formInput(overrides: Record<string, unknown> = {}) {
  return {
    reporter: { name: 'Anna Wiśniewska', email: uniqueEmail('anna') },
    category: 'TECHNICAL_ERROR',
    subject: 'Voucher nie działa w kasie',
    attempted: 'Realizacja vouchera',
    actual: 'Pojawia się komunikat, że voucher wygasł.',
    expected: 'Voucher zrealizowany',
    reproSteps: ['Vouchery → Realizacja', '', 'Wpisz kod'],
    errorMessage: 'Błąd 422: VOUCHER_EXPIRED',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    identifiers: [{ kind: 'VOUCHER_CODE', value: 'GIFT-7Q2K-9M4P' }],
    environment: { browser: 'Chrome 142', os: 'Windows 11', timeZone: 'Europe/Warsaw' },
    priority: 'NORMAL',
    ...overrides,
  };
}

const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

describe('createTicket through the contact form', () => {
  it('writes ticket, first message, identifiers, an activity event and the confirmation e-mail together', async () => {
    const input = formInput();
    const result = await fileTicketFromForm(input, { viewer: guest, ip: ip(), locale: 'pl' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { id, number, displayNumber, url } = result.value;
    expect(number).toBeGreaterThanOrEqual(10001);
    expect(displayNumber).toBe(`VCH-${number}`);

    const ticket = await db().ticket.findUniqueOrThrow({
      where: { id },
      include: { messages: true, identifiers: true, events: true, emails: { where: { template: 'ticket.received' } }, reporter: true },
    });
    expect(ticket.status).toBe('NEW');
    expect(ticket.channel).toBe('WEB');
    expect(ticket.reproSteps).toEqual(['Vouchery → Realizacja', 'Wpisz kod']);
    expect(ticket.identifiers).toMatchObject([{ kind: 'VOUCHER_CODE', value: 'GIFT-7Q2K-9M4P' }]);
    expect(ticket.messages).toHaveLength(1);
    expect(ticket.messages[0]?.type).toBe('CUSTOMER');
    expect(ticket.events.map((e) => e.type)).toEqual(['ticket.created']);
    expect(ticket.reporter.email).toBe((input.reporter as { email: string }).email);
    expect(ticket.firstResponseDueAt!.getTime()).toBeGreaterThan(ticket.createdAt.getTime());

    expect(ticket.emails).toHaveLength(1);
    const email = ticket.emails[0]!;
    // A guest's confirmation repeats nothing they typed (the address may not be theirs): only the number.
    expect(email.subject).toBe(`[${displayNumber}] Otrzymaliśmy zgłoszenie`);
    expect(email.toEmail).toBe(ticket.reporter.email);
    expect(email.status).toBe('PENDING');
    expect(email.text).toContain(displayNumber);
    expect(email.text).toContain(url);

    const token = new URL(url).searchParams.get('t');
    expect(verifyTicketLink(token)).toMatchObject({ ticketId: id, email: ticket.reporter.email });
  });

  it('asks a guest for name and e-mail, in Polish, and creates nothing', async () => {
    const before = await db().ticket.count();
    const result = await fileTicketFromForm(formInput({ reporter: undefined }), { viewer: guest, ip: ip(), locale: 'pl' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fieldErrors['reporter.email']).toEqual(['Podaj adres e-mail.']);
    expect(result.error.fieldErrors['reporter.name']).toEqual(['Podaj imię i nazwisko.']);
    expect(await db().ticket.count()).toBe(before);
  });

  it('reports every invalid field with a localised message next to it', async () => {
    const result = await fileTicketFromForm(
      formInput({
        reporter: { name: 'A', email: 'not-an-email' },
        subject: 'x'.repeat(151),
        actual: '',
        occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
        identifiers: [{ kind: 'VOUCHER_CODE', value: '' }],
      }),
      { viewer: guest, ip: ip(), locale: 'pl' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.fieldErrors).toMatchObject({
      'reporter.name': ['Imię i nazwisko musi mieć co najmniej 2 znaki.'],
      'reporter.email': ['Podaj poprawny adres e-mail, np. jan@firma.pl.'],
      subject: ['Temat może mieć najwyżej 150 znaków.'],
      actual: ['Opisz, co się stało.'],
      occurredAt: ['Data wystąpienia nie może być w przyszłości.'],
      'identifiers.0.value': ['Podaj wartość identyfikatora albo usuń ten wiersz.'],
    });
  });

  it('stores <script> in every text field as plain text, and emoji and Polish diacritics intact', async () => {
    const evil = '<script>alert("x")</script> zażółć gęślą jaźń 🎁🇵🇱';
    const result = await fileTicketFromForm(
      formInput({
        reporter: { name: evil.slice(0, 100), email: uniqueEmail('evil') },
        subject: evil,
        attempted: evil,
        actual: evil,
        expected: evil,
        reproSteps: [evil],
        errorMessage: evil,
        identifiers: [{ kind: 'OTHER', value: evil }],
      }),
      { viewer: guest, ip: ip(), locale: 'pl' },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ticket = await db().ticket.findUniqueOrThrow({
      where: { id: result.value.id },
      include: { identifiers: true, messages: true, emails: { where: { template: 'ticket.received' } } },
    });
    for (const value of [
      ticket.subject,
      ticket.attempted,
      ticket.actual,
      ticket.expected,
      ticket.reproSteps[0],
      ticket.errorMessage,
      ticket.identifiers[0]?.value,
      ticket.messages[0]?.body,
    ]) {
      expect(value).toBe(evil);
    }
    // The guest's confirmation quotes none of it (escaping of quoted text: tests/unit/mail-templates.test.ts).
    const html = ticket.emails[0]!.html;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('zażółć gęślą jaźń');
  });

  it('makes one ticket from a double submit with the same idempotency key, even when both race', async () => {
    const input = formInput({ idempotencyKey: randomUUID() });
    const context = { viewer: guest, ip: ip(), locale: 'pl' } as const;
    // Forced: another session holds an uncommitted account under the reporter's address, so both submits are under
    // way (each waiting to write the reporter) before either can commit; it is rolled back once both wait.
    const lock = await holdLock([
      { sql: `INSERT INTO "User" ("id", "email", "updatedAt") VALUES (gen_random_uuid(), $1, now())`, params: [input.reporter.email] },
    ]);
    const [first, second] = await race(lock, [() => fileTicketFromForm(input, context), () => fileTicketFromForm(input, context)]);
    const third = await fileTicketFromForm(input, context);
    expect(first.ok && second.ok && third.ok).toBe(true);
    if (!first.ok || !second.ok || !third.ok) return;
    expect(new Set([first.value.id, second.value.id, third.value.id]).size).toBe(1);
    expect(await db().outboundEmail.count({ where: { ticketId: first.value.id, template: 'ticket.received' } })).toBe(1);
  });

  it('never hands someone else their ticket for a reused idempotency key', async () => {
    const key = randomUUID();
    const context = { viewer: guest, ip: ip(), locale: 'pl' } as const;
    const mine = await fileTicketFromForm(formInput({ idempotencyKey: key }), context);
    const theirs = await fileTicketFromForm(formInput({ idempotencyKey: key }), context);
    expect(mine.ok && theirs.ok).toBe(true);
    if (!mine.ok || !theirs.ok) return;
    expect(theirs.value.id).not.toBe(mine.value.id);
    expect(theirs.value.replayed).toBe(false);
  });

  it('attaches uploaded files to the first message, and each upload only once', async () => {
    const upload = await acceptUpload({ fileName: 'zrzut ekranu.png', bytes: PNG });
    expect(upload.ok).toBe(true);
    if (!upload.ok) return;
    const result = await fileTicketFromForm(formInput({ attachmentTokens: [upload.value.token] }), {
      viewer: guest,
      ip: ip(),
      locale: 'pl',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const message = await db().message.findFirstOrThrow({ where: { ticketId: result.value.id }, include: { attachments: true } });
    expect(message.attachments.map((a) => a.fileName)).toEqual(['zrzut ekranu.png']);
    expect(message.attachments[0]?.ticketId).toBe(result.value.id);

    const before = await db().ticket.count();
    const again = await fileTicketFromForm(formInput({ attachmentTokens: [upload.value.token] }), {
      viewer: guest,
      ip: ip(),
      locale: 'pl',
    });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error.fieldErrors.attachments?.[0]).toMatch(/wygasł lub został już użyty/);
    // The whole transaction rolled back: no half-made ticket, no e-mail.
    expect(await db().ticket.count()).toBe(before);
  });

  it('limits tickets per e-mail address with a clear message', async () => {
    const email = uniqueEmail('limit');
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(
        await fileTicketFromForm(formInput({ reporter: { name: 'Jan Nowak', email } }), { viewer: guest, ip: ip(), locale: 'pl' }),
      );
    }
    expect(results.slice(0, 3).every((r) => r.ok)).toBe(true);
    const blocked = results[3]!;
    expect(blocked.ok).toBe(false);
    if (blocked.ok) return;
    expect(blocked.error.formError).toBe('Zbyt wiele zgłoszeń w krótkim czasie. Spróbuj ponownie za kilka minut.');
  });

  it('drops a honeypot submission without creating a ticket', async () => {
    const before = await db().ticket.count();
    const result = await fileTicketFromForm(formInput({ website: 'http://spam.example' }), { viewer: guest, ip: ip(), locale: 'pl' });
    expect(result.ok).toBe(false);
    expect(await db().ticket.count()).toBe(before);
  });
});

describe('createTicket through the REST API', () => {
  const payload = (overrides: Record<string, unknown> = {}) => ({
    reporter: {
      email: uniqueEmail('api'),
      name: 'Magdalena Kamińska',
      externalId: `usr-${randomUUID()}`,
      company: { externalId: `cmp-${randomUUID()}`, name: 'Hotel Pod Tatrami S.A.', plan: 'PREMIUM' },
    },
    category: 'CONFIGURATION',
    subject: 'Integracja z kasą fiskalną',
    actual: 'Paragon nie drukuje się przy sprzedaży online.',
    ...overrides,
  });

  let premiumHours: number;
  beforeAll(async () => {
    premiumHours = (await import('@/server/plans')).PLAN_SUPPORT.PREMIUM.firstResponseHours;
  });

  it('creates the company on its plan and sets SLA targets from it', async () => {
    const body = payload();
    const outcome = await fileTicketFromApi(body, [], { locale: 'pl' });
    expect(outcome.status).toBe(201);
    if (outcome.status !== 201) return;
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: outcome.ticket.id }, include: { company: true, reporter: true } });
    expect(ticket.channel).toBe('API');
    expect(ticket.company?.plan).toBe('PREMIUM');
    expect(ticket.reporter.externalId).toBe(body.reporter.externalId);
    // Counted in PREMIUM's support hours (Mon–Sat 8–20), whatever the hour the test runs at.
    const { calendarOf, PLAN_SUPPORT } = await import('@/server/plans');
    const { businessMsBetween } = await import('@/server/calendar');
    const business = businessMsBetween(calendarOf(PLAN_SUPPORT.PREMIUM, 'SUPPORT'), ticket.createdAt, ticket.firstResponseDueAt!);
    expect(business).toBe(premiumHours * 3_600_000);
  });

  it('answers 422 with field messages in the requested language', async () => {
    const outcome = await fileTicketFromApi(payload({ subject: 'abc', category: 'NOPE' }), [], { locale: 'en' });
    expect(outcome.status).toBe(422);
    if (outcome.status === 201) return;
    expect(outcome.errors.subject).toEqual(['The subject must be at least 5 characters.']);
    expect(outcome.errors.category).toEqual(['Choose a category.']);
  });

  it('refuses an .exe renamed .png with 415 and creates no ticket', async () => {
    const before = await db().ticket.count();
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
    const outcome = await fileTicketFromApi(payload(), [{ name: 'zrzut.png', bytes: exe }], { locale: 'pl' });
    expect(outcome.status).toBe(415);
    expect(await db().ticket.count()).toBe(before);
  });

  it('stores a multipart PNG with its checksum', async () => {
    const outcome = await fileTicketFromApi(payload(), [{ name: '../../etc/passwd.png', bytes: PNG }], { locale: 'pl' });
    expect(outcome.status).toBe(201);
    if (outcome.status !== 201) return;
    const [attachment] = await db().attachment.findMany({ where: { ticketId: outcome.ticket.id } });
    expect(attachment?.fileName).toBe('passwd.png');
    expect(attachment?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(attachment?.contentType).toBe('image/png');
  });

  it('answers a retried request with the same Idempotency-Key with the first ticket', async () => {
    const body = payload();
    const key = randomUUID();
    const first = await fileTicketFromApi(body, [], { locale: 'pl', idempotencyKey: key });
    const second = await fileTicketFromApi(body, [], { locale: 'pl', idempotencyKey: key });
    expect(first.status === 201 && second.status === 201).toBe(true);
    if (first.status !== 201 || second.status !== 201) return;
    expect(second.ticket.id).toBe(first.ticket.id);
    expect(second.ticket.replayed).toBe(true);
  });
});

describe('createTicket directly', () => {
  it('numbers tickets from one sequence without gaps between sequential creates', async () => {
    const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
    const fields = ticketFieldsSchema.parse({ category: 'OTHER', subject: 'Pytanie o faktury', actual: 'Proszę o fakturę zbiorczą.' });
    const a = await createTicket({ fields, reporter: { email: uniqueEmail('seq'), name: 'Jan' }, channel: 'WEB' });
    const b = await createTicket({ fields, reporter: { email: uniqueEmail('seq'), name: 'Jan' }, channel: 'WEB' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.value.number).toBe(a.value.number + 1);
  });
});
