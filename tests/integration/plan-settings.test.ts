import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');
const { saveSlaPolicy } = await import('@/server/sla/policies');
const { addBusinessMs, addDays, businessMsBetween, isoWeekday, localDateOf, polishHolidayOn, zonedInstant } =
  await import('@/server/calendar');
const { businessCalendarFor, getPlanSupport, isChannelOpen, nextChannelOpening } = await import('@/server/plan-settings');
const { addCalendarException, listCalendarExceptions, listPlanSettings, removeCalendarException, resetPlanSetting, savePlanSetting } =
  await import('@/server/plan-settings/admin');
const { PLAN_SUPPORT } = await import('@/server/plans');

/**
 * Admin-set channels, hours and days off (PlanSetting, CalendarException) on real Postgres, and the SLA due dates
 * that tickets get from them: the wall-clock moments that business hours give.
 */

const tag = () => randomUUID().slice(0, 8);
const HOUR = 3_600_000;
/** The instant of a Warsaw wall-clock time. */
const warsaw = (date: string, time: string) => new Date(zonedInstant(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))));

async function person(name: string, role: Role = 'CUSTOMER') {
  const user = await db().user.create({ data: { email: `${name.split(' ')[0]!.toLowerCase()}.${tag()}@example.pl`, name, role } });
  const principal: Principal = { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false };
  return { ...user, principal };
}

async function fileAt(plan: Plan, filedAt: Date) {
  const created = await createTicket({
    fields: ticketFieldsSchema.parse({
      category: 'TECHNICAL_ERROR',
      subject: `Voucher nie działa ${tag()}`,
      actual: 'Kasa odrzuca kod GIFT-1234.',
    }),
    reporter: { email: `anna.${tag()}@example.pl`, name: 'Anna Nowak', company: { externalId: `cmp-${tag()}`, name: 'Hotel Test', plan } },
    channel: 'API',
    filedAt,
  });
  if (!created.ok) throw new Error('ticket not created');
  return db().ticket.findUniqueOrThrow({ where: { id: created.value.id } });
}

const hours = (days: number[], from: string, to: string) => ({ days, from, to });
const biznesSetting = (overrides: Record<string, unknown> = {}) => ({
  plan: 'BIZNES',
  channels: ['CHAT'],
  supportHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
  chatHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
  phoneHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
  closedOnPublicHolidays: true,
  ...overrides,
});

/** A Friday at least two weeks ahead whose next Monday and Tuesday are ordinary working days. */
function plainFridayAhead(): string {
  let date = addDays(localDateOf(new Date()), 14);
  while (isoWeekday(date) !== 5 || [0, 3, 4].some((d) => polishHolidayOn(addDays(date, d)))) date = addDays(date, 1);
  return date;
}

afterEach(async () => {
  await db().planSetting.deleteMany();
  await db().calendarException.deleteMany();
  await db().slaPolicy.deleteMany();
  const { invalidatePlanSettings } = await import('@/server/plan-settings');
  invalidatePlanSettings();
});

