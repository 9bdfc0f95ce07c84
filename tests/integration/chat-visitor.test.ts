import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

/**
 * Live chat for visitors on the public site (name + e-mail, no account) and the chat SLA in seconds, on real
 * Postgres. The HTTP side goes through the real route handlers, so the token rules and the limits are the ones
 * the widget meets.
 */

/** Wednesday 2026-12-02 12:00 Warsaw: inside BIZNES hours, the visitors' default chat hours. */
const WEDNESDAY_NOON = new Date('2026-12-02T11:00:00Z');
const SUNDAY = new Date('2026-12-06T11:00:00Z');
const VISITOR_LIMIT = 3;

// The route handlers read "now" for chat hours from the test clock (DEMO_MODE + TEST_CLOCK_FILE, src/server/clock.ts).
const clockDir = mkdtempSync(path.join(tmpdir(), 'chat-visitor-'));
const clockFile = path.join(clockDir, 'clock');
writeFileSync(clockFile, WEDNESDAY_NOON.toISOString());
process.env.DEMO_MODE = 'true';
process.env.TEST_CLOCK_FILE = clockFile;
process.env.RATE_LIMIT_CHAT_VISITOR_STARTS_PER_IP = String(VISITOR_LIMIT);

const { db } = await import('@/server/db/client');
const { chatAvailability } = await import('@/server/chat/availability');
const { startChat, endChatByCustomer, emailTranscript } = await import('@/server/chat/sessions');
const { setAgentChatStatus, acceptChat } = await import('@/server/chat/agents');
const { postChatMessage } = await import('@/server/chat/messages');
const { startChatSchema } = await import('@/server/chat/schemas');
const { saveVisitorChatSetting, resetVisitorChatSetting, getVisitorChatSetting } = await import('@/server/plan-settings/admin');
const { invalidatePlanSettings } = await import('@/server/plan-settings/read');
const { saveSlaPolicy, saveVisitorChatTarget, listSlaPolicies, resetSlaPolicy, resetVisitorChatTarget } =
  await import('@/server/sla/policies');
const { recordSlaBreaches } = await import('@/server/sla/breaches');
const { VISITOR_AUDIENCE } = await import('@/server/plans');
const sessionsRoute = await import('../../src/app/api/chat/sessions/route');
const offlineRoute = await import('../../src/app/api/chat/offline/route');
const availabilityRoute = await import('../../src/app/api/chat/availability/route');
const chatRoute = await import('../../src/app/api/chat/[id]/route');
const { customerLinkToken } = await import('@/server/chat/store');
const { principalFrom } = await import('@/server/auth/principal');
const { canViewTicket } = await import('@/server/auth/policy');

const tag = () => randomUUID().slice(0, 8);
/** Chat hours read the test clock file (not the `now` passed in) while it is set: move it where a test needs it. */
const setClock = (at: Date) => writeFileSync(clockFile, at.toISOString());

afterAll(async () => {
  await db().visitorChatSetting.deleteMany();
  invalidatePlanSettings();
});

beforeEach(async () => {
  await db().chatSession.updateMany({ where: { status: { not: 'ENDED' } }, data: { status: 'ENDED', endedAt: new Date() } });
  await db().user.updateMany({ where: { role: { in: ['AGENT', 'ADMIN'] } }, data: { chatStatus: 'OFFLINE' } });
  await db().rateLimitBucket.deleteMany({ where: { key: { startsWith: 'chat:' } } });
  await db().visitorChatSetting.deleteMany();
  invalidatePlanSettings();
  setClock(WEDNESDAY_NOON);
});

async function staff(name: string, role: Role) {
  const user = await db().user.create({ data: { email: `${tag()}@vouchie.pl`, name, role } });
  const principal: Principal = { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false };
  return { ...user, principal };
}

async function onlineAgent() {
  const agent = await staff('Anna Konsultantka', 'AGENT');
  await setAgentChatStatus(agent.id, 'ONLINE');
  return agent;
}

