import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pl from '@/i18n/messages/pl.json';
import en from '@/i18n/messages/en.json';
import { CONTACT_CHANNEL_NAMESPACES, CONTACT_FORM_NAMESPACES, pickMessages } from '@/i18n/pick-messages';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The client components of /pomoc/kontakt, by folder or file: the form's, and the signed-in customer's channels. */
const GROUPS = [
  {
    name: 'the form',
    namespaces: CONTACT_FORM_NAMESPACES,
    sources: [
      'src/components/contact',
      'src/components/kb/contact-suggestions.tsx',
      'src/components/ui/attachment-uploader.tsx',
      'src/components/ui/deferred-attachment-uploader.tsx',
      'src/components/ui/upload-drop-zone.tsx',
      'src/components/ui/screen-recorder.tsx',
    ],
  },
  {
    name: 'the channels',
    namespaces: CONTACT_CHANNEL_NAMESPACES,
    sources: [
      'src/components/chat/customer',
      'src/components/phone/callback-booking.tsx',
      'src/components/phone/slot-picker.tsx',
      'src/components/ui/toast.tsx',
    ],
  },
];

function sources(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (/\.tsx?$/.test(entry)) return [full];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => path.join(full, name));
}

const covered = (namespaces: readonly string[], namespace: string) =>
  namespaces.some((ns) => namespace === ns || namespace.startsWith(`${ns}.`));

describe('the catalogue namespaces sent to the contact page', () => {
  it('picks dotted paths and keeps their nesting', () => {
    const picked = pickMessages({ a: { b: { c: 'x' }, d: 'y' }, e: 'z' }, ['a.b', 'e', 'missing.path']);
    expect(picked).toEqual({ a: { b: { c: 'x' } }, e: 'z' });
  });

  for (const group of GROUPS) {
    it(`exist in both catalogues (${group.name})`, () => {
      for (const catalogue of [pl, en]) {
        const picked = pickMessages(catalogue, group.namespaces);
        for (const namespace of group.namespaces) {
          const value = namespace.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], picked);
          expect(value, namespace).toBeDefined();
        }
      }
    });

    it(`cover every useTranslations('…') of the page's client components (${group.name})`, () => {
      const used = group.sources
        .flatMap(sources)
        .flatMap((file) =>
          [...readFileSync(file, 'utf8').matchAll(/useTranslations\('([^']+)'\)/g)].map(
            (match) => `${match[1]} (${path.relative(ROOT, file)})`,
          ),
        );
      expect(used.length).toBeGreaterThan(3);
      expect(used.filter((entry) => !covered(group.namespaces, entry.split(' ')[0] ?? ''))).toEqual([]);
    });
  }
});
