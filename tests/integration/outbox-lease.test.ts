import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/server/db/client';
import { CLAIM_LEASE_MS, claimDueRows, processOutboxBatch } from '@/server/jobs/outbox-worker';
import { enqueueEmail } from '@/server/mail/outbound/outbox';
import type { Delivery, MailTransport } from '@/server/mail/outbound/sender';

/** A transport that records what it was given and answers when the test says so (or at once). */
function recordingTransport(gate?: Promise<void>) {
  const sent: string[] = [];
  let entered: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const transport: MailTransport = {
    mode: 'smtp',
    async send(_message, row): Promise<Delivery> {
      sent.push(row.id);
      entered();
      await gate;
      return { status: 'SENT', response: '250 ok' };
    },
    close: () => undefined,
  };
  return { transport, sent, started };
}

function enqueue() {
  return db().$transaction((tx) =>
    enqueueEmail(tx, {
      template: 'ticket.received',
      ticketId: null,
      to: { email: `lease-${Date.now()}-${Math.random()}@firma.pl`, name: 'Anna Nowak' },
      subject: '[VCH-99999] Lease',
      text: 'Treść',
      html: '<p>Treść</p>',
    }),
  );
}

beforeEach(async () => {
  await db().outboundEmail.deleteMany();
});

describe('outbox claim lease', () => {
  it('makes the rows of a worker killed after claiming due again within seconds, not minutes', async () => {
    const queued = await enqueue();
    const killedAt = new Date();
    // A worker claims the row and dies before sending or releasing it.
    expect(await claimDueRows(killedAt, new Date(killedAt.getTime() + CLAIM_LEASE_MS), 10)).toHaveLength(1);

    const { transport, sent } = recordingTransport();
    // While the lease runs, nobody else may take it...
    expect(await processOutboxBatch({ workerId: 'survivor', transport, now: new Date(killedAt.getTime() + 5_000) })).toMatchObject({
      sent: 0,
    });
    // ...and 30 seconds after the crash the row is sent by the survivor.
    expect(await processOutboxBatch({ workerId: 'survivor', transport, now: new Date(killedAt.getTime() + 30_000) })).toMatchObject({
      sent: 1,
    });
    expect(sent).toEqual([queued.id]);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: 'SENT',
      lockedUntil: null,
      attempts: 2,
    });
  });

  it('keeps a slow send its row: the heartbeat renews the lease, so another worker does not send it a second time', async () => {
    const queued = await enqueue();
    const start = new Date();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let renewed: () => void = () => undefined;
    const renewal = new Promise<void>((resolve) => {
      renewed = resolve;
    });
    const slow = recordingTransport(gate);
    const slowBatch = processOutboxBatch({
      workerId: 'slow',
      transport: slow.transport,
      now: start,
      heartbeatMs: 20,
      onLeaseRenewed: () => renewed(),
    });
    await slow.started;
    await renewal;
    const renewedUntil = (await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).lockedUntil;
    expect(renewedUntil!.getTime()).toBeGreaterThan(start.getTime() + CLAIM_LEASE_MS);

    // Past the first lease, but within the renewed one: the row is still the slow worker's.
    const other = recordingTransport();
    expect(
      await processOutboxBatch({ workerId: 'other', transport: other.transport, now: new Date(start.getTime() + CLAIM_LEASE_MS + 1) }),
    ).toMatchObject({ sent: 0 });

    release();
    expect(await slowBatch).toMatchObject({ sent: 1 });
    expect(other.sent).toEqual([]);
    expect(slow.sent).toEqual([queued.id]);
    expect(await db().outboundEmail.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: 'SENT',
      lockedUntil: null,
      attempts: 1,
    });
  });
});
