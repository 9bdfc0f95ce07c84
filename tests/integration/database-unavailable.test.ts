import { freePort } from '../support/ports';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '@/generated/prisma/client';
import { guardDatabase } from '@/app/_lib/route-guard';
import { isDatabaseUnavailable } from '@/server/db/unavailable';

/**
 * Real failures from real clients: an unreachable server, a pool with no free connection, a transaction that
 * cannot start in time. Each must be told apart from a bug and answered 503 with Retry-After.
 */

const clients: PrismaClient[] = [];
function client(connectionString: string, pool: { max?: number; connectionTimeoutMillis?: number } = {}, maxWait?: number) {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString, ...pool }),
    errorFormat: 'minimal',
    ...(maxWait ? { transactionOptions: { maxWait, timeout: 5_000 } } : {}),
  });
  clients.push(prisma);
  return prisma;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((prisma) => prisma.$disconnect()));
});

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const request = (lang: string) => new Request('http://localhost/api/v1/tickets/VCH-10001', { headers: { 'accept-language': lang } });

describe('database unavailable', () => {
  it('answers 503 with Retry-After and a localised message when the server cannot be reached (query, raw query, transaction)', async () => {
    const down = client(`postgres://postgres@127.0.0.1:${await freePort()}/none`);
    const works = [() => down.user.findFirst(), () => down.$queryRaw`SELECT 1`, () => down.$transaction((tx) => tx.user.findFirst())];
    for (const work of works) {
      const handler = guardDatabase(async (_request: Request) => {
        await work();
        return Response.json({ ok: true });
      });
      const response = await handler(request('pl'));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect((await response.json()).message).toBe('Usługa jest chwilowo niedostępna. Spróbuj ponownie za kilka sekund.');
    }
    const english = await guardDatabase(async (_request: Request) => Response.json(await down.user.findFirst()))(request('en'));
    expect((await english.json()).message).toBe('The service is temporarily unavailable. Please try again in a few seconds.');
  });

  it('classifies a transaction that cannot get a connection within maxWait (P2028) and a query that cannot within the pool wait', async () => {
    const url = process.env.DATABASE_URL!;
    const busy = client(url, { max: 1, connectionTimeoutMillis: 300 }, 300);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => {
      started = resolve;
    });
    // The holder itself may wait long for its connection (a busy machine): only the calls below must give up quickly.
    // On a loaded machine even its connect can outlast the pool's 300 ms connect timeout: then it simply tries again.
    const hold = () =>
      busy.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          started();
          await held;
        },
        { maxWait: 20_000, timeout: 60_000 },
      );
    let holder = hold();
    for (let attempt = 1; ; attempt++) {
      const outcome = await Promise.race([
        holding.then(() => 'holding' as const),
        holder.then(
          () => 'ended' as const,
          () => 'failed' as const,
        ),
      ]);
      if (outcome === 'holding') break;
      if (attempt === 10) throw new Error(`the holder never got the pool's only connection (last outcome: ${outcome})`);
      holder = hold();
    }
    const txError = await failureOf(() => busy.$transaction((tx) => tx.user.findFirst()));
    const queryError = await failureOf(() => busy.user.findFirst());
    release();
    await holder;
    expect(isDatabaseUnavailable(txError)).toBe(true);
    expect(isDatabaseUnavailable(queryError)).toBe(true);
  });

  it('leaves real bugs alone: a constraint violation is a 500 quoting the request id, not disguised as a 503', async () => {
    const prisma = client(process.env.DATABASE_URL!);
    const email = `dup-${Date.now()}@firma.pl`;
    await prisma.user.create({ data: { email } });
    const error = await failureOf(() => prisma.user.create({ data: { email } }));
    expect(isDatabaseUnavailable(error)).toBe(false);
    const handler = guardDatabase(async (_request: Request) => Response.json(await prisma.user.create({ data: { email } })));
    const response = await handler(request('pl'));
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({
      error: 'internal',
      message: expect.stringMatching(/\S/),
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('answers 503 from the real ticket API route while the app database is unreachable', async () => {
    const holder = globalThis as unknown as { vouchieDb?: PrismaClient };
    const { GET } = await import('@/app/api/v1/tickets/[number]/route');
    const { NextRequest } = await import('next/server');
    const saved = holder.vouchieDb;
    holder.vouchieDb = client(`postgres://postgres@127.0.0.1:${await freePort()}/none`);
    try {
      const response = await GET(
        new NextRequest('http://localhost/api/v1/tickets/VCH-10001', {
          headers: { authorization: `Bearer ${process.env.SUPPORT_API_TOKEN}` },
        }),
        {
          params: Promise.resolve({ number: 'VCH-10001' }),
        },
      );
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
    } finally {
      holder.vouchieDb = saved;
    }
  });
});
