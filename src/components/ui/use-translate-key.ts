'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';

type Values = Record<string, string | number>;
type UntypedTranslator = { (key: string, values?: Values): string; has(key: string): boolean };

/**
 * Translates a catalogue key that is only known at run time (zod's `errors.*` keys, `errors.attachments.*`).
 * Unknown keys fall back to the generic message instead of showing the raw key to a customer.
 */
export function useTranslateKey(): (key: string, values?: Values) => string {
  const t = useTranslations();
  return useCallback(
    (key: string, values?: Values) => {
      const untyped = t as unknown as UntypedTranslator;
      return untyped.has(key) ? untyped(key, values) : untyped('errors.invalid');
    },
    [t],
  );
}
