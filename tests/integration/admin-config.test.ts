import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { fileTicketFromForm } = await import('@/server/tickets/file-from-form');
const { fileTicketFromApi } = await import('@/server/tickets/file-from-api');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { saveCategorySettings, contactCategories, categorySettings } = await import('@/server/categories/settings');
const { saveSlaPolicy, resetSlaPolicy, listSlaPolicies } = await import('@/server/sla/policies');
const { slaTargetsFor } = await import('@/server/sla/targets');
const { PLAN_SUPPORT, calendarOf } = await import('@/server/plans');
const { businessMsBetween } = await import('@/server/calendar');
const canned = await import('@/server/canned/responses');

const tag = () => randomUUID().slice(0, 8);
const HOUR = 3_600_000;
const CATEGORIES = ['TECHNICAL_ERROR', 'CONFIGURATION', 'BILLING', 'SUGGESTION', 'OTHER'] as const;

async function person(name: string, role: Role = 'CUSTOMER', active = true) {
  const user = await db().user.create({ data: { email: `${name.split(' ')[0]!.toLowerCase()}.${tag()}@example.pl`, name, role, active } });
  const principal: Principal = { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false };
  return { ...user, principal };
}

/** Every category, visible, catalogue texts, with `overrides` for some; in catalogue order unless `order` says otherwise. */
function settings(
  overrides: Partial<Record<(typeof CATEGORIES)[number], Record<string, unknown>>> = {},
  order: readonly string[] = CATEGORIES,
) {
  return order.map((category) => ({ category, active: true, ...overrides[category as (typeof CATEGORIES)[number]] }));
}

function fields(category: string, priority = 'NORMAL') {
  return ticketFieldsSchema.parse({
    category,
    subject: `Voucher nie działa ${tag()}`,
    actual: 'Po wpisaniu kodu kasa pokazuje błąd VOUCHER_EXPIRED.',
    priority,
  });
}

const apiTicket = (category: string, plan: Plan = 'START') => ({
  category,
  subject: 'Voucher odrzucony w kasie',
  actual: 'Kasa odrzuca voucher z komunikatem VOUCHER_EXPIRED.',
  reporter: { name: 'Jan Kowalski', email: `jan.${tag()}@example.pl`, company: { externalId: `cmp-${tag()}`, name: 'Hotel Test', plan } },
});

afterEach(async () => {
  // The run's database is shared with the files after this one: leave no settings behind.
  await db().categorySetting.deleteMany();
  await db().slaPolicy.deleteMany();
  await db().cannedResponse.deleteMany();
});

