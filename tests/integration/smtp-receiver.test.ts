import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpReceiver, type SmtpReceiver } from '@/server/mail/inbound/smtp-receiver';

/** Real SMTP conversations with the receiver on a loopback port, from nodemailer as a mail server would. */
let receiver: SmtpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function client(port: number, auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth });
}

describe('SMTP receiver', () => {
  it('hands a message for the support domain to the ingest, byte for byte, with its envelope', async () => {
    const received: { raw: Buffer; from: string | null; to: string[] }[] = [];
    receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 1024 * 1024,
      onMessage: async (raw, envelope) => {
        received.push({ raw, ...envelope });
      },
    });
    const info = await client(receiver.port).sendMail({
      from: 'Anna <anna@kwiaciarnia.pl>',
      to: 'wsparcie+abc@vouchie.localhost',
      subject: 'Re: [VCH-10001] Voucher — zażółć gęślą jaźń',
      text: 'Dziękuję, działa!',
    });
    expect(info.response).toMatch(/^250 /);
    expect(received).toHaveLength(1);
    expect(received[0]?.from).toBe('anna@kwiaciarnia.pl');
    expect(received[0]?.to).toEqual(['wsparcie+abc@vouchie.localhost']);
    expect(received[0]?.raw.toString('utf8')).toContain('Dzi=C4=99kuj=C4=99, dzia=C5=82a!');
  });

  it('ingests the mails of several connections in parallel, at most `concurrency` at a time, each 250 after its own ingest', async () => {
    let inFlight = 0;
    let most = 0;
    let openGate: () => void = () => undefined;
    // Opens once two ingests run at the same time: with one at a time the first would wait here for ever.
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const finished: string[] = [];
    receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 1024 * 1024,
      concurrency: 2,
      onMessage: async (raw) => {
        inFlight++;
        most = Math.max(most, inFlight);
        if (inFlight === 2) openGate();
        await gate;
        inFlight--;
        finished.push(/^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1] ?? '?');
      },
    });
    const port = receiver.port;
    const infos = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        client(port).sendMail({ from: 'a@firma.pl', to: 'wsparcie@vouchie.localhost', subject: `Mail ${n}`, text: 'x' }),
      ),
    );
    for (const info of infos) expect(info.response).toMatch(/^250 /);
    expect(most).toBe(2);
    expect(finished.sort()).toEqual(['Mail 1', 'Mail 2', 'Mail 3', 'Mail 4']);
  });

  it('refuses recipients outside the support domain', async () => {
    receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 1024,
      onMessage: async () => {},
    });
    await expect(client(receiver.port).sendMail({ from: 'a@b.pl', to: 'someone@elsewhere.pl', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
    });
  });

  it('refuses a message over the size cap with 552 and hands nothing on', async () => {
    let calls = 0;
    receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 64 * 1024,
      onMessage: async () => {
        calls++;
      },
    });
    // A client that ignores the advertised SIZE: the cap must hold on the stream itself.
    await expect(
      client(receiver.port).sendMail({ from: 'a@b.pl', to: 'wsparcie@vouchie.localhost', text: 'x'.repeat(200 * 1024) }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(calls).toBe(0);
  });

  it('answers 451 when the ingest fails, so the sending server retries instead of losing the mail', async () => {
    const errors: Error[] = [];
    receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 1024 * 1024,
      onMessage: async () => {
        throw new Error('database down');
      },
      onError: (error) => errors.push(error),
    });
    await expect(client(receiver.port).sendMail({ from: 'a@b.pl', to: 'wsparcie@vouchie.localhost', text: 'x' })).rejects.toMatchObject({
      responseCode: 451,
    });
    expect(errors.map((e) => e.message)).toEqual(['database down']);
  });

  it('requires AUTH when configured: refuses mail sent without it and with a wrong password', async () => {
    let calls = 0;
    receiver = await startSmtpReceiver({
      host: '127.0.0.1',
      port: 0,
      domains: ['vouchie.localhost'],
      maxBytes: 1024 * 1024,
      auth: { user: 'mx', password: 'secret-password' },
      onMessage: async () => {
        calls++;
      },
    });
    // No AUTH at all: the receiver must refuse the mail itself (530), not only a wrong password.
    await expect(client(receiver.port).sendMail({ from: 'a@b.pl', to: 'wsparcie@vouchie.localhost', text: 'x' })).rejects.toMatchObject({
      responseCode: 530,
    });
    expect(calls).toBe(0);
    await expect(
      client(receiver.port, { user: 'mx', pass: 'wrong-password' }).sendMail({
        from: 'a@b.pl',
        to: 'wsparcie@vouchie.localhost',
        text: 'x',
      }),
    ).rejects.toMatchObject({
      responseCode: 535,
    });
    await client(receiver.port, { user: 'mx', pass: 'secret-password' }).sendMail({
      from: 'a@b.pl',
      to: 'wsparcie@vouchie.localhost',
      text: 'x',
    });
    expect(calls).toBe(1);
  });
});
