import { describe, expect, it } from 'vitest';
import pl from '@/i18n/messages/pl.json';
import en from '@/i18n/messages/en.json';
import { ERROR_PAGE_TEXTS } from '@/i18n/error-page-texts';

/** global-error.tsx shows a copy of `errorPage` (the catalogues are too large to ship to every page for it). */
describe('the global error page texts', () => {
  it('equal the catalogues, in both languages', () => {
    expect(ERROR_PAGE_TEXTS.pl).toEqual(pl.errorPage);
    expect(ERROR_PAGE_TEXTS.en).toEqual(en.errorPage);
  });
});