describe('SLA due dates in support hours', () => {
  it('makes a BIZNES ticket filed on Friday at 16:30 due for a first response on Monday at 16:30', async () => {
    const ticket = await fileAt('BIZNES', warsaw('2026-11-27', '16:30'));
    expect(ticket.createdAt).toEqual(warsaw('2026-11-27', '16:30'));
    expect(ticket.firstResponseDueAt).toEqual(warsaw('2026-11-30', '16:30'));
    // 72 business hours = nine working days of eight hours: 0.5 h on Friday, then to Thursday 10 December 16:30.
    expect(ticket.resolutionDueAt).toEqual(warsaw('2026-12-10', '16:30'));
  });

  it('skips Easter Monday: filed on the Friday before it, due on Tuesday at 16:30', async () => {
    const ticket = await fileAt('BIZNES', warsaw('2026-04-03', '16:30'));
    expect(ticket.firstResponseDueAt).toEqual(warsaw('2026-04-07', '16:30'));
  });

  it('keeps PREMIUM (Mon–Sat 8–20, 2 h) from being late before anyone is at work on Sunday night', async () => {
    const ticket = await fileAt('PREMIUM', warsaw('2026-11-29', '21:00'));
    expect(ticket.firstResponseDueAt).toEqual(warsaw('2026-11-30', '10:00'));
  });

  it('follows the admin: other support hours, other targets, then the defaults after a reset', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const saved = await savePlanSetting(admin.principal, biznesSetting({ supportHours: hours([1, 2, 3, 4, 5], '08:00', '16:00') }));
    expect(saved).toEqual({ ok: true, value: { plan: 'BIZNES' } });
    // Filed after the team's 16:00: the eight hours start on Monday at 8:00.
    expect((await fileAt('BIZNES', warsaw('2026-11-27', '16:30'))).firstResponseDueAt).toEqual(warsaw('2026-11-30', '16:00'));

    expect((await saveSlaPolicy(admin.principal, { plan: 'BIZNES', firstResponseHours: 4, resolutionHours: 40 })).ok).toBe(true);
    expect((await getPlanSupport('BIZNES')).firstResponseHours).toBe(4);
    expect((await fileAt('BIZNES', warsaw('2026-11-27', '16:30'))).firstResponseDueAt).toEqual(warsaw('2026-11-30', '12:00'));

    const rows = await listPlanSettings(admin.principal);
    expect(rows.ok && rows.value.find((r) => r.plan === 'BIZNES')).toMatchObject({
      current: { configured: true, supportHours: { from: '08:00', to: '16:00' } },
      updatedBy: 'Joanna Mazur',
    });

    expect((await resetPlanSetting(admin.principal, 'BIZNES')).ok).toBe(true);
    expect((await getPlanSupport('BIZNES')).supportHours).toEqual(PLAN_SUPPORT.BIZNES.supportHours);
  });

  it('gives back the business time left when a paused ticket is answered', async () => {
    const calendar = await businessCalendarFor('BIZNES');
    const filed = warsaw('2026-11-27', '16:30');
    const paused = warsaw('2026-11-27', '16:45');
    const answered = warsaw('2026-11-28', '11:00'); // Saturday
    const { slaChangesForMove } = await import('@/server/sla/clock');
    const due = addBusinessMs(calendar, filed, 8 * HOUR);
    const moved = slaChangesForMove(
      { status: 'WAITING_ON_CUSTOMER', slaPausedAt: paused, firstResponseDueAt: due, resolutionDueAt: null },
      'OPEN',
      answered,
      calendar,
    );
    // 15 minutes were used before the pause: 7 h 45 min are left, from Monday 9:00.
    expect(moved.firstResponseDueAt).toEqual(warsaw('2026-11-30', '16:45'));
    expect(businessMsBetween(calendar, answered, moved.firstResponseDueAt!)).toBe(businessMsBetween(calendar, paused, due));
  });
});

describe('calendar exceptions', () => {
  it('moves due dates past an extra day off, opens a worked Saturday, and refuses bad dates with Polish keys', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const friday = plainFridayAhead();
    const monday = addDays(friday, 3);
    expect((await fileAt('BIZNES', warsaw(friday, '16:30'))).firstResponseDueAt).toEqual(warsaw(monday, '16:30'));

    expect(await addCalendarException(admin.principal, { date: monday, kind: 'DAY_OFF', note: 'Dzień wolny za sobotę' })).toEqual({
      ok: true,
      value: { date: monday },
    });
    expect((await fileAt('BIZNES', warsaw(friday, '16:30'))).firstResponseDueAt).toEqual(warsaw(addDays(friday, 4), '16:30'));
    expect(await isChannelOpen('BIZNES', 'CHAT', warsaw(monday, '10:00'))).toBe(false);

    expect(await addCalendarException(admin.principal, { date: monday, kind: 'WORKING_DAY' })).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { date: ['adminHours.errors.dateTaken'] } },
    });
    expect(await addCalendarException(admin.principal, { date: '2020-01-02', kind: 'DAY_OFF' })).toEqual({
      ok: false,
      error: { kind: 'invalid', fieldErrors: { date: ['adminHours.errors.datePast'] } },
    });
    expect(await addCalendarException(admin.principal, { date: '2031-02-30', kind: 'DAY_OFF' })).toMatchObject({
      error: { fieldErrors: { date: ['adminHours.errors.date'] } },
    });

    const listed = await listCalendarExceptions(admin.principal);
    expect(listed.ok && listed.value).toEqual([
      { date: monday, kind: 'DAY_OFF', note: 'Dzień wolny za sobotę', createdBy: 'Joanna Mazur' },
    ]);

    // A Saturday worked: BIZNES's chat is open then with its usual hours.
    const saturday = addDays(friday, 1);
    expect(await isChannelOpen('BIZNES', 'CHAT', warsaw(saturday, '10:00'))).toBe(false);
    expect((await addCalendarException(admin.principal, { date: saturday, kind: 'WORKING_DAY' })).ok).toBe(true);
    expect(await isChannelOpen('BIZNES', 'CHAT', warsaw(saturday, '10:00'))).toBe(true);

    expect((await removeCalendarException(admin.principal, monday)).ok).toBe(true);
    expect(await isChannelOpen('BIZNES', 'CHAT', warsaw(monday, '10:00'))).toBe(true);
  });

  it('lets only admins change hours and days off', async () => {
    const agent = await person('Piotr Zieliński', 'AGENT');
    expect(await savePlanSetting(agent.principal, biznesSetting())).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(await addCalendarException(agent.principal, { date: plainFridayAhead(), kind: 'DAY_OFF' })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await db().planSetting.count()).toBe(0);
    expect(await db().calendarException.count()).toBe(0);
  });
});

