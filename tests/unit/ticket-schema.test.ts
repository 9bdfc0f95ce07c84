import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apiTicketSchema, contactFormSchema, toFieldErrors } from '@/server/tickets/schemas';
import { isChatOpen, PLAN_SUPPORT, supportFor } from '@/server/plans';
import { localeFromAcceptLanguage } from '@/i18n/config';
import { parseEnv } from '@/server/env';
import pl from '@/i18n/messages/pl.json';
import en from '@/i18n/messages/en.json';

const valid = {
  reporter: { name: 'Jan Kowalski', email: 'Jan@Firma.PL' },
  category: 'TECHNICAL_ERROR',
  subject: 'Voucher nie działa',
  actual: 'Pojawia się komunikat o błędzie.',
};

describe('contact form schema', () => {
  it('accepts a minimal ticket, trims text, lower-cases the e-mail and defaults the priority', () => {
    const parsed = contactFormSchema.parse({ ...valid, subject: '  Voucher nie działa  ' });
    expect(parsed.subject).toBe('Voucher nie działa');
    expect(parsed.reporter?.email).toBe('jan@firma.pl');
    expect(parsed.priority).toBe('NORMAL');
    expect(parsed.reproSteps).toEqual([]);
  });

  it('turns empty optional fields into undefined and drops blank steps', () => {
    const parsed = contactFormSchema.parse({ ...valid, attempted: '   ', reproSteps: ['Krok 1', '  ', 'Krok 2'] });
    expect(parsed.attempted).toBeUndefined();
    expect(parsed.reproSteps).toEqual(['Krok 1', 'Krok 2']);
  });

  it('gives one catalogue key per invalid field', () => {
    const result = contactFormSchema.safeParse({
      ...valid,
      subject: '',
      category: 'X',
      identifiers: Array(21).fill({ kind: 'OTHER', value: 'a' }),
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(toFieldErrors(result.error)).toEqual({
      subject: ['errors.subject.required'],
      category: ['errors.category.required'],
      identifiers: ['errors.identifier.tooMany'],
    });
  });

  it('accepts datetime-local values and ISO strings with offsets, not future dates', () => {
    expect(contactFormSchema.parse({ ...valid, occurredAt: '2026-01-15T10:30' }).occurredAt).toBeInstanceOf(Date);
    expect(contactFormSchema.parse({ ...valid, occurredAt: '2026-01-15T10:30:00+01:00' }).occurredAt?.toISOString()).toBe(
      '2026-01-15T09:30:00.000Z',
    );
    expect(contactFormSchema.safeParse({ ...valid, occurredAt: '2999-01-01T00:00:00Z' }).success).toBe(false);
    expect(contactFormSchema.safeParse({ ...valid, occurredAt: 'wczoraj' }).success).toBe(false);
  });

  it('every error key the schemas can produce exists in both catalogues', () => {
    const keys = new Set<string>();
    const collect = (input: unknown) => {
      const r = contactFormSchema.safeParse(input);
      if (!r.success)
        Object.values(toFieldErrors(r.error))
          .flat()
          .forEach((k) => keys.add(k));
      const a = apiTicketSchema.safeParse(input);
      if (!a.success)
        Object.values(toFieldErrors(a.error))
          .flat()
          .forEach((k) => keys.add(k));
    };
    collect({});
    collect({
      ...valid,
      reporter: { name: 'J', email: 'x' },
      subject: 'abc',
      actual: 'short',
      priority: 'X',
      occurredAt: 'bad',
      reproSteps: Array(31).fill('a'),
    });
    collect({
      ...valid,
      subject: 'x'.repeat(151),
      actual: 'x'.repeat(10_001),
      identifiers: [{ kind: 'Y', value: '' }],
      reporter: { name: 'x'.repeat(121), email: '', company: { externalId: '', name: '', plan: 'GOLD' } },
    });
    const lookup = (catalogue: unknown, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);
    for (const key of keys) {
      expect(typeof lookup(pl, key), `pl: ${key}`).toBe('string');
      expect(typeof lookup(en, key), `en: ${key}`).toBe('string');
    }
    expect(keys.size).toBeGreaterThan(12);
  });

  it('round-trips any printable text in the subject unchanged apart from trimming', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 60 }), (subject) => {
        const trimmed = subject.trim();
        // Limits count Unicode code points (zod does), so an emoji is one character, not two.
        const length = [...trimmed].length;
        const result = contactFormSchema.safeParse({ ...valid, subject });
        if (length >= 5 && length <= 150) {
          expect(result.success && result.data.subject).toBe(trimmed);
        } else {
          expect(result.success).toBe(false);
        }
      }),
    );
  });
});

describe('plans', () => {
  it('gives phone support to Premium only and chat from Biznes up', () => {
    expect(PLAN_SUPPORT.START.channels).not.toContain('CHAT');
    expect(PLAN_SUPPORT.BIZNES.channels).toContain('CHAT');
    expect(PLAN_SUPPORT.BIZNES.channels).not.toContain('PHONE');
    expect(PLAN_SUPPORT.PREMIUM.channels).toContain('PHONE');
    expect(supportFor(null)).toBe(PLAN_SUPPORT.START);
  });

  it('opens chat in Warsaw business hours only', () => {
    const biznes = PLAN_SUPPORT.BIZNES;
    expect(isChatOpen(biznes, new Date('2026-11-27T09:30:00Z'))).toBe(true); // Friday 10:30 in Warsaw
    expect(isChatOpen(biznes, new Date('2026-11-27T16:30:00Z'))).toBe(false); // Friday 17:30
    expect(isChatOpen(biznes, new Date('2026-11-28T10:00:00Z'))).toBe(false); // Saturday
    expect(isChatOpen(PLAN_SUPPORT.START, new Date('2026-11-27T09:30:00Z'))).toBe(false);
  });
});

describe('locale and environment', () => {
  it('prefers Polish unless English ranks higher', () => {
    expect(localeFromAcceptLanguage(null)).toBe('pl');
    expect(localeFromAcceptLanguage('en-GB,en;q=0.9,pl;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('de-DE,pl;q=0.5,en;q=0.4')).toBe('pl');
    expect(localeFromAcceptLanguage('fr-FR')).toBe('pl');
  });

  it('explains every missing or malformed setting at once', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x', AUTH_SECRET: 'short', SMTP_URL: 'http://x' })).toThrowError(
      /DATABASE_URL must be a postgres:\/\/ URL[\s\S]*AUTH_SECRET must be at least 32 characters[\s\S]*SMTP_URL must be an smtp/,
    );
  });

  it('converts upload limits from megabytes to bytes', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://x', AUTH_SECRET: 'x'.repeat(32), UPLOAD_MAX_FILE_MB: '5' });
    expect(env.UPLOAD_MAX_FILE_MB).toBe(5 * 1024 * 1024);
    expect(env.UPLOAD_MAX_TOTAL_MB).toBe(100 * 1024 * 1024);
  });
});
