import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseFullMetadata } from 'libphonenumber-js/max';

/**
 * Phone numbers are stored and compared in E.164 (`+48601234567`). Input without a country code is read as Polish,
 * the way merchants and the team write it ("601 234 567", "22 123 45 67").
 */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'PL';

/** E.164 for a valid number, or null for text that is not one (too short, letters, an unassigned range). */
export function normalizePhone(raw: string | null | undefined, country: CountryCode = DEFAULT_PHONE_COUNTRY): string | null {
  const text = raw?.trim();
  if (!text || text.length > 40) return null;
  // PBXes often send international numbers with a 00 prefix instead of +.
  const prepared = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(prepared, country);
  return parsed?.isValid() ? parsed.number : null;
}

/** How a stored E.164 number is shown to people: "+48 601 234 567". */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

export type CallbackPhoneError = 'invalid' | 'notPolish' | 'notReachable';

/**
 * A number we may call back on: a valid Polish mobile or landline, as E.164. Foreign numbers are refused (the team
 * calls Polish numbers only), and so are Polish numbers nobody answers like a person (toll-free, premium rate,
 * shared-cost, VoIP-only ranges). Uses the full metadata, which knows number types (the default build does not).
 */
export function callbackPhone(raw: string): { ok: true; e164: string } | { ok: false; error: CallbackPhoneError } {
  const text = raw.trim();
  if (!text || text.length > 40) return { ok: false, error: 'invalid' };
  const parsed = parseFullMetadata(text.startsWith('00') ? `+${text.slice(2)}` : text, DEFAULT_PHONE_COUNTRY);
  if (!parsed?.isValid()) return { ok: false, error: 'invalid' };
  if (parsed.country !== 'PL') return { ok: false, error: 'notPolish' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, error: 'notReachable' };
  return { ok: true, e164: parsed.number };
}
