import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';
import { holdLock, race } from './race';

const { db } = await import('@/server/db/client');
const {
  inviteStaff,
  resendInvitation,
  changeStaffRole,
  setStaffActive,
  setStaffNotifications,
  listStaff,
  updateOwnSettings,
  getOwnSettings,
} = await import('@/server/admin/team');
const { createDatabaseSession } = await import('@/server/auth/session');
const { handlers } = await import('@/server/auth/auth');
const { NextRequest } = await import('next/server');

const tag = () => randomUUID().slice(0, 8);

interface Person {
  id: string;
  email: string;
  principal: Principal;
}

async function person(role: Role, { active = true }: { active?: boolean } = {}): Promise<Person> {
  const email = `${role.toLowerCase()}.${tag()}@vouchie.test`;
  const user = await db().user.create({ data: { email, name: `${role} ${tag()}`, role, active } });
  return { id: user.id, email, principal: { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false } };
}

/**
 * The admin-count guards look at every active admin in the database, and files share one database: tests that
 * need "the last admin" first retire the admins other tests left behind (nothing else reads them).
 */
async function onlyAdmin(): Promise<Person> {
  await db().user.updateMany({ where: { role: 'ADMIN', active: true }, data: { active: false } });
  return person('ADMIN');
}

function linkIn(text: string): URL {
  const match = /https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/.exec(text);
  if (!match) throw new Error(`no sign-in link in:\n${text}`);
  return new URL(match[0]);
}

describe('inviting staff', () => {
  it('creates the agent and e-mails a 7-day sign-in link whose token next-auth has stored hashed', async () => {
    const admin = await person('ADMIN');
    const email = `nowy.${tag()}@vouchie.test`;
    const now = new Date();
    const result = await inviteStaff(
      admin.principal,
      { email: ` ${email.toUpperCase()} `, name: 'Nowy Konsultant', role: 'AGENT', locale: 'en' },
      now,
    );
    expect(result.ok).toBe(true);

    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({
      role: 'AGENT',
      name: 'Nowy Konsultant',
      locale: 'en',
      active: true,
      invitedById: admin.id,
      lastSignInAt: null,
    });
    expect(user.invitedAt?.getTime()).toBe(now.getTime());

    const [mail, ...more] = await db().outboundEmail.findMany({ where: { toEmail: email } });
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ template: 'staff.invitation', subject: 'Your invitation to the Vouchie Support team' });
    const link = linkIn(mail!.text);
    expect(link.origin).toBe('http://localhost:3000');
    expect(link.searchParams.get('email')).toBe(email);
    expect(link.searchParams.get('callbackUrl')).toBe('/agent');
    expect(mail!.html).toContain(link.searchParams.get('token'));

    // Stored the way @auth/core looks it up: sha256(token + AUTH_SECRET), hex.
    const token = link.searchParams.get('token') ?? '';
    const hashed = createHash('sha256').update(`${token}${process.env.AUTH_SECRET}`).digest('hex');
    const stored = await db().verificationToken.findUniqueOrThrow({ where: { identifier_token: { identifier: email, token: hashed } } });
    expect(stored.expires.getTime()).toBe(now.getTime() + 7 * 24 * 60 * 60 * 1000);
  });

  it('next-auth signs the invitee in with the link, lands them in the queue and marks the invitation accepted', async () => {
    const admin = await person('ADMIN');
    const email = `link.${tag()}@vouchie.test`;
    expect((await inviteStaff(admin.principal, { email, name: 'Link Tester', role: 'AGENT', locale: 'pl' })).ok).toBe(true);
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { toEmail: email } });

    const response = await handlers.GET(new NextRequest(linkIn(mail.text)));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^(http:\/\/localhost:3000)?\/agent$/);
    const cookie = /authjs\.session-token=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeTruthy();

    const user = await db().user.findUniqueOrThrow({ where: { email } });
    const session = await db().session.findUniqueOrThrow({ where: { sessionToken: decodeURIComponent(cookie ?? '') } });
    expect(session.userId).toBe(user.id);
    expect(user.invitedAt).toBeNull();
    expect(user.lastSignInAt).not.toBeNull();
    // The link works once.
    expect(await db().verificationToken.count({ where: { identifier: email } })).toBe(0);
  });

  it('refuses an address that belongs to a customer, and one already on the team', async () => {
    const admin = await person('ADMIN');
    const customer = await person('CUSTOMER');
    const agent = await person('AGENT');

    const asCustomer = await inviteStaff(admin.principal, { email: customer.email, name: 'Ktoś', role: 'AGENT', locale: 'pl' });
    expect(asCustomer).toEqual({ ok: false, error: { kind: 'customer_address' } });
    expect((await db().user.findUniqueOrThrow({ where: { id: customer.id } })).role).toBe('CUSTOMER');

    const again = await inviteStaff(admin.principal, { email: agent.email, name: 'Ktoś', role: 'ADMIN', locale: 'pl' });
    expect(again).toEqual({ ok: false, error: { kind: 'already_staff' } });
    expect(await db().outboundEmail.count({ where: { toEmail: { in: [customer.email, agent.email] } } })).toBe(0);
  });

  it('reports invalid input per field', async () => {
    const admin = await person('ADMIN');
    const result = await inviteStaff(admin.principal, { email: 'not-an-address', name: 'A', role: 'CUSTOMER', locale: 'de' });
    expect(result.ok).toBe(false);
    if (result.ok || result.error.kind !== 'invalid') throw new Error('expected invalid');
    expect(result.error.fieldErrors).toEqual({
      email: ['errors.email.invalid'],
      name: ['adminTeam.errors.nameTooShort'],
      role: ['adminTeam.errors.role'],
      locale: ['adminTeam.errors.locale'],
    });
  });

  it('re-sending replaces the earlier link; someone who has signed in gets no new invitation', async () => {
    const admin = await person('ADMIN');
    const email = `resend.${tag()}@vouchie.test`;
    const invited = await inviteStaff(admin.principal, { email, name: 'Re Send', role: 'AGENT', locale: 'pl' });
    if (!invited.ok) throw new Error('not invited');
    const first = linkIn((await db().outboundEmail.findFirstOrThrow({ where: { toEmail: email } })).text).searchParams.get('token');

    expect((await resendInvitation(admin.principal, invited.value.userId)).ok).toBe(true);
    const mails = await db().outboundEmail.findMany({ where: { toEmail: email }, orderBy: { createdAt: 'asc' } });
    expect(mails).toHaveLength(2);
    const second = linkIn(mails[1]!.text).searchParams.get('token');
    expect(second).not.toBe(first);
    const tokens = await db().verificationToken.findMany({ where: { identifier: email } });
    expect(tokens.map((t) => t.token)).toEqual([createHash('sha256').update(`${second}${process.env.AUTH_SECRET}`).digest('hex')]);

    await createDatabaseSession(invited.value.userId);
    expect(await resendInvitation(admin.principal, invited.value.userId)).toEqual({ ok: false, error: { kind: 'already_signed_in' } });
  });
});

