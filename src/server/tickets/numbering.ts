/** Ticket numbers are shown as VCH-10001; they are never trusted for access (see auth/policy.ts). */
const PREFIX = 'VCH-';

export function formatTicketNumber(number: number): string {
  return `${PREFIX}${number}`;
}

/** Accepts `VCH-10001`, `vch-10001` or `10001`; returns null for anything else. */
export function parseTicketNumber(value: string): number | null {
  const match = /^(?:vch-)?(\d{1,9})$/i.exec(value.trim());
  if (!match?.[1]) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
