import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { makePng, readStack, waitForCapturedEmail } from './helpers';

const auth = () => ({ Authorization: `Bearer ${readStack().apiToken}` });
const email = () => `panel.${randomUUID().slice(0, 8)}@hotel-test.pl`;

function payload(overrides: Record<string, unknown> = {}) {
  return {
    reporter: {
      email: email(),
      name: 'Magdalena Kamińska',
      externalId: `usr-${randomUUID()}`,
      company: { externalId: 'cmp-e2e-hotel', name: 'Hotel Pod Tatrami S.A.', plan: 'PREMIUM' },
    },
    category: 'TECHNICAL_ERROR',
    subject: 'Kod vouchera odrzucony w recepcji',
    attempted: 'Realizacja vouchera w recepcji',
    actual: 'System mówi, że voucher wygasł, choć jest ważny do czerwca.',
    expected: 'Realizacja bez błędu',
    reproSteps: ['Vouchery → Realizacja', 'Wpisz kod', 'Realizuj'],
    errorMessage: 'Błąd 422: VOUCHER_EXPIRED',
    occurredAt: new Date(Date.now() - 600_000).toISOString(),
    identifiers: [{ kind: 'VOUCHER_CODE', value: `GIFT-${randomUUID().slice(0, 8).toUpperCase()}` }],
    environment: { browser: 'Chrome 142', os: 'Windows 11', pageUrl: 'https://panel.vouchie.pl/vouchery' },
    priority: 'HIGH',
    ...overrides,
  };
}

async function post(request: APIRequestContext, body: unknown, headers: Record<string, string> = auth()) {
  return request.post('/api/v1/tickets', { data: body, headers });
}

test('refuses calls without the panel token', async ({ request }) => {
  expect((await post(request, payload(), {})).status()).toBe(401);
  expect((await post(request, payload(), { Authorization: 'Bearer wrong-token-wrong-token-wrong' })).status()).toBe(401);
  expect((await request.get('/api/v1/tickets/VCH-10001')).status()).toBe(401);
});

test('files a JSON ticket, returns its number and link, and e-mails the reporter', async ({ request }) => {
  const body = payload();
  const response = await post(request, body);
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { number: string; id: string; status: string; url: string };
  expect(created.number).toMatch(/^VCH-\d{5,}$/);
  expect(created.status).toBe('NEW');

  const mail = await waitForCapturedEmail({ to: body.reporter.email, subjectIncludes: created.number });
  expect(mail.subject).toBe(`[${created.number}] ${body.subject}`);
  expect(mail.text).toContain(created.url);

  const fetched = await request.get(`/api/v1/tickets/${created.number}`, { headers: auth() });
  expect(fetched.status()).toBe(200);
  const ticket = await fetched.json();
  expect(ticket).toMatchObject({
    number: created.number,
    subject: body.subject,
    reproSteps: body.reproSteps,
    identifiers: body.identifiers,
    company: { externalId: 'cmp-e2e-hotel', plan: 'PREMIUM' },
  });
  expect(ticket.messages).toHaveLength(1);

  // The reporter's link opens the ticket page without signing in.
  const page = await request.get(created.url);
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain(created.number);
});

test('honours Idempotency-Key: a retried request returns the first ticket', async ({ request }) => {
  const body = payload();
  const headers = { ...auth(), 'Idempotency-Key': randomUUID() };
  const first = await post(request, body, headers);
  const second = await post(request, body, headers);
  expect(first.status()).toBe(201);
  expect(second.status()).toBe(201);
  expect(second.headers()['idempotent-replayed']).toBe('true');
  expect((await second.json()).id).toBe((await first.json()).id);
});

test('answers 422 with messages per field, in Polish by default and English on request', async ({ request }) => {
  const bad = payload({
    subject: 'abc',
    reporter: { name: 'A', email: 'not-an-email' },
    identifiers: [{ kind: 'VOUCHER_CODE', value: '' }],
  });
  const pl = await post(request, bad);
  expect(pl.status()).toBe(422);
  expect((await pl.json()).errors).toMatchObject({
    subject: ['Temat musi mieć co najmniej 5 znaków.'],
    'reporter.email': ['Podaj poprawny adres e-mail, np. jan@firma.pl.'],
    'identifiers.0.value': ['Podaj wartość identyfikatora albo usuń ten wiersz.'],
  });
  const en = await post(request, bad, { ...auth(), 'Accept-Language': 'en' });
  expect((await en.json()).errors.subject).toEqual(['The subject must be at least 5 characters.']);
});