async function customer(plan: Plan) {
  const company = await db().company.create({ data: { name: `Firma ${tag()}`, plan, externalId: `cmp-${tag()}` } });
  return db().user.create({ data: { email: `klient.${tag()}@firma.pl`, name: 'Jan Kowalski', companyId: company.id } });
}

function visitorStart(email: string, text = 'Dzień dobry, pytanie o vouchery na stronie.', now = WEDNESDAY_NOON) {
  return startChat(
    { kind: 'visitor', email, name: 'Ola Odwiedzająca', locale: 'pl', verified: false },
    startChatSchema.parse({ firstMessage: text, clientMessageId: randomUUID() }),
    now,
  );
}

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'pl', ...headers },
    body: JSON.stringify(body),
  });
}

function get(url: string, token?: string) {
  return new Request(`http://localhost${url}`, {
    headers: { 'accept-language': 'pl', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe('visitors on the public site', () => {
  it('chat by default in BIZNES hours: the chat is filed under the typed address, unverified, due in 120 s', async () => {
    const anna = await onlineAgent();
    expect(await chatAvailability(VISITOR_AUDIENCE, WEDNESDAY_NOON)).toMatchObject({ available: true, reason: 'OPEN', plan: null });
    setClock(SUNDAY);
    expect(await chatAvailability(VISITOR_AUDIENCE, SUNDAY)).toMatchObject({ available: false, reason: 'OUTSIDE_HOURS' });
    setClock(WEDNESDAY_NOON);

    const email = `ola.${tag()}@example.pl`;
    const started = await visitorStart(email);
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const session = await db().chatSession.findUniqueOrThrow({
      where: { id: started.value.chat.id },
      include: { ticket: true, customer: true },
    });
    expect(session).toMatchObject({ verified: false, customer: { email, companyId: null } });
    expect(session.ticket).toMatchObject({ channel: 'CHAT', firstRespondedAt: null });
    expect(session.ticket.firstResponseDueAt?.getTime()).toBe(WEDNESDAY_NOON.getTime() + 120_000);
    expect(session.offeredToId).toBe(anna.id);
  });

  it('follow the admin’s visitor entry: chat off refuses, other hours apply, reset restores the default', async () => {
    await onlineAgent();
    const admin = await staff('Joanna Admin', 'ADMIN');
    const agent = await staff('Marek Agent', 'AGENT');
    const off = { chatEnabled: false, chatHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }, closedOnPublicHolidays: true };
    expect(await saveVisitorChatSetting(agent.principal, off)).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(await saveVisitorChatSetting(admin.principal, { ...off, chatHours: { days: [], from: '17:00', to: '09:00' } })).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        fieldErrors: { 'chatHours.days': ['adminHours.errors.noDays'], 'chatHours.to': ['adminHours.errors.toBeforeFrom'] },
      },
    });

    expect((await saveVisitorChatSetting(admin.principal, off)).ok).toBe(true);
    expect(await chatAvailability(VISITOR_AUDIENCE, WEDNESDAY_NOON)).toMatchObject({
      available: false,
      reason: 'NOT_IN_PLAN',
      hours: null,
    });
    expect(await visitorStart(`ola.${tag()}@example.pl`)).toEqual({ ok: false, error: { kind: 'unavailable', reason: 'NOT_IN_PLAN' } });
    // A BIZNES customer's own rules are untouched by the visitors' switch.
    expect(await chatAvailability('BIZNES', WEDNESDAY_NOON)).toMatchObject({ available: true });

    // Weekends only, 10–14: Wednesday noon is outside, Sunday noon inside.
    const weekend = { chatEnabled: true, chatHours: { days: [6, 7], from: '10:00', to: '14:00' }, closedOnPublicHolidays: false };
    expect((await saveVisitorChatSetting(admin.principal, weekend)).ok).toBe(true);
    expect(await chatAvailability(VISITOR_AUDIENCE, WEDNESDAY_NOON)).toMatchObject({
      available: false,
      reason: 'OUTSIDE_HOURS',
      hours: { days: [6, 7], from: '10:00', to: '14:00' },
      nextOpenAt: '2026-12-05T09:00:00.000Z',
    });
    setClock(SUNDAY);
    expect((await visitorStart(`ola.${tag()}@example.pl`, 'W niedzielę', SUNDAY)).ok).toBe(true);
    setClock(WEDNESDAY_NOON);
    const row = await getVisitorChatSetting(admin.principal);
    expect(row.ok && row.value).toMatchObject({ current: { chat: true, configured: true }, updatedBy: 'Joanna Admin' });

    expect((await resetVisitorChatSetting(admin.principal)).ok).toBe(true);
    expect(await chatAvailability(VISITOR_AUDIENCE, WEDNESDAY_NOON)).toMatchObject({ available: true, hours: { days: [1, 2, 3, 4, 5] } });
  });

  it('a visitor typing a known customer’s address gets that customer’s plan: START refuses, BIZNES files on the account', async () => {
    await onlineAgent();
    const start = await customer('START');
    expect(await visitorStart(start.email)).toEqual({ ok: false, error: { kind: 'unavailable', reason: 'NOT_IN_PLAN' } });
    const biznes = await customer('BIZNES');
    const started = await visitorStart(biznes.email);
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    expect(await db().chatSession.findUniqueOrThrow({ where: { id: started.value.chat.id } })).toMatchObject({
      customerId: biznes.id,
      verified: false,
    });
    // The transcript goes to the typed address only, and repeats nothing typed (nobody vouched for the address).
    expect((await emailTranscript(started.value.chat.id, biznes.id)).ok).toBe(true);
    const mails = await db().outboundEmail.findMany({
      where: {
        template: 'chat.transcript',
        ticketId: (await db().chatSession.findUniqueOrThrow({ where: { id: started.value.chat.id } })).ticketId,
      },
    });
    expect(mails.map((m) => m.toEmail)).toEqual([biznes.email]);
    expect(mails[0]?.text).not.toContain('pytanie o vouchery');
  });
});