describe('plan channels and hours', () => {
  it('refuses hours without days or ending before they start, field by field', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const result = await savePlanSetting(
      admin.principal,
      biznesSetting({
        supportHours: hours([], '09:00', '17:00'),
        chatHours: hours([1], '18:00', '09:00'),
        phoneHours: hours([1], '9:00', '25:00'),
      }),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'invalid',
        fieldErrors: {
          'supportHours.days': ['adminHours.errors.noDays'],
          'chatHours.to': ['adminHours.errors.toBeforeFrom'],
          'phoneHours.from': ['adminHours.errors.time'],
          'phoneHours.to': ['adminHours.errors.endTime'],
        },
      },
    });
    expect(await db().planSetting.count()).toBe(0);
  });

  it('opens phone for BIZNES when an admin turns it on, in its own hours, and says when it opens next', async () => {
    const admin = await person('Joanna Mazur', 'ADMIN');
    const friday11 = warsaw('2026-11-27', '11:00');
    expect(await isChannelOpen('BIZNES', 'PHONE', friday11)).toBe(false);
    expect(await nextChannelOpening('BIZNES', 'PHONE', friday11)).toBeNull();
    expect(await isChannelOpen('PREMIUM', 'PHONE', friday11)).toBe(true);
    expect(await isChannelOpen('START', 'CHAT', friday11)).toBe(false);
    expect(await isChannelOpen(null, 'CHAT', friday11)).toBe(false);

    // Read once (cached), then saved: the next read sees the change at once.
    expect((await getPlanSupport('BIZNES')).channels).not.toContain('PHONE');
    const saved = await savePlanSetting(
      admin.principal,
      biznesSetting({ channels: ['CHAT', 'PHONE'], phoneHours: hours([1, 2, 3, 4, 5], '10:00', '14:00') }),
    );
    expect(saved.ok).toBe(true);
    expect((await getPlanSupport('BIZNES')).channels).toEqual(['TICKET', 'EMAIL', 'CHAT', 'PHONE']);
    expect(await isChannelOpen('BIZNES', 'PHONE', friday11)).toBe(true);
    expect(await isChannelOpen('BIZNES', 'PHONE', warsaw('2026-11-27', '14:00'))).toBe(false);
    expect(await nextChannelOpening('BIZNES', 'PHONE', warsaw('2026-11-27', '14:00'))).toEqual(warsaw('2026-11-30', '10:00'));
    // Public holidays: closed on Independence Day unless the plan works through them.
    expect(await isChannelOpen('BIZNES', 'PHONE', warsaw('2026-11-11', '11:00'))).toBe(false);
    await savePlanSetting(admin.principal, biznesSetting({ channels: ['PHONE'], closedOnPublicHolidays: false }));
    expect(await isChannelOpen('BIZNES', 'PHONE', warsaw('2026-11-11', '11:00'))).toBe(true);
    expect(await isChannelOpen('BIZNES', 'CHAT', friday11)).toBe(false);
  });
});