describe('guards', () => {
  it('refuses every admin action to an agent, a customer and a guest', async () => {
    const agent = await person('AGENT');
    const target = await person('AGENT');
    const customer = await person('CUSTOMER');
    for (const principal of [agent.principal, customer.principal, { kind: 'guest' } as const, { kind: 'api' } as const]) {
      expect(await listStaff(principal)).toEqual({ ok: false, error: { kind: 'forbidden' } });
      expect(await inviteStaff(principal, { email: `x.${tag()}@vouchie.test`, name: 'Xx', role: 'ADMIN', locale: 'pl' })).toEqual({
        ok: false,
        error: { kind: 'forbidden' },
      });
      expect(await changeStaffRole(principal, target.id, 'ADMIN')).toEqual({ ok: false, error: { kind: 'forbidden' } });
      expect(await setStaffActive(principal, target.id, false)).toEqual({ ok: false, error: { kind: 'forbidden' } });
      expect(await setStaffNotifications(principal, target.id, { notifyNewTickets: false, notifyAssignedReplies: false })).toEqual({
        ok: false,
        error: { kind: 'forbidden' },
      });
    }
    expect(await db().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({
      role: 'AGENT',
      active: true,
      notifyNewTickets: true,
    });
  });

  it('an admin can neither demote nor deactivate themselves', async () => {
    const admin = await person('ADMIN');
    await person('ADMIN');
    expect(await changeStaffRole(admin.principal, admin.id, 'AGENT')).toEqual({ ok: false, error: { kind: 'self' } });
    expect(await setStaffActive(admin.principal, admin.id, false)).toEqual({ ok: false, error: { kind: 'self' } });
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: 'ADMIN', active: true });
  });

  it('never demotes or deactivates the last active admin, even for a stale admin session', async () => {
    const admin = await onlyAdmin();
    const other = await person('ADMIN');
    // With two active admins, one may step the other down…
    expect(await changeStaffRole(admin.principal, other.id, 'AGENT')).toEqual({ ok: true, value: { role: 'AGENT' } });
    // …after which the other's session still claims ADMIN, but the remaining admin can be neither demoted nor deactivated.
    expect(await changeStaffRole(other.principal, admin.id, 'AGENT')).toEqual({ ok: false, error: { kind: 'last_admin' } });
    expect(await setStaffActive(other.principal, admin.id, false)).toEqual({ ok: false, error: { kind: 'last_admin' } });
    // Nor may the stale session promote anyone.
    expect(await changeStaffRole(other.principal, (await person('AGENT')).id, 'ADMIN')).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await db().user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ role: 'ADMIN', active: true });

    // A deactivated admin does not count: demoting the only other *active* admin is refused too.
    const third = await person('ADMIN');
    await db().user.update({ where: { id: third.id }, data: { active: false } });
    const fourth = await person('ADMIN');
    expect((await setStaffActive(admin.principal, fourth.id, false)).ok).toBe(true);
    expect(await changeStaffRole(fourth.principal, admin.id, 'AGENT')).toEqual({ ok: false, error: { kind: 'last_admin' } });
  });

  it('of two admins demoting each other at the same moment, exactly one succeeds', async () => {
    const a = await onlyAdmin();
    const b = await person('ADMIN');
    // Forced, not hoped for: both requests start while another session holds the active admins' rows, and go on
    // only once both wait for them.
    const lock = await holdLock([{ sql: `SELECT 1 FROM "User" WHERE id = ANY($1::uuid[]) FOR UPDATE`, params: [[a.id, b.id]] }]);
    const results = await race(lock, [
      () => changeStaffRole(a.principal, b.id, 'AGENT'),
      () => changeStaffRole(b.principal, a.id, 'AGENT'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: { kind: 'last_admin' } });
    expect(await db().user.count({ where: { id: { in: [a.id, b.id] }, role: 'ADMIN', active: true } })).toBe(1);
  });
});

