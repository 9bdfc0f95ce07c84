/**
 * @mentions in an internal note. An agent is named by `@` and their e-mail's local part (`@ewa.dabrowska`), their
 * whole name without spaces (`@EwaDąbrowska`), or their first name when no other active colleague shares it
 * (`@Ewa`); case does not matter. A token that names nobody (or two people) is left alone.
 */
export interface Mentionable {
  id: string;
  name: string | null;
  email: string;
}

const MENTION = /(?:^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

export function mentionedIn(body: string, staff: readonly Mentionable[]): string[] {
  // An e-mail's local part or a whole name is exact; a first name counts only when nobody else has the exact key.
  const exact = new Map<string, Set<string>>();
  const first = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, id: string) => {
    const k = key.toLocaleLowerCase('pl');
    if (k) map.set(k, (map.get(k) ?? new Set()).add(id));
  };
  for (const person of staff) {
    add(exact, person.email.slice(0, person.email.indexOf('@')), person.id);
    const name = person.name?.trim();
    if (name) {
      add(exact, name.replace(/\s+/g, ''), person.id);
      add(first, name.split(/\s+/)[0] ?? '', person.id);
    }
  }
  const found = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    // A sentence's full stop is not part of the name: "@Ewa." names Ewa.
    const token = (match[1] ?? '').replace(/[._-]+$/, '').toLocaleLowerCase('pl');
    const ids = exact.get(token) ?? first.get(token);
    if (ids?.size === 1) found.add([...ids][0]!);
  }
  return [...found];
}
