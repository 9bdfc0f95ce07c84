import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Read lazily by env(): must precede the first call. Upper case on purpose: the list is matched lower-cased.
const LISTED = `pierwsza.${randomUUID().slice(0, 8)}@vouchie.test`;
process.env.ADMIN_EMAILS = `${LISTED.toUpperCase()}, druga@vouchie.test`;

const { db } = await import('@/server/db/client');
const { hasNoActiveStaff } = await import('@/server/admin/bootstrap');
const { inviteStaff } = await import('@/server/admin/team');
const { handlers, POST } = await (async () => {
  const auth = await import('@/server/auth/auth');
  const route = await import('@/app/api/auth/[...nextauth]/route');
  return { handlers: auth.handlers, POST: route.POST };
})();
const { NextRequest } = await import('next/server');

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const tag = () => randomUUID().slice(0, 8);

/** `npm run admin:create -- …` as an operator runs it, against this file's database. */
async function adminCreate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules/.bin/tsx'), ['src/cli/admin-create.ts', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function askForLink(email: string): Promise<Response> {
  const csrf = await handlers.GET(new NextRequest('http://localhost:3000/api/auth/csrf'));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return POST(
    new NextRequest('http://localhost:3000/api/auth/signin/email', {
      method: 'POST',
      body: new URLSearchParams({ email, csrfToken, callbackUrl: '/agent' }),
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250)}`,
      },
    }),
  );
}

function linkIn(text: string): URL {
  const match = /https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/.exec(text);
  if (!match) throw new Error(`no sign-in link in:\n${text}`);
  return new URL(match[0]);
}

/** Asks for a magic link and follows it; returns the redirect's status and the session cookie it set. */
async function signInByMagicLink(email: string): Promise<{ status: number; session: string | undefined }> {
  const before = await db().outboundEmail.count({ where: { toEmail: email, template: 'auth.magicLink' } });
  expect((await askForLink(email)).status).toBeLessThan(400);
  const mails = await db().outboundEmail.findMany({ where: { toEmail: email, template: 'auth.magicLink' }, orderBy: { createdAt: 'asc' } });
  expect(mails).toHaveLength(before + 1);
  const response = await handlers.GET(new NextRequest(linkIn(mails.at(-1)!.text)));
  return { status: response.status, session: /authjs\.session-token=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] };
}

// Each case runs the CLI as an operator would (a tsx process start each time): seconds apiece on a busy machine.
describe('the first admin of a fresh install', { timeout: 120_000 }, () => {
  it('npm run admin:create makes an admin on an empty team, who signs in and invites an agent; a second run changes nothing', async () => {
    expect(await hasNoActiveStaff()).toBe(true);
    const email = `ewa.${tag()}@vouchie.test`;

    const first = await adminCreate('--email', ` ${email.toUpperCase()} `, '--name', 'Ewa Kowalska');
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`Created admin ${email}`);
    expect(first.stdout).toContain('http://localhost:3000/agent/login');
    const admin = await db().user.findUniqueOrThrow({ where: { email } });
    expect(admin).toMatchObject({ role: 'ADMIN', active: true, name: 'Ewa Kowalska' });
    expect(await hasNoActiveStaff()).toBe(false);

    const again = await adminCreate('--email', email, '--name', 'Ewa Kowalska');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Already an admin, nothing changed');
    expect(await db().user.count({ where: { email } })).toBe(1);

    const signedIn = await signInByMagicLink(email);
    expect(signedIn.status).toBe(302);
    expect(signedIn.session).toBeTruthy();
    const principal = { kind: 'user' as const, userId: admin.id, role: 'ADMIN' as const, companyId: null, isCompanyAdmin: false };
    const invited = await inviteStaff(principal, { email: `agent.${tag()}@vouchie.test`, name: 'Adam Agent', role: 'AGENT', locale: 'pl' });
    expect(invited.ok).toBe(true);
  });

  it('promotes and reactivates an existing account, keeping its name when none is given', async () => {
    const customer = await db().user.create({ data: { email: `klient.${tag()}@sklep.pl`, name: 'Kasia Klient', active: false } });
    const result = await adminCreate('--email', customer.email);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Promoted to admin ${customer.email}`);
    expect(await db().user.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({
      role: 'ADMIN',
      active: true,
      name: 'Kasia Klient',
    });
  });

  it('refuses a missing or malformed address with exit code 2 and writes nothing', async () => {
    const count = await db().user.count();
    expect(await adminCreate('--name', 'Bez Adresu')).toMatchObject({ code: 2, stderr: expect.stringContaining('--email is required') });
    expect(await adminCreate('--email', 'not-an-address')).toMatchObject({ code: 2, stderr: expect.stringContaining('email') });
    expect(await adminCreate('--email', 'a@b.pl', '--role', 'AGENT')).toMatchObject({ code: 2 });
    expect(await db().user.count()).toBe(count);
  });
});

describe('ADMIN_EMAILS', () => {
  it('mails a listed address with no account a sign-in link; redeeming it creates an admin', async () => {
    const signedIn = await signInByMagicLink(LISTED);
    expect(signedIn.status).toBe(302);
    expect(signedIn.session).toBeTruthy();
    const user = await db().user.findUniqueOrThrow({ where: { email: LISTED } });
    expect(user).toMatchObject({ role: 'ADMIN', active: true });
    expect(user.lastSignInAt).not.toBeNull();
  });

  it('promotes a listed account on its first sign-in only: an admin may demote it later', async () => {
    await db().user.create({ data: { email: 'druga@vouchie.test', name: 'Druga Osoba', role: 'AGENT' } });
    await signInByMagicLink('druga@vouchie.test');
    expect((await db().user.findUniqueOrThrow({ where: { email: 'druga@vouchie.test' } })).role).toBe('ADMIN');

    await db().user.update({ where: { email: 'druga@vouchie.test' }, data: { role: 'AGENT' } });
    await signInByMagicLink('druga@vouchie.test');
    expect((await db().user.findUniqueOrThrow({ where: { email: 'druga@vouchie.test' } })).role).toBe('AGENT');
  });

  it('still mails nothing to an unknown address that is not listed, and creates no account', async () => {
    const stranger = `obcy.${tag()}@vouchie.test`;
    expect((await askForLink(stranger)).status).toBeLessThan(400);
    expect(await db().outboundEmail.count({ where: { toEmail: stranger } })).toBe(0);
    expect(await db().user.count({ where: { email: stranger } })).toBe(0);
    expect(await db().verificationToken.count({ where: { identifier: stranger } })).toBe(0);
  });
});
