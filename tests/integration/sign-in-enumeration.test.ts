import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';

const { db } = await import('@/server/db/client');
const route = await import('@/app/api/auth/[...nextauth]/route');

const ORIGIN = 'http://localhost:3000';
const tag = () => randomUUID().slice(0, 8);

async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await route.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { token: csrfToken, cookie };
}

/** What a browser (or a script) learns from POST /api/auth/signin/email: status, Location and the cookies' names. */
async function askForLink(email: string) {
  const { token, cookie } = await csrf();
  const response = await route.POST(
    new NextRequest(`${ORIGIN}/api/auth/signin/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': `198.51.100.${tag()}` },
      body: new URLSearchParams({ email, csrfToken: token, callbackUrl: `${ORIGIN}/pomoc` }),
    }),
  );
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookies: response.headers
      .getSetCookie()
      .map((line) => line.split('=')[0])
      .sort(),
  };
}

async function person(role: Role, active = true): Promise<string> {
  const email = `${role.toLowerCase()}.${tag()}@example.pl`;
  await db().user.create({ data: { email, name: 'Anna Nowak', role, active } });
  return email;
}

describe('POST /api/auth/signin/email', () => {
  it('answers a customer, an agent, an admin, a deactivated account and an unknown address alike', async () => {
    const addresses = {
      customer: await person('CUSTOMER'),
      agent: await person('AGENT'),
      admin: await person('ADMIN'),
      deactivated: await person('CUSTOMER', false),
      unknown: `nobody.${tag()}@example.pl`,
    };
    const answers = Object.fromEntries(
      await Promise.all(Object.entries(addresses).map(async ([who, email]) => [who, await askForLink(email)])),
    );
    expect(answers.customer.status).toBe(302);
    for (const who of ['agent', 'admin', 'deactivated', 'unknown']) expect({ who, ...answers[who] }).toEqual({ who, ...answers.customer });
  });

  it('still mails the link, and stores its token, only for an active account we know', async () => {
    const known = await person('AGENT');
    const deactivated = await person('CUSTOMER', false);
    const unknown = `nobody.${tag()}@example.pl`;
    for (const email of [known, deactivated, unknown]) await askForLink(email);
    const mailed = await db().outboundEmail.findMany({
      where: { toEmail: { in: [known, deactivated, unknown] } },
      select: { toEmail: true, template: true },
    });
    expect(mailed).toEqual([{ toEmail: known, template: 'auth.magicLink' }]);
    const tokens = await db().verificationToken.findMany({
      where: { identifier: { in: [known, deactivated, unknown] } },
      select: { identifier: true },
    });
    expect(tokens).toEqual([{ identifier: known }]);
  });
});