describe('category settings applied by createTicket', () => {
  it('refuses a hidden category from the contact form and the API with a localised field error, but not by e-mail or for a follow-up', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    expect((await saveCategorySettings(admin.principal, settings({ SUGGESTION: { active: false } }))).ok).toBe(true);

    const form = await fileTicketFromForm(
      { ...fields('SUGGESTION'), reporter: { name: 'Anna Wiśniewska', email: `anna.${tag()}@example.pl` } },
      { viewer: { kind: 'guest' }, ip: `198.51.100.${tag()}`, locale: 'pl' },
    );
    expect(form).toEqual({ ok: false, error: { fieldErrors: { category: ['Ta kategoria nie jest już dostępna. Wybierz inną.'] } } });

    const api = await fileTicketFromApi(apiTicket('SUGGESTION'), [], { locale: 'en' });
    expect(api).toEqual({ status: 422, errors: { category: ['This category is no longer available. Please choose another one.'] } });

    const reporter = await person('Ola Nowak');
    expect(await createTicket({ fields: fields('SUGGESTION'), reporter: { userId: reporter.id }, channel: 'WEB' })).toEqual({
      ok: false,
      error: { kind: 'category_hidden' },
    });
    expect(await db().ticket.count({ where: { reporterId: reporter.id } })).toBe(0);

    const byEmail = await createTicket({
      fields: fields('SUGGESTION'),
      reporter: { email: `mail.${tag()}@example.pl`, name: 'Mail' },
      channel: 'EMAIL',
    });
    expect(byEmail.ok).toBe(true);
    if (!byEmail.ok) return;
    const followUp = await createTicket({
      fields: fields('SUGGESTION'),
      reporter: { userId: reporter.id },
      channel: 'WEB',
      followUpOfId: byEmail.value.id,
    });
    expect(followUp.ok).toBe(true);

    // Visible again: filed as usual.
    await saveCategorySettings(admin.principal, settings());
    expect((await createTicket({ fields: fields('SUGGESTION'), reporter: { userId: reporter.id }, channel: 'WEB' })).ok).toBe(true);
  });

  it("raises the reporter's priority to the category's default, never lowers it, and records why", async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    await saveCategorySettings(admin.principal, settings({ BILLING: { defaultPriority: 'HIGH' } }));
    const reporter = await person('Ola Nowak');

    const raised = await createTicket({ fields: fields('BILLING', 'LOW'), reporter: { userId: reporter.id }, channel: 'WEB' });
    const kept = await createTicket({ fields: fields('BILLING', 'URGENT'), reporter: { userId: reporter.id }, channel: 'WEB' });
    const other = await createTicket({ fields: fields('OTHER', 'LOW'), reporter: { userId: reporter.id }, channel: 'WEB' });
    if (!raised.ok || !kept.ok || !other.ok) throw new Error('tickets not created');

    const priority = async (id: string) => (await db().ticket.findUniqueOrThrow({ where: { id } })).priority;
    expect(await priority(raised.value.id)).toBe('HIGH');
    expect(await priority(kept.value.id)).toBe('URGENT');
    expect(await priority(other.value.id)).toBe('LOW');
    const event = await db().ticketEvent.findFirstOrThrow({ where: { ticketId: raised.value.id, type: 'ticket.created' } });
    expect(event.data).toMatchObject({ priorityFromCategory: { reported: 'LOW', applied: 'HIGH' } });
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: raised.value.id } });
    expect(mail.text).toContain('Wysoki');
  });

  it('assigns new tickets to the default agent while that agent is active, recorded in the creation event', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const agent = await person('Ewa Dąbrowska', 'AGENT');
    await saveCategorySettings(admin.principal, settings({ CONFIGURATION: { defaultAssigneeId: agent.id } }));
    const reporter = await person('Ola Nowak');

    const assigned = await createTicket({ fields: fields('CONFIGURATION'), reporter: { userId: reporter.id }, channel: 'WEB' });
    if (!assigned.ok) throw new Error('ticket not created');
    expect((await db().ticket.findUniqueOrThrow({ where: { id: assigned.value.id } })).assigneeId).toBe(agent.id);
    const event = await db().ticketEvent.findFirstOrThrow({ where: { ticketId: assigned.value.id, type: 'ticket.created' } });
    expect(event.data).toMatchObject({ assignedByCategory: { id: agent.id, name: 'Ewa Dąbrowska' } });

    await db().user.update({ where: { id: agent.id }, data: { active: false } });
    const unassigned = await createTicket({ fields: fields('CONFIGURATION'), reporter: { userId: reporter.id }, channel: 'WEB' });
    if (!unassigned.ok) throw new Error('ticket not created');
    expect((await db().ticket.findUniqueOrThrow({ where: { id: unassigned.value.id } })).assigneeId).toBeNull();
  });
});

