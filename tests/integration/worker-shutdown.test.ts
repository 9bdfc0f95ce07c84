import { describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { startWorker } from '@/server/jobs/worker';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import type { Delivery, MailTransport } from '@/server/mail/outbound/sender';

function enqueue(i: number) {
  return db().$transaction((tx) =>
    enqueueEmail(tx, {
      template: 'ticket.received',
      ticketId: null,
      to: { email: `stop-${i}-${Math.random().toString(36).slice(2)}@firma.pl`, name: 'Anna Nowak' },
      subject: `[VCH-9999${i}] Stop`,
      text: 'Treść',
      html: '<p>Treść</p>',
    }),
  );
}

describe('stopping the worker', () => {
  it('finishes the e-mails being sent, hands the rest of its batch back unsent and unleased, then resolves', async () => {
    const rows = [await enqueue(1), await enqueue(2), await enqueue(3), await enqueue(4)];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    // Two sends at a time: both are in flight before the worker is told to stop.
    const twoSendsStarted = new Promise<void>((resolve) => (entered = resolve));
    const sent: string[] = [];
    const transport: MailTransport = {
      mode: 'smtp',
      async send(_message, row): Promise<Delivery> {
        sent.push(row.id);
        if (sent.length === 2) entered();
        await gate;
        return { status: 'SENT', response: '250 ok' };
      },
      close: () => undefined,
    };

    const worker = startWorker({ transport, batchSize: 10, concurrency: 2, pollMs: 60_000 });
    await twoSendsStarted;
    const stopped = worker.stop();
    // The sends in flight are not cut off: stop() waits for them.
    release();
    await stopped;

    expect(sent).toHaveLength(2);
    const after = await db().outboundEmail.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    for (const row of after.filter((r) => sent.includes(r.id))) {
      expect(row).toMatchObject({ status: 'SENT', lockedUntil: null, attempts: 1 });
    }
    // The others are due again at once for any other worker: no lease left, no attempt counted.
    for (const row of after.filter((r) => !sent.includes(r.id))) {
      expect(row).toMatchObject({ status: 'PENDING', lockedUntil: null, attempts: 0 });
    }
  });
});