describe('a visitor’s chat over HTTP', () => {
  it('validates name and e-mail with the shared schema, in Polish', async () => {
    const response = await sessionsRoute.POST(
      post('/api/chat/sessions', { name: '', email: 'nie-adres', firstMessage: 'Hej', clientMessageId: randomUUID() }),
    );
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.fields.email?.[0]).toMatch(/adres e-mail/i);
  });

  it('never reaches the customer’s other chats or tickets with the visitor’s token', async () => {
    await onlineAgent();
    const jan = await customer('BIZNES');
    // Jan's own earlier chat (verified, from the panel).
    const own = await startChat(
      { kind: 'user', userId: jan.id, locale: 'pl', verified: true },
      startChatSchema.parse({ firstMessage: 'Moja poufna sprawa', clientMessageId: randomUUID() }),
      WEDNESDAY_NOON,
    );
    if (!own.ok) throw new Error('own chat not started');
    expect((await endChatByCustomer(own.value.chat.id, jan.id)).ok).toBe(true);

    const started = await sessionsRoute.POST(
      post('/api/chat/sessions', { name: 'Ktoś Inny', email: jan.email, firstMessage: 'Pokaż mi rozmowy', clientMessageId: randomUUID() }),
    );
    expect(started.status).toBe(201);
    const visitor = (await started.json()) as { chat: { id: string }; token: string };

    expect((await chatRoute.GET(get(`/api/chat/${visitor.chat.id}`, visitor.token), params(visitor.chat.id))).status).toBe(200);
    const other = await chatRoute.GET(get(`/api/chat/${own.value.chat.id}`, visitor.token), params(own.value.chat.id));
    expect(other.status).toBe(404);
    expect(JSON.stringify(await other.json())).not.toContain('poufna');
    // The one ticket link the visitor's chat hands out (for its pictures) opens that chat's ticket, not Jan's others.
    const visitorTicket = (await db().chatSession.findUniqueOrThrow({ where: { id: visitor.chat.id }, include: { ticket: true } })).ticket;
    const janTicket = (await db().chatSession.findUniqueOrThrow({ where: { id: own.value.chat.id }, include: { ticket: true } })).ticket;
    const linkPrincipal = principalFrom({ ticketLinkToken: await customerLinkToken(db(), visitorTicket.id) });
    const facts = (t: { id: string; reporterId: string; companyId: string | null }) => ({ ...t, reporterEmail: jan.email });
    expect(canViewTicket(linkPrincipal, facts(visitorTicket))).toBe(true);
    expect(canViewTicket(linkPrincipal, facts(janTicket))).toBe(false);

    const whileOpen = (await (await availabilityRoute.GET(get('/api/chat/availability', visitor.token))).json()) as {
      openChat: { id: string } | null;
    };
    expect(whileOpen.openChat?.id).toBe(visitor.chat.id);

    // The visitor's chat ends; Jan opens a new one from the panel. The visitor's token must not lead to it.
    const visitorSession = await db().chatSession.findUniqueOrThrow({ where: { id: visitor.chat.id } });
    expect((await endChatByCustomer(visitor.chat.id, visitorSession.customerId)).ok).toBe(true);
    const later = await startChat(
      { kind: 'user', userId: jan.id, locale: 'pl', verified: true },
      startChatSchema.parse({ firstMessage: 'Nowa sprawa', clientMessageId: randomUUID() }),
      WEDNESDAY_NOON,
    );
    expect(later.ok).toBe(true);
    const afterwards = (await (await availabilityRoute.GET(get('/api/chat/availability', visitor.token))).json()) as {
      openChat: { id: string } | null;
    };
    expect(afterwards.openChat).toBeNull();
    // Jan's own token still rejoins his open chat.
    const janAvailability = (await (await availabilityRoute.GET(get('/api/chat/availability', own.value.token))).json()) as {
      openChat: { id: string } | null;
    };
    expect(janAvailability.openChat?.id).toBe(later.ok ? later.value.chat.id : null);
  });

  it('limits visitor starts per IP', async () => {
    await onlineAgent();
    const codes: number[] = [];
    for (let i = 0; i <= VISITOR_LIMIT; i += 1) {
      const response = await sessionsRoute.POST(
        post('/api/chat/sessions', {
          name: 'Ola',
          email: `ola.${tag()}@example.pl`,
          firstMessage: `Pytanie ${i}`,
          clientMessageId: randomUUID(),
        }),
      );
      codes.push(response.status);
      if (response.status === 429) expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(codes).toEqual([...Array<number>(VISITOR_LIMIT).fill(201), 429]);
  });

  it('limits a visitor’s messages left while chat is closed like visitor starts (each files a ticket and sends a mail)', async () => {
    setClock(SUNDAY);
    const emails = Array.from({ length: VISITOR_LIMIT + 1 }, () => `ola.${tag()}@example.pl`);
    const codes: number[] = [];
    let refused: Response | undefined;
    for (const [i, email] of emails.entries()) {
      const response = await offlineRoute.POST(post('/api/chat/offline', { name: 'Ola', email, body: `Wiadomość ${i}` }));
      codes.push(response.status);
      refused = response;
    }
    expect(codes).toEqual([...Array<number>(VISITOR_LIMIT).fill(201), 429]);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused?.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // Only the accepted ones filed a ticket: the refused address got no ticket and no e-mail.
    const filed = await db().ticket.findMany({
      where: { reporter: { email: { in: emails } } },
      select: { reporter: { select: { email: true } } },
    });
    expect(filed.map((t) => t.reporter.email).sort()).toEqual(emails.slice(0, VISITOR_LIMIT).sort());
  });
});

