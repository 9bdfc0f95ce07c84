import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidInput, unexpectedFailure } from '@/server/actions/run-action';
import { describeUnexpected } from '@/server/actions/unexpected';
import { slaPolicySchema } from '@/server/sla/schema';
import { cannedResponseSchema } from '@/server/canned/schemas';
import { createApiTokenSchema } from '@/server/admin/api-token-schemas';
import { toFieldErrors } from '@/server/tickets/schemas';
import { agentTicketPath, attachmentPath, customerTicketPath, signInErrorPath, signInPath, absoluteUrl } from '@/server/links';
import { toLocale } from '@/i18n/config';
import { translator } from '@/i18n/messages';

describe('one zod error → field errors mapping', () => {
  it("keeps every admin area's own catalogue keys (SLA, canned responses, API tokens) as the form shows them", () => {
    const sla = slaPolicySchema.safeParse({ plan: 'START', firstResponseHours: 1.5, resolutionHours: 1 });
    const canned = cannedResponseSchema.safeParse({ title: '', body: 'x' });
    const token = createApiTokenSchema.safeParse({ name: '' });
    expect(sla.success || canned.success || token.success).toBe(false);
    if (sla.success || canned.success || token.success) return;
    expect(toFieldErrors(sla.error)).toEqual({ firstResponseHours: ['adminSla.errors.wholeHours'] });
    expect(toFieldErrors(canned.error)).toEqual({ title: ['adminCanned.errors.titleRequired'] });
    expect(toFieldErrors(token.error)).toEqual({ name: ['adminApiTokens.errors.nameRequired'] });
  });

  it("replaces zod's own English with the generic key, and files input-wide issues under _form", () => {
    const parsed = z
      .object({ a: z.string() })
      .refine(() => false, { error: 'not a key' })
      .safeParse({ a: 1 });
    const root = z
      .string()
      .refine(() => false, { error: 'errors.invalid' })
      .safeParse('x');
    expect(parsed.success || root.success).toBe(false);
    if (parsed.success || root.success) return;
    expect(toFieldErrors(parsed.error)).toEqual({ a: ['errors.invalid'] });
    expect(toFieldErrors(root.error)).toEqual({ _form: ['errors.invalid'] });
  });
});

describe('server action envelope', () => {
  it('translates invalid input and lifts the input-wide message to the form error', () => {
    expect(invalidInput({ name: ['adminTeam.errors.nameRequired'], _form: ['adminCategories.errors.oneVisible'] }, 'pl')).toEqual({
      ok: false,
      fieldErrors: { name: ['Podaj imię i nazwisko.'] },
      formError: 'Co najmniej jedna kategoria musi być widoczna w formularzu.',
    });
    expect(invalidInput({ email: ['errors.email.invalid'] }, 'en')).not.toHaveProperty('formError');
  });

  it('answers an unexpected error with the generic sentence quoting a fresh request id, never the error itself', () => {
    const first = unexpectedFailure('test', new Error('connection refused: db.internal:5432'), translator('en'));
    const second = unexpectedFailure('test', new Error('boom'), translator('pl'));
    expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.requestId).not.toBe(second.requestId);
    expect(first.formError).toBe(`${translator('en')('errors.tryAgain')} (${first.requestId?.slice(0, 8)})`);
    expect(first.formError).not.toContain('db.internal');
    expect(second.formError?.startsWith('Coś poszło nie tak.')).toBe(true);
    expect(first.fieldErrors).toEqual({});
    expect(describeUnexpected(new Error('x')).messageKey).toBe('errors.tryAgain');
  });

  it('says "temporarily unavailable" when the database could not serve the action, and "try again" otherwise', () => {
    const poolTimeout = Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), {
      code: 'P2028',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (const error of [poolTimeout, refused, new Error('wrapped', { cause: refused })]) {
      const failure = unexpectedFailure('test', error, translator('pl'));
      expect(failure.formError).toBe(`${translator('pl')('errors.api.unavailable')} (${failure.requestId?.slice(0, 8)})`);
    }
    const uniqueViolation = Object.assign(new Error('Unique constraint failed'), { code: 'P2002' });
    expect(describeUnexpected(uniqueViolation).messageKey).toBe('errors.tryAgain');
  });
});

describe('locale fallback', () => {
  it('takes pl or en as given and Polish for anything else', () => {
    expect(toLocale('en')).toBe('en');
    expect(toLocale('pl')).toBe('pl');
    for (const other of ['de', 'EN', '', null, undefined, 1]) expect(toLocale(other)).toBe('pl');
  });
});

describe('links', () => {
  it("builds the site's addresses from a ticket number as shown or as a bare number", () => {
    expect(customerTicketPath('VCH-10001')).toBe('/pomoc/zgloszenia/VCH-10001');
    expect(customerTicketPath(10001)).toBe('/pomoc/zgloszenia/VCH-10001');
    expect(agentTicketPath(10002)).toBe('/agent/zgloszenia/VCH-10002');
    expect(signInPath('/pomoc/zgloszenia?zakres=firma')).toBe('/pomoc/logowanie?callbackUrl=/pomoc/zgloszenia%3Fzakres%3Dfirma');
    expect(signInErrorPath('expired')).toBe('/pomoc/logowanie/blad?powod=expired');
    expect(attachmentPath('a1', { ticketLinkToken: 'x+y' })).toBe('/api/attachments/a1?t=x%2By');
    expect(attachmentPath('a1', { download: true })).toBe('/api/attachments/a1?download=1');
    expect(absoluteUrl('https://pomoc.vouchie.pl/', '/agent')).toBe('https://pomoc.vouchie.pl/agent');
  });
});