describe('saving category settings', () => {
  it('is for admins only', async () => {
    const agent = await person('Marek Jankowski', 'AGENT');
    expect(await saveCategorySettings(agent.principal, settings({ OTHER: { active: false } }))).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await db().categorySetting.count()).toBe(0);
  });

  it('keeps at least one category visible and refuses an inactive default agent', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const gone = await person('Były Konsultant', 'AGENT', false);
    const allHidden = Object.fromEntries(CATEGORIES.map((c) => [c, { active: false }]));
    expect(await saveCategorySettings(admin.principal, settings(allHidden))).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { _form: ['adminCategories.errors.oneVisible'] } },
    });
    expect(await saveCategorySettings(admin.principal, settings({ BILLING: { defaultAssigneeId: gone.id } }))).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { '2.defaultAssigneeId': ['adminCategories.errors.assigneeInactive'] } },
    });
    expect(await db().categorySetting.count()).toBe(0);
  });

  it('gives the contact form the visible categories in the saved order with the configured names per language', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const order = ['BILLING', 'TECHNICAL_ERROR', 'OTHER', 'CONFIGURATION', 'SUGGESTION'];
    await saveCategorySettings(
      admin.principal,
      settings(
        { BILLING: { labelPl: 'Płatności i faktury', descriptionEn: 'Invoices and plans' }, CONFIGURATION: { active: false } },
        order,
      ),
    );
    expect((await categorySettings()).map((c) => c.category)).toEqual(order);
    const pl = await contactCategories('pl');
    expect(pl.map((c) => c.category)).toEqual(['BILLING', 'TECHNICAL_ERROR', 'OTHER', 'SUGGESTION']);
    expect(pl[0]).toEqual({ category: 'BILLING', label: 'Płatności i faktury', description: null });
    expect((await contactCategories('en'))[0]).toEqual({ category: 'BILLING', label: null, description: 'Invoices and plans' });
  });
});

describe('SLA policy', () => {
  it("uses the plan's defaults until an admin sets targets, then the targets for new tickets only, and the defaults again after a reset", async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const before = await fileTicketFromApi(apiTicket('TECHNICAL_ERROR', 'BIZNES'), [], { locale: 'pl' });
    if (before.status !== 201) throw new Error('ticket not created');
    // Targets count in BIZNES's support hours: the business time from filing to each due date.
    const calendar = calendarOf(PLAN_SUPPORT.BIZNES, 'SUPPORT');
    const dueOf = async (id: string) => {
      const t = await db().ticket.findUniqueOrThrow({ where: { id } });
      return {
        first: businessMsBetween(calendar, t.createdAt, t.firstResponseDueAt!),
        resolution: businessMsBetween(calendar, t.createdAt, t.resolutionDueAt!),
      };
    };
    const near = (ms: number, hours: number) => expect(ms).toBe(hours * HOUR);
    const old = await dueOf(before.ticket.id);
    near(old.first, PLAN_SUPPORT.BIZNES.firstResponseHours);
    near(old.resolution, PLAN_SUPPORT.BIZNES.resolutionHours);

    expect(await saveSlaPolicy(admin.principal, { plan: 'BIZNES', firstResponseHours: 3, resolutionHours: 30 })).toEqual({
      ok: true,
      value: { plan: 'BIZNES' },
    });
    expect(await slaTargetsFor('BIZNES')).toEqual({ firstResponseMinutes: 180, resolutionMinutes: 1800, configured: true });
    // Another plan and people without a company keep their defaults.
    expect(await slaTargetsFor('PREMIUM')).toMatchObject({
      firstResponseMinutes: PLAN_SUPPORT.PREMIUM.firstResponseHours * 60,
      configured: false,
    });
    expect(await slaTargetsFor(null)).toMatchObject({
      firstResponseMinutes: PLAN_SUPPORT.START.firstResponseHours * 60,
      configured: false,
    });

    const after = await fileTicketFromApi(apiTicket('TECHNICAL_ERROR', 'BIZNES'), [], { locale: 'pl' });
    if (after.status !== 201) throw new Error('ticket not created');
    const configured = await dueOf(after.ticket.id);
    near(configured.first, 3);
    near(configured.resolution, 30);
    expect(await dueOf(before.ticket.id)).toEqual(old);

    const rows = await listSlaPolicies(admin.principal);
    expect(rows.ok && rows.value.find((r) => r.plan === 'BIZNES')).toMatchObject({
      current: { firstResponseMinutes: 180, configured: true },
      updatedBy: 'Joanna Mazur',
    });

    expect((await resetSlaPolicy(admin.principal, 'BIZNES')).ok).toBe(true);
    expect(await slaTargetsFor('BIZNES')).toMatchObject({
      firstResponseMinutes: PLAN_SUPPORT.BIZNES.firstResponseHours * 60,
      configured: false,
    });
  });

  it('refuses targets that make no sense, and anyone but an admin', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const agent = await person('Marek Jankowski', 'AGENT');
    expect(await saveSlaPolicy(admin.principal, { plan: 'START', firstResponseHours: 10, resolutionHours: 5 })).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { resolutionHours: ['adminSla.errors.resolutionBeforeFirst'] } },
    });
    expect(await saveSlaPolicy(admin.principal, { plan: 'START', firstResponseHours: 0, resolutionHours: 99_999 })).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        fieldErrors: { firstResponseHours: ['adminSla.errors.positive'], resolutionHours: ['adminSla.errors.tooLong'] },
      },
    });
    expect(await saveSlaPolicy(agent.principal, { plan: 'START', firstResponseHours: 1, resolutionHours: 2 })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await resetSlaPolicy(agent.principal, 'START')).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(await db().slaPolicy.count()).toBe(0);
  });
});

