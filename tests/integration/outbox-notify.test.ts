import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { enqueueEmail, OUTBOX_CHANNEL } from '@/server/mail/outbound/outbox';

/**
 * The outbox wakes its worker from a trigger on OutboundEmail (migration outbox_notify_trigger), not from the
 * code that writes the row: these tests listen on the channel the worker listens on and watch what arrives.
 */
let listener: pg.Client;
const received: string[] = [];
let waiters: (() => void)[] = [];

beforeAll(async () => {
  listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel !== OUTBOX_CHANNEL) return;
    received.push(message.payload ?? '');
    for (const wake of waiters) wake();
    waiters = [];
  });
  await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
});

afterAll(async () => {
  await listener.end();
});

/** Resolves at the next notification on the outbox channel. */
const nextNotification = () => new Promise<void>((resolve) => waiters.push(resolve));

/** A round trip through the listener's own connection: every notification committed before it has been delivered. */
async function settle() {
  const marker = `settle-${randomUUID()}`;
  const seen = new Promise<void>((resolve) => {
    const onMessage = (message: pg.Notification) => {
      if (message.payload !== marker) return;
      listener.off('notification', onMessage);
      resolve();
    };
    listener.on('notification', onMessage);
  });
  await db().$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, ${marker})`;
  await seen;
  received.splice(0, received.length, ...received.filter((payload) => !payload.startsWith('settle-')));
}

const mail = (overrides: Partial<Parameters<typeof enqueueEmail>[1]> = {}) => ({
  template: 'ticket.status_changed',
  to: { email: `notify.${randomUUID().slice(0, 8)}@firma.pl` },
  subject: 'Test',
  text: 'Treść',
  html: '<p>Treść</p>',
  ...overrides,
});

describe('outbox notifications', () => {
  it('reach a listener when the transaction that wrote a pending e-mail commits, not before', async () => {
    await settle();
    received.length = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written: () => void = () => undefined;
    const rowWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const committed = db().$transaction(async (tx) => {
      await enqueueEmail(tx, mail());
      written();
      await held;
    });
    await rowWritten;
    await settle();
    expect(received).toEqual([]);

    const notified = nextNotification();
    release();
    await committed;
    await notified;
    expect(received).toEqual(['']);
  });

  it('send nothing for a transaction that rolls back, nor for an e-mail written as suppressed', async () => {
    await settle();
    received.length = 0;
    await expect(
      db().$transaction(async (tx) => {
        await enqueueEmail(tx, mail());
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');

    const address = `bounced.${randomUUID().slice(0, 8)}@firma.pl`;
    await db().user.create({ data: { email: address, emailBouncedAt: new Date(), emailBounceReason: '550 5.1.1' } });
    const suppressed = await db().$transaction((tx) => enqueueEmail(tx, mail({ to: { email: address } })));
    expect(suppressed.suppressed).toBe(true);

    await settle();
    expect(received).toEqual([]);
  });
});
