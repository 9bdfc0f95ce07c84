/**
 * The placeholders a canned response may use. The canonical names are Polish (the admins are); the English
 * aliases from the issue are accepted too, as are Polish letters and any letter case (`{{Klient.Imię}}`), so an
 * admin's spelling never silently turns into literal braces in a customer's inbox. Pure: imported by the
 * admin editor in the browser and by the server.
 */

export const PLACEHOLDERS = [
  { name: 'klient.imie', aliases: ['customer.firstName'] },
  { name: 'klient.nazwa', aliases: ['customer.name'] },
  { name: 'zgloszenie.numer', aliases: ['ticket.number'] },
  { name: 'zgloszenie.temat', aliases: ['ticket.subject'] },
  { name: 'agent.imie', aliases: ['agent.name', 'agent.firstName'] },
  { name: 'firma.nazwa', aliases: ['company.name'] },
] as const;

export type PlaceholderName = (typeof PLACEHOLDERS)[number]['name'];

/** `{{ name }}`: anything between double braces is meant as a placeholder, so typos are caught, not sent. */
const PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

/** Lower case, no diacritics (ł is not decomposed by NFD), no spaces: how names are compared. */
function normalise(raw: string): string {
  return raw.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/\s+/g, '').toLowerCase();
}

const BY_SPELLING = new Map<string, PlaceholderName>(
  PLACEHOLDERS.flatMap(({ name, aliases }) => [name, ...aliases].map((spelling) => [normalise(spelling), name] as const)),
);

export function resolvePlaceholder(raw: string): PlaceholderName | null {
  return BY_SPELLING.get(normalise(raw)) ?? null;
}

/** The placeholders in `body` no spelling matches, as written (trimmed), each once, in order of appearance. */
export function unknownPlaceholders(body: string): string[] {
  const unknown: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER_PATTERN)) {
    const raw = (match[1] ?? '').trim();
    if (!resolvePlaceholder(raw) && !unknown.includes(raw)) unknown.push(raw);
  }
  return unknown;
}

export type PlaceholderValues = Partial<Record<PlaceholderName, string | null>>;

/** Marks where a placeholder had no value, so only the text around it is tidied, never the admin's own. */
const EMPTY = '\u0000';

/**
 * Fills the placeholders. A missing value becomes nothing, and the space next to it goes too, so the sentence
 * still reads well: "Dzień dobry {{klient.imie}}," without a first name is "Dzień dobry,", not "Dzień dobry ,".
 * Unknown placeholders are left as written (the editor refuses to save them; this only guards old rows).
 */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body
    .replaceAll(EMPTY, '')
    .replace(PLACEHOLDER_PATTERN, (whole, raw: string) => {
      const name = resolvePlaceholder(raw);
      if (!name) return whole;
      return values[name]?.trim() || EMPTY;
    })
    .replace(/[ \t]*\u0000(?=[ \t]*(?:[,.!?;:)]|$))/gm, '')
    .replace(/\u0000[ \t]*/g, '');
}