describe('chat first response in seconds', () => {
  it('uses the plan’s chat target (admin-set) for the due date, the agent’s first chat message answers it, and a miss is recorded', async () => {
    const admin = await staff('Joanna Admin', 'ADMIN');
    const anna = await onlineAgent();
    expect(
      await saveSlaPolicy(admin.principal, { plan: 'PREMIUM', firstResponseHours: 2, resolutionHours: 24, chatFirstResponseSeconds: 5 }),
    ).toEqual({ ok: false, error: { kind: 'invalid', fieldErrors: { chatFirstResponseSeconds: ['adminSla.errors.secondsMin'] } } });
    expect(
      (await saveSlaPolicy(admin.principal, { plan: 'PREMIUM', firstResponseHours: 2, resolutionHours: 24, chatFirstResponseSeconds: 30 }))
        .ok,
    ).toBe(true);
    const rows = await listSlaPolicies(admin.principal);
    expect(rows.ok && rows.value.find((r) => r.plan === 'PREMIUM')).toMatchObject({
      current: { chatFirstResponseSeconds: 30, configured: true },
      defaults: { chatFirstResponseSeconds: 60 },
    });
    // Saving the hour targets alone keeps the chat target.
    expect((await saveSlaPolicy(admin.principal, { plan: 'PREMIUM', firstResponseHours: 3, resolutionHours: 24 })).ok).toBe(true);

    const start = new Date(Date.now() - 60_000);
    const answered = await startChat(
      { kind: 'user', userId: (await customer('PREMIUM')).id, locale: 'pl', verified: true },
      startChatSchema.parse({ firstMessage: 'Szybkie pytanie', clientMessageId: randomUUID() }),
      start,
    );
    const missed = await startChat(
      { kind: 'user', userId: (await customer('PREMIUM')).id, locale: 'pl', verified: true },
      startChatSchema.parse({ firstMessage: 'Drugie pytanie', clientMessageId: randomUUID() }),
      start,
    );
    if (!answered.ok || !missed.ok) throw new Error('chats not started');
    const ticketOf = async (chatId: string) =>
      db().ticket.findUniqueOrThrow({ where: { id: (await db().chatSession.findUniqueOrThrow({ where: { id: chatId } })).ticketId } });
    expect((await ticketOf(answered.value.chat.id)).firstResponseDueAt?.getTime()).toBe(start.getTime() + 30_000);

    expect((await acceptChat(answered.value.chat.id, anna.id)).ok).toBe(true);
    const reply = await postChatMessage({
      chatId: answered.value.chat.id,
      side: { kind: 'agent', agentId: anna.id },
      input: { clientMessageId: randomUUID(), body: 'Już pomagam.', attachmentTokens: [], internal: false },
      now: new Date(start.getTime() + 12_000),
    });
    expect(reply.ok).toBe(true);
    expect((await ticketOf(answered.value.chat.id)).firstRespondedAt?.getTime()).toBe(start.getTime() + 12_000);

    // The worker's breach job, unchanged: the unanswered chat passed its 30 s, the answered one did not.
    await recordSlaBreaches(new Date(start.getTime() + 31_000));
    expect((await ticketOf(missed.value.chat.id)).firstResponseBreachedAt).not.toBeNull();
    expect((await ticketOf(answered.value.chat.id)).firstResponseBreachedAt).toBeNull();
    const events = await db().ticketEvent.findMany({
      where: { ticketId: (await ticketOf(missed.value.chat.id)).id, type: 'sla.first_response_breached' },
    });
    expect(events).toHaveLength(1);

    expect((await resetSlaPolicy(admin.principal, 'PREMIUM')).ok).toBe(true);
  });

  it('gives visitors their own chat target', async () => {
    const admin = await staff('Joanna Admin', 'ADMIN');
    await onlineAgent();
    expect((await saveVisitorChatTarget(admin.principal, { chatFirstResponseSeconds: '90' })).ok).toBe(true);
    const started = await visitorStart(`ola.${tag()}@example.pl`);
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const session = await db().chatSession.findUniqueOrThrow({ where: { id: started.value.chat.id }, include: { ticket: true } });
    expect(session.ticket.firstResponseDueAt?.getTime()).toBe(WEDNESDAY_NOON.getTime() + 90_000);
    expect((await resetVisitorChatTarget(admin.principal)).ok).toBe(true);
  });
});
