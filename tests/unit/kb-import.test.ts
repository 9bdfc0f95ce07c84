import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '@/server/kb/import';
import { slugify } from '@/server/kb/schemas';
import { queryWords } from '@/server/kb/search';

describe('knowledge base import (front matter)', () => {
  it('reads title, section, lang, tags and categories, and takes the slug from the file name', () => {
    const parsed = parseArticleFile(
      'Zwrot płatności.md',
      '---\ntitle: Zwrot płatności\nsection: platnosci\nlang: pl\ntags: [Zwrot, karta]\ncategories: BILLING\n---\nTreść **artykułu**.\n',
    );
    expect(parsed).toMatchObject({
      fields: {
        title: 'Zwrot płatności',
        slug: 'zwrot-platnosci',
        section: 'platnosci',
        locale: 'pl',
        tags: ['zwrot', 'karta'],
        categories: ['BILLING'],
      },
      publish: true,
      translationOf: null,
    });
  });

  it('keeps drafts as drafts and links translations', () => {
    const parsed = parseArticleFile(
      'a.md',
      '---\ntitle: Refunds\nsection: platnosci\nlang: en\nstatus: draft\ntranslationOf: zwrot-platnosci\n---\nText',
    );
    expect(parsed).toMatchObject({ publish: false, translationOf: 'zwrot-platnosci', fields: { locale: 'en' } });
  });

  it('reports what is wrong instead of importing a bad file', () => {
    expect(parseArticleFile('x.md', 'no front matter')).toEqual({ file: 'x.md', problems: [expect.stringContaining('front matter')] });
    expect(parseArticleFile('x.md', '---\ntitle: [unclosed\n---\nx')).toEqual({
      file: 'x.md',
      problems: [expect.stringContaining('YAML')],
    });
    const bad = parseArticleFile('x.md', '---\ntitle: ""\nsection: nieznany\n---\n');
    expect('problems' in bad && bad.problems.join(' ')).toMatch(/title.*section|section.*title/s);
  });
});

describe('knowledge base query words', () => {
  it('keeps letters and digits only, drops stop words, cuts long input', () => {
    expect(queryWords('Jak aktywować voucher? (kod: GIFT-12)').words).toEqual(['aktywować', 'voucher', 'kod', 'gift', '12']);
    expect(queryWords("'&|!():*<->").words).toEqual([]);
    expect(queryWords('słowo '.repeat(10_000)).words).toEqual(['słowo']);
    expect(queryWords(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ')).words).toHaveLength(12);
  });

  it('treats the last word as a prefix only while typing', () => {
    expect(queryWords('aktyw', { asYouType: true }).prefix).toBe('aktyw');
    expect(queryWords('aktyw ', { asYouType: true }).prefix).toBeNull();
    expect(queryWords('aktyw').prefix).toBeNull();
  });

  it('makes addresses from Polish titles', () => {
    expect(slugify('Źródło płatności — Łódź, 2026!')).toBe('zrodlo-platnosci-lodz-2026');
  });
});
