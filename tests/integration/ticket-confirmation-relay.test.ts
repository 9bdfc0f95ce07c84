import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/server/auth/viewer';

const { db } = await import('@/server/db/client');
const { fileTicketFromForm } = await import('@/server/tickets/file-from-form');

const tag = () => randomUUID().slice(0, 8);
const PHISHING_SUBJECT = 'Twoje konto zostanie zablokowane – zaloguj się na vouchie-login.example';
const PHISHING_NAME = 'Dział Bezpieczeństwa Vouchie: https://vouchie-login.example/konto';
const PHISHING_TEXT =
  'Potwierdź dane karty w ciągu 24 h: https://vouchie-login.example/weryfikacja <a href="https://evil.example">kliknij</a>';

const form = (reporter?: { name: string; email: string }) => ({
  category: 'TECHNICAL_ERROR',
  subject: PHISHING_SUBJECT,
  actual: PHISHING_TEXT,
  priority: 'NORMAL',
  identifiers: [],
  ...(reporter ? { reporter } : {}),
});

async function confirmationFor(ticketId: string) {
  return db().outboundEmail.findFirstOrThrow({
    where: { ticketId, template: 'ticket.received' },
    select: { subject: true, text: true, html: true, toEmail: true },
  });
}

describe('the "ticket received" confirmation cannot relay a stranger\'s message', () => {
  it('to an unverified guest quotes only the ticket number: no subject, name, text or links of theirs', async () => {
    const victim = `ofiara.${tag()}@example.pl`;
    const filed = await fileTicketFromForm(form({ name: PHISHING_NAME, email: victim }), {
      viewer: { kind: 'guest' },
      ip: `ip-${tag()}`,
      locale: 'pl',
    });
    expect(filed.ok).toBe(true);
    if (!filed.ok) return;
    const mail = await confirmationFor(filed.value.id);
    expect(mail.toEmail).toBe(victim);
    expect(mail.subject).toContain(filed.value.displayNumber);
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toMatch(/vouchie-login|evil\.example|zablokowane|Potwierdź dane|Dział Bezpieczeństwa/);
    }
    expect(mail.text).toContain(filed.value.displayNumber);
    // Every link in the mail is ours.
    const links = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => new URL(m[1] ?? '').origin);
    expect(new Set(links)).toEqual(new Set(['http://localhost:3000']));
  });

  it('to a signed-in customer still repeats what they wrote', async () => {
    const user = await db().user.create({ data: { email: `anna.${tag()}@example.pl`, name: 'Anna Nowak' } });
    const viewer: Viewer = {
      kind: 'user',
      user: { id: user.id, name: user.name, email: user.email, role: 'CUSTOMER', locale: 'pl', isCompanyAdmin: false },
      company: null,
    } as Viewer;
    const filed = await fileTicketFromForm(form(), { viewer, ip: `ip-${tag()}`, locale: 'pl' });
    expect(filed.ok).toBe(true);
    if (!filed.ok) return;
    const mail = await confirmationFor(filed.value.id);
    expect(mail.subject).toContain('Twoje konto zostanie zablokowane');
    expect(mail.text).toContain('Potwierdź dane karty');
  });
});