test('answers 400 to a body that is not JSON', async ({ request }) => {
  const response = await request.post('/api/v1/tickets', {
    headers: { ...auth(), 'Content-Type': 'application/json' },
    data: Buffer.from('{"subject": '),
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).errors._body).toEqual(['Treść żądania nie jest poprawnym JSON-em.']);
});

test('takes multipart attachments, checks them by content and serves them safely', async ({ request }) => {
  const body = payload();
  const log = Buffer.from('2026-11-27 10:00:01 ERROR voucher GIFT-1 expired — zażółć gęślą jaźń 🎁\n');
  const response = await request.post('/api/v1/tickets', {
    headers: auth(),
    multipart: {
      payload: JSON.stringify(body),
      attachments: { name: 'zrzut ekranu.png', mimeType: 'image/png', buffer: makePng({ width: 4, height: 3 }) },
    },
  });
  expect(response.status()).toBe(201);
  const created = await response.json();

  const withLog = await request.post('/api/v1/tickets', {
    headers: auth(),
    multipart: { payload: JSON.stringify(payload()), attachments: { name: 'app.log', mimeType: 'text/plain', buffer: log } },
  });
  expect(withLog.status()).toBe(201);

  const ticket = await (await request.get(`/api/v1/tickets/${created.number}`, { headers: auth() })).json();
  const [file] = ticket.messages[0].attachments;
  expect(file).toMatchObject({ fileName: 'zrzut ekranu.png', contentType: 'image/png', kind: 'IMAGE' });

  const download = await request.get(`/api/attachments/${file.id}?download=1`, { headers: auth() });
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('image/png');
  expect(download.headers()['x-content-type-options']).toBe('nosniff');
  expect(download.headers()['content-disposition']).toMatch(
    /^attachment; filename="zrzut ekranu.png"; filename\*=UTF-8''zrzut%20ekranu.png$/,
  );
  expect(Buffer.compare(await download.body(), makePng({ width: 4, height: 3 }))).toBe(0);

  // Nobody without the token or a ticket link gets the bytes, and the answer does not say it exists.
  expect((await request.get(`/api/attachments/${file.id}`)).status()).toBe(404);
});

test('refuses an .exe renamed .png with 415 and an HTML file posing as a log', async ({ request }) => {
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
  const response = await request.post('/api/v1/tickets', {
    headers: auth(),
    multipart: { payload: JSON.stringify(payload()), attachments: { name: 'screenshot.png', mimeType: 'image/png', buffer: exe } },
  });
  expect(response.status()).toBe(415);
  expect((await response.json()).errors.attachments[0]).toContain('screenshot.png');

  const html = await request.post('/api/v1/tickets', {
    headers: auth(),
    multipart: {
      payload: JSON.stringify(payload()),
      attachments: { name: 'debug.log', mimeType: 'text/plain', buffer: Buffer.from('<html><script>alert(1)</script></html>') },
    },
  });
  expect(html.status()).toBe(415);
});

test('answers 413 to a file over the size limit', async ({ request }) => {
  const big = Buffer.concat([makePng(), Buffer.alloc(21 * 1024 * 1024, 0)]);
  const response = await request.post('/api/v1/tickets', {
    headers: auth(),
    multipart: { payload: JSON.stringify(payload()), attachments: { name: 'huge.png', mimeType: 'image/png', buffer: big } },
  });
  expect(response.status()).toBe(413);
});

test('answers 404 for a ticket number that does not exist', async ({ request }) => {
  expect((await request.get('/api/v1/tickets/VCH-999999', { headers: auth() })).status()).toBe(404);
  expect((await request.get('/api/v1/tickets/not-a-number', { headers: auth() })).status()).toBe(404);
});
