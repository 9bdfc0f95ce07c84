/** The inbound-mail corpus of `npm run bench:mail` and `bench/mail-profile.ts`: seeded threads and mixed mails. */
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface Thread {
  email: string;
  replyTo: string;
  messageId: string;
  subject: string;
}

/** The mail kinds, in corpus order: `kindOf(i)` is the kind of `mail(i)`. */
export const MAIL_KINDS = ['new request', 'threaded reply', 'reply with a PNG', 'auto-reply'] as const;
export const kindOf = (i: number) => MAIL_KINDS[i % MAIL_KINDS.length]!;

/** Tickets to reply to, each with its threaded confirmation (reply token in Reply-To). Needs DATABASE_URL set. */
export async function seedThreads(count = 50): Promise<Thread[]> {
  const { db } = await import('../src/server/db/client');
  const { createTicket } = await import('../src/server/tickets/create');
  const { ticketFieldsSchema } = await import('../src/server/tickets/schemas');
  const threads: Thread[] = [];
  for (let i = 0; i < count; i++) {
    const email = `klient${i}.${randomUUID().slice(0, 6)}@firma.pl`;
    const created = await createTicket({
      fields: ticketFieldsSchema.parse({
        category: 'TECHNICAL_ERROR',
        subject: `Voucher nie działa ${i}`,
        actual: 'Komunikat o wygaśnięciu vouchera.',
      }),
      reporter: { email, name: `Klient ${i}` },
      channel: 'WEB',
    });
    if (!created.ok) throw new Error('seed ticket failed');
    const mail = await db().outboundEmail.findFirstOrThrow({ where: { ticketId: created.value.id } });
    threads.push({
      email,
      replyTo: (mail.headers as Record<string, string>)['Reply-To']!,
      messageId: mail.messageId,
      subject: mail.subject,
    });
  }
  return threads;
}

/** Mail number `i` of the corpus: a new request, a threaded reply, a reply with a PNG or an auto-reply, in turn. */
export async function corpusMail(threads: Thread[], i: number): Promise<Buffer> {
  const t = threads[i % threads.length]!;
  const base = { messageId: `<${randomUUID()}@mail.example.pl>`, date: new Date() };
  const quote =
    '\n\nW dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <wsparcie@vouchie.localhost> napisał(a):\n> Otrzymaliśmy Twoje zgłoszenie.';
  switch (i % 4) {
    case 0:
      return new MailComposer({
        ...base,
        from: `nowy${i}@spa.pl`,
        to: 'wsparcie@vouchie.localhost',
        subject: `Pytanie o fakturę ${i}`,
        text: 'Proszę o fakturę zbiorczą za listopad.',
      })
        .compile()
        .build();
    case 1:
      return new MailComposer({
        ...base,
        from: t.email,
        to: t.replyTo,
        subject: `Re: ${t.subject}`,
        inReplyTo: t.messageId,
        text: `Dziękuję, sprawdzę jeszcze raz.${quote}`,
      })
        .compile()
        .build();
    case 2:
      return new MailComposer({
        ...base,
        from: t.email,
        to: t.replyTo,
        subject: `Re: ${t.subject}`,
        text: `Zrzut ekranu w załączniku.${quote}`,
        attachments: [{ filename: 'kasa.png', content: PNG }],
      })
        .compile()
        .build();
    default:
      return new MailComposer({
        ...base,
        from: t.email,
        to: t.replyTo,
        subject: 'Automatyczna odpowiedź: urlop',
        headers: { 'Auto-Submitted': 'auto-replied' },
        text: 'Jestem na urlopie.',
      })
        .compile()
        .build();
  }
}
