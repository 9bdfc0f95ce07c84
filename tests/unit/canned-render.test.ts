import { describe, expect, it } from 'vitest';
import { fillPlaceholders, resolvePlaceholder, unknownPlaceholders } from '@/server/canned/placeholders';
import { firstName, renderCanned, type CannedFacts } from '@/server/canned/render';
import { cannedResponseSchema } from '@/server/canned/schemas';

const facts: CannedFacts = {
  customer: { name: 'Anna Wiśniewska', email: 'anna@kwiaciarnia-rozana.pl' },
  ticket: { number: 10042, subject: 'Voucher nie działa w kasie' },
  agent: { name: 'Ewa Dąbrowska' },
  company: { name: 'Kwiaciarnia Różana Sp. z o.o.' },
};

describe('canned response placeholders', () => {
  it('fills every canonical Polish placeholder from the ticket facts', () => {
    const body =
      'Dzień dobry {{klient.imie}} ({{klient.nazwa}}, {{firma.nazwa}}),\nzgłoszenie {{zgloszenie.numer}} „{{zgloszenie.temat}}”.\n{{agent.imie}}';
    expect(renderCanned(body, facts)).toBe(
      'Dzień dobry Anna (Anna Wiśniewska, Kwiaciarnia Różana Sp. z o.o.),\nzgłoszenie VCH-10042 „Voucher nie działa w kasie”.\nEwa',
    );
  });

  it('accepts the English aliases, Polish letters, any case and spaces inside the braces', () => {
    expect(
      renderCanned(
        '{{customer.firstName}} {{ticket.number}} {{ Klient.Imię }} {{ZGŁOSZENIE.NUMER}} {{agent.name}} {{company.name}}',
        facts,
      ),
    ).toBe('Anna VCH-10042 Anna VCH-10042 Ewa Kwiaciarnia Różana Sp. z o.o.');
    expect(resolvePlaceholder(' customer.name ')).toBe('klient.nazwa');
    expect(resolvePlaceholder('ticket.subject')).toBe('zgloszenie.temat');
  });

  it('without a first name, the greeting closes up instead of leaving a gap before the comma', () => {
    const noName: CannedFacts = { ...facts, customer: { name: null, email: 'biuro@spa.pl' } };
    expect(renderCanned('Dzień dobry {{klient.imie}},\n\ndziękujemy.', noName)).toBe('Dzień dobry,\n\ndziękujemy.');
    expect(renderCanned('Witaj {{klient.imie}}!', noName)).toBe('Witaj!');
    expect(renderCanned('{{klient.imie}} dziękujemy', noName)).toBe('dziękujemy');
  });

  it('falls back to the e-mail address for the full name, and leaves a missing company out', () => {
    const bare: CannedFacts = { ...facts, customer: { name: '  ', email: 'biuro@spa.pl' }, company: null, agent: null };
    expect(renderCanned('Klient: {{klient.nazwa}}. Firma {{firma.nazwa}}.\nPozdrawiam, {{agent.imie}}', bare)).toBe(
      'Klient: biuro@spa.pl. Firma.\nPozdrawiam,',
    );
  });

  it("leaves the admin's own spacing and punctuation alone where every value is present", () => {
    expect(renderCanned('Kwota  :  100 zł , {{klient.imie}} ;)', facts)).toBe('Kwota  :  100 zł , Anna ;)');
  });

  it('leaves unknown placeholders as written, and does not let a value inject another placeholder', () => {
    expect(fillPlaceholders('{{klient.pesel}} {{klient.imie}}', { 'klient.imie': '{{zgloszenie.numer}}' })).toBe(
      '{{klient.pesel}} {{zgloszenie.numer}}',
    );
  });

  it('names each unknown placeholder once, in order, and ignores known ones', () => {
    expect(unknownPlaceholders('{{klient.imie}} {{klient.pesel}} {{ order.id }} {{klient.pesel}} {{}} {{customer.firstName}}')).toEqual([
      'klient.pesel',
      'order.id',
      '',
    ]);
    expect(unknownPlaceholders('Brak znaczników, tylko {pojedyncze} klamry.')).toEqual([]);
  });

  it('takes the first word of a name as the first name', () => {
    expect(firstName('  Anna Maria Wiśniewska ')).toBe('Anna');
    expect(firstName('')).toBeNull();
    expect(firstName(null)).toBeNull();
  });
});

describe('canned response schema', () => {
  it('requires a title and text and defaults to any language and category, active', () => {
    const parsed = cannedResponseSchema.safeParse({ title: ' ', body: '' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['adminCanned.errors.titleRequired', 'adminCanned.errors.bodyRequired']);
    expect(cannedResponseSchema.parse({ title: 'Powitanie', body: 'Dzień dobry' })).toEqual({
      title: 'Powitanie',
      body: 'Dzień dobry',
      locale: null,
      category: null,
      active: true,
    });
  });

  it('refuses a language or category outside the lists', () => {
    expect(cannedResponseSchema.safeParse({ title: 'A', body: 'B', locale: 'de' }).success).toBe(false);
    expect(cannedResponseSchema.safeParse({ title: 'A', body: 'B', category: 'SALES' }).success).toBe(false);
  });
});