describe('deactivation and settings', () => {
  it('deactivating an agent ends their sessions at once and voids their sign-in links; reactivating lets them back', async () => {
    const admin = await person('ADMIN');
    const agent = await person('AGENT');
    await createDatabaseSession(agent.id);
    await createDatabaseSession(agent.id);
    await db().verificationToken.create({ data: { identifier: agent.email, token: `t-${tag()}`, expires: new Date(Date.now() + 60_000) } });
    const otherSession = await createDatabaseSession(admin.id);

    expect(await setStaffActive(admin.principal, agent.id, false)).toEqual({ ok: true, value: { active: false, sessionsEnded: 2 } });
    expect(await db().session.count({ where: { userId: agent.id } })).toBe(0);
    expect(await db().verificationToken.count({ where: { identifier: agent.email } })).toBe(0);
    expect(await db().session.count({ where: { sessionToken: otherSession.value } })).toBe(1);
    expect((await db().user.findUniqueOrThrow({ where: { id: agent.id } })).active).toBe(false);

    const list = await listStaff(admin.principal);
    if (!list.ok) throw new Error('list refused');
    expect(list.value.find((m) => m.id === agent.id)).toMatchObject({ active: false, role: 'AGENT' });

    expect((await setStaffActive(admin.principal, agent.id, true)).ok).toBe(true);
    expect((await db().user.findUniqueOrThrow({ where: { id: agent.id } })).active).toBe(true);
  });

  it('a sign-in stamps lastSignInAt and clears the pending invitation', async () => {
    const agent = await person('AGENT');
    await db().user.update({ where: { id: agent.id }, data: { invitedAt: new Date() } });
    const now = new Date('2026-11-27T08:00:00Z');
    await createDatabaseSession(agent.id, now);
    expect(await db().user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({ invitedAt: null, lastSignInAt: now });
  });

  it('lists staff only, with open assigned tickets, and never customers', async () => {
    const admin = await person('ADMIN');
    const agent = await person('AGENT');
    const customer = await person('CUSTOMER');
    const base = { subject: 'Test', category: 'OTHER' as const, reporterId: customer.id, assigneeId: agent.id };
    await db().ticket.create({ data: { ...base, status: 'OPEN' } });
    await db().ticket.create({ data: { ...base, status: 'ON_HOLD' } });
    await db().ticket.create({ data: { ...base, status: 'CLOSED' } });

    const list = await listStaff(admin.principal);
    if (!list.ok) throw new Error('list refused');
    expect(list.value.some((m) => m.id === customer.id)).toBe(false);
    expect(list.value.find((m) => m.id === agent.id)?.openAssignedCount).toBe(2);
    expect(list.value.find((m) => m.id === admin.id)?.isYou).toBe(true);
  });

  it('an admin toggles an agent’s notifications; an agent changes their own name, language and switches', async () => {
    const admin = await person('ADMIN');
    const agent = await person('AGENT');
    expect(await setStaffNotifications(admin.principal, agent.id, { notifyNewTickets: false, notifyAssignedReplies: true })).toEqual({
      ok: true,
      value: { notifyNewTickets: false, notifyAssignedReplies: true },
    });
    expect(await db().user.findUniqueOrThrow({ where: { id: agent.id } })).toMatchObject({
      notifyNewTickets: false,
      notifyAssignedReplies: true,
    });

    const saved = await updateOwnSettings(agent.principal, {
      name: '  Ewa Nowa ',
      locale: 'en',
      notifyNewTickets: true,
      notifyAssignedReplies: false,
    });
    expect(saved).toEqual({ ok: true, value: { locale: 'en' } });
    expect(await getOwnSettings(agent.principal)).toMatchObject({
      name: 'Ewa Nowa',
      locale: 'en',
      notifyNewTickets: true,
      notifyAssignedReplies: false,
      role: 'AGENT',
    });

    const customer = await person('CUSTOMER');
    expect(
      await updateOwnSettings(customer.principal, { name: 'Klient', locale: 'pl', notifyNewTickets: true, notifyAssignedReplies: true }),
    ).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await getOwnSettings(customer.principal)).toBeNull();
  });
});