describe('canned responses', () => {
  it('refuses every management action to agents and customers', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const created = await canned.saveCannedResponse(admin.principal, null, { title: 'Powitanie', body: 'Dzień dobry {{klient.imie}},' });
    if (!created.ok) throw new Error('not created');
    const id = created.value.id;
    for (const someone of [await person('Marek Jankowski', 'AGENT'), await person('Ola Nowak')]) {
      const forbidden = { ok: false, error: { kind: 'forbidden' } };
      expect(await canned.listCannedResponses(someone.principal)).toEqual(forbidden);
      expect(await canned.getCannedResponse(someone.principal, id)).toEqual(forbidden);
      expect(await canned.saveCannedResponse(someone.principal, null, { title: 'X', body: 'Y' })).toEqual(forbidden);
      expect(await canned.saveCannedResponse(someone.principal, id, { title: 'X', body: 'Y' })).toEqual(forbidden);
      expect(await canned.setCannedResponseActive(someone.principal, id, false)).toEqual(forbidden);
      expect(await canned.deleteCannedResponse(someone.principal, id)).toEqual(forbidden);
    }
    expect(await db().cannedResponse.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: 'Powitanie', active: true });
    expect(await db().cannedResponse.count()).toBe(1);
  });

  it('lets an admin create, search, edit, turn off and delete, naming unknown placeholders', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    expect(
      await canned.saveCannedResponse(admin.principal, null, { title: 'Zły', body: 'Dzień dobry {{klient.pesel}} i {{order.id}}' }),
    ).toEqual({
      ok: false,
      error: { kind: 'unknown_placeholders', names: ['klient.pesel', 'order.id'] },
    });
    const created = await canned.saveCannedResponse(admin.principal, null, {
      title: 'Zwrot płatności',
      body: 'Zwrot dla {{firma.nazwa}}',
      locale: 'pl',
      category: 'BILLING',
    });
    if (!created.ok) throw new Error('not created');
    const id = created.value.id;
    const found = await canned.listCannedResponses(admin.principal, 'ZWROT');
    expect(found.ok && found.value.map((r) => r.id)).toEqual([id]);
    expect(await canned.listCannedResponses(admin.principal, 'nic takiego')).toEqual({ ok: true, value: [] });

    expect(
      (
        await canned.saveCannedResponse(admin.principal, id, {
          title: 'Zwrot',
          body: 'Zwrot dla {{company.name}}',
          locale: null,
          category: null,
        })
      ).ok,
    ).toBe(true);
    expect(await db().cannedResponse.findUniqueOrThrow({ where: { id } })).toMatchObject({
      title: 'Zwrot',
      locale: null,
      category: null,
      createdById: admin.id,
    });
    expect((await canned.setCannedResponseActive(admin.principal, id, false)).ok).toBe(true);
    expect((await db().cannedResponse.findUniqueOrThrow({ where: { id } })).active).toBe(false);
    expect(await canned.deleteCannedResponse(admin.principal, id)).toEqual({ ok: true, value: { id } });
    expect(await canned.deleteCannedResponse(admin.principal, id)).toEqual({ ok: false, error: { kind: 'not_found' } });
  });

  it("lists active responses for the ticket's category first, then in the reporter's language, and renders one with the ticket's values", async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const agent = await person('Ewa Dąbrowska', 'AGENT');
    const company = await db().company.create({ data: { externalId: `cmp-${tag()}`, name: 'Spa Zdrój', plan: 'BIZNES' } });
    const reporter = await db().user.create({
      data: { email: `kasia.${tag()}@example.pl`, name: 'Katarzyna Nowak', locale: 'en', companyId: company.id },
    });
    const ticket = await createTicket({ fields: fields('BILLING'), reporter: { userId: reporter.id }, channel: 'WEB' });
    if (!ticket.ok) throw new Error('ticket not created');

    const make = async (title: string, extra: Record<string, unknown>) => {
      const result = await canned.saveCannedResponse(admin.principal, null, { title, body: `${title}: {{klient.imie}}`, ...extra });
      if (!result.ok) throw new Error('not created');
      return result.value.id;
    };
    await make('A ogólna polska', { locale: 'pl' });
    await make('B ogólna dowolna', {});
    await make('C ogólna angielska', { locale: 'en' });
    await make('D płatności polska', { locale: 'pl', category: 'BILLING' });
    await make('E płatności angielska', { locale: 'en', category: 'BILLING' });
    await make('F techniczna angielska', { locale: 'en', category: 'TECHNICAL_ERROR' });
    await make('G wyłączona', { locale: 'en', category: 'BILLING', active: false });

    const list = await canned.cannedResponsesForTicket(agent.principal, ticket.value.number);
    if (!list.ok) throw new Error('not listed');
    expect(list.value.map((i) => i.title)).toEqual([
      'E płatności angielska',
      'D płatności polska',
      'C ogólna angielska',
      'B ogólna dowolna',
      'A ogólna polska',
      'F techniczna angielska',
    ]);
    expect(list.value[0]).toMatchObject({ matchesCategory: true, matchesLocale: true });
    expect(await canned.cannedResponsesForTicket(await person('Ola Nowak').then((p) => p.principal), ticket.value.number)).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });

    const greeting = await canned.saveCannedResponse(admin.principal, null, {
      title: 'Powitanie',
      body: 'Dzień dobry {{klient.imie}},\nzgłoszenie {{zgloszenie.numer}} ({{firma.nazwa}}).\n{{agent.imie}}',
    });
    if (!greeting.ok) throw new Error('not created');
    const rendered = await canned.insertCannedResponse(agent.principal, ticket.value.number, greeting.value.id);
    expect(rendered).toEqual({
      ok: true,
      value: { text: `Dzień dobry Katarzyna,\nzgłoszenie ${ticket.value.displayNumber} (Spa Zdrój).\nEwa` },
    });
    expect((await db().cannedResponse.findUniqueOrThrow({ where: { id: greeting.value.id } })).usageCount).toBe(1);

    await canned.setCannedResponseActive(admin.principal, greeting.value.id, false);
    expect(await canned.insertCannedResponse(agent.principal, ticket.value.number, greeting.value.id)).toEqual({
      ok: false,
      error: { kind: 'not_found' },
    });
  });
});
