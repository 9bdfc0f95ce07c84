import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';

const { db } = await import('@/server/db/client');
const { ingestEmail } = await import('@/server/mail/inbound/ingest');
const { enqueueEmail } = await import('@/server/mail/outbound/outbox');

const tag = () => randomUUID().slice(0, 8);

async function customer(): Promise<string> {
  const email = `anna.${tag()}@przyklad.pl`;
  await db().user.create({ data: { email, name: 'Anna Nowak' } });
  return email;
}

/** One of our e-mails to `to`, as the outbox writes it; returns its Message-ID. */
async function sentTo(to: string): Promise<string> {
  const queued = await db().$transaction((tx) =>
    enqueueEmail(tx, {
      template: 'auth.magicLink',
      to: { email: to, name: null },
      subject: 'Zaloguj się',
      text: 'Link',
      html: '<p>Link</p>',
    }),
  );
  return queued.messageId;
}

/** A Postfix-style DSN for `recipient`; `returned` is the Message-ID in the returned headers, if any. */
function dsn({ recipient, returned, inReplyTo }: { recipient: string; returned?: string; inReplyTo?: string }): Buffer {
  const boundary = `b-${tag()}`;
  return Buffer.from(
    [
      'From: MAILER-DAEMON@mx.example.net (Mail Delivery System)',
      'To: wsparcie@vouchie.localhost',
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@mx.example.net>`,
      ...(inReplyTo ? [`In-Reply-To: ${inReplyTo}`] : []),
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      `<${recipient}>: 550 5.1.1 User unknown`,
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.net',
      '',
      `Final-Recipient: rfc822; ${recipient}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: User unknown`,
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      'From: Wsparcie Vouchie <wsparcie@vouchie.localhost>',
      `To: ${recipient}`,
      ...(returned ? [`Message-ID: ${returned}`] : []),
      'Subject: Zaloguj się',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

const bouncedAt = async (email: string) => (await db().user.findUniqueOrThrow({ where: { email } })).emailBouncedAt;

describe('hard bounces are believed only when they answer our mail', () => {
  it('ignores a DSN that names an address but references none of our messages', async () => {
    const victim = await customer();
    await sentTo(victim);
    const outcome = await ingestEmail(dsn({ recipient: victim }), { source: 'smtp' });
    expect(outcome).toMatchObject({ kind: 'ignored', reason: 'bounce' });
    expect(await bouncedAt(victim)).toBeNull();
  });

  it("ignores a DSN quoting a made-up or someone else's Message-ID of ours", async () => {
    const victim = await customer();
    const other = await customer();
    const othersMail = await sentTo(other);
    await ingestEmail(dsn({ recipient: victim, returned: `<${randomUUID()}.vch@vouchie.localhost>` }), { source: 'smtp' });
    await ingestEmail(dsn({ recipient: victim, returned: othersMail }), { source: 'smtp' });
    expect(await bouncedAt(victim)).toBeNull();
  });

  it('marks the address when the DSN returns the headers of our mail to it', async () => {
    const email = await customer();
    const messageId = await sentTo(email);
    await ingestEmail(dsn({ recipient: email, returned: messageId }), { source: 'smtp' });
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.emailBouncedAt).not.toBeNull();
    expect(user.emailBounceReason).toMatch(/5\.1\.1/);
  });

  it('marks the address when the DSN answers our mail by In-Reply-To', async () => {
    const email = await customer();
    const messageId = await sentTo(email);
    await ingestEmail(dsn({ recipient: email, inReplyTo: messageId }), { source: 'smtp' });
    expect(await bouncedAt(email)).not.toBeNull();
  });
});
