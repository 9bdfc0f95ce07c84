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
  const byKey = new Map<string, Set<string>>();
  const add = (key: string, id: string) => {
    const k = key.toLocaleLowerCase('pl');
    if (!k) return;
    byKey.set(k, (byKey.get(k) ?? new Set()).add(id));
  };
  for (const person of staff) {
    add(person.email.slice(0, person.email.indexOf('@')), person.id);
    const name = person.name?.trim();
    if (name) {
      add(name.replace(/\s+/g, ''), person.id);
      add(name.split(/\s+/)[0] ?? '', person.id);
    }
  }
  const found = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    // A sentence's full stop is not part of the name: "@Ewa." names Ewa.
    const token = (match[1] ?? '').replace(/[._-]+$/, '').toLocaleLowerCase('pl');
    const ids = byKey.get(token);
    if (ids?.size === 1) found.add([...ids][0]!);
  }
  return [...found];
}
