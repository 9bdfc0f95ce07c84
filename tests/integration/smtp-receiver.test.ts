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
