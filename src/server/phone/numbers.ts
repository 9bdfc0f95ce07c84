import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

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
