import { describe, expect, it } from 'vitest';
import pl from '@/i18n/messages/pl.json';

/** Every Polish string of the UI and the e-mails, with its dotted key. */
function strings(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([key, value]) => strings(value, prefix ? `${prefix}.${key}` : key));
  return [];
}

const ALL = strings(pl);

/**
 * Polish copy addresses every reader: no masculine default for the customer or an agent ("próbowałeś",
 * "napotkałeś", "jego zgłoszenia" next to a female agent) and no "odpowiedział(a)" slashes. Impersonal forms,
 * the second person plural, infinitives and nouns do the job ("Co chcesz zrobić?", "zmiana statusu").
 */
describe('Polish copy', () => {
  it('has a few hundred strings to check (the catalogue was found)', () => {
    expect(ALL.length).toBeGreaterThan(500);
  });

  it('never writes a gendered ending with a slash or brackets, like "zmienił(a)" or "zmienił/a"', () => {
    expect(ALL.filter(([, text]) => /\p{L}\((a|aś|eś|łaś)\)|ł\/a\b|łeś\/łaś/u.test(text))).toEqual([]);
  });

  // The second person plural ("Nie znaleźliście odpowiedzi?") is the usual way Polish UIs address anyone, and stays.
  it('never speaks to the reader in the masculine past or conditional singular ("próbowałeś", "chciałbyś")', () => {
    expect(ALL.filter(([, text]) => /\p{L}(łeś|łbyś)\b/u.test(text))).toEqual([]);
  });

  it('does not call a staff member "jego" in settings that may be about anyone', () => {
    expect(ALL.filter(([key, text]) => key.includes('admin') && /\bjego\b/u.test(text))).toEqual([]);
  });

  it('puts one colon after a label, never two', () => {
    expect(ALL.filter(([, text]) => /::/u.test(text))).toEqual([]);
  });
});
