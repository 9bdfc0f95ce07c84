import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import compile from 'icu-minify/compile';
import format from 'icu-minify/format';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/i18n/messages/en.json';
import pl from '@/i18n/messages/pl.json';

/**
 * The app's pages format precompiled messages (next.config.ts: `experimental.messages.precompile`, icu-minify),
 * while code outside Next (the worker, e-mails, scripts) formats the JSON with intl-messageformat. Every message of
 * both catalogues must compile and read the same both ways, for every plural branch and select option.
 */

type Values = Record<string, string | number | ((chunks: unknown[]) => string)>;

interface Args {
  simple: Set<string>;
  plural: Set<string>;
  select: Map<string, string[]>;
  tags: Set<string>;
}

function collect(elements: MessageFormatElement[], args: Args): void {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) {
      args.simple.add(element.value);
    } else if (element.type === TYPE.plural) {
      args.plural.add(element.value);
      for (const option of Object.values(element.options)) collect(option.value, args);
    } else if (element.type === TYPE.select) {
      args.select.set(element.value, Object.keys(element.options));
      for (const option of Object.values(element.options)) collect(option.value, args);
    } else if (element.type === TYPE.tag) {
      args.tags.add(element.value);
      collect(element.children, args);
    }
  }
}

/** Value sets that visit every plural branch (Polish has one, few, many) and every select option. */
function valueSets(message: string): Values[] {
  const args: Args = { simple: new Set(), plural: new Set(), select: new Map(), tags: new Set() };
  collect(parse(message), args);
  const base: Values = {};
  for (const name of args.simple) base[name] = `«${name}»`;
  for (const name of args.tags) base[name] = (chunks) => `<${name}>${flatten(chunks)}</${name}>`;
  const sets: Values[] = [];
  const counts = args.plural.size ? [0, 1, 2, 5, 22, 1.5] : [0];
  const selects = [...args.select];
  const options = Math.max(1, ...selects.map(([, keys]) => keys.length));
  for (const count of counts) {
    for (let i = 0; i < options; i++) {
      const values: Values = { ...base };
      for (const name of args.plural) values[name] = count;
      for (const [name, keys] of selects) values[name] = keys[i % keys.length] ?? 'other';
      sets.push(values);
    }
  }
  return sets;
}

function flatten(node: unknown): string {
  return Array.isArray(node) ? node.map(flatten).join('') : String(node);
}

function leaves(catalogue: object, prefix = ''): [string, string][] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value as object, `${prefix}${key}.`),
  );
}

const formatters = {
  getDateTimeFormat: (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...args),
  getNumberFormat: (...args: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...args),
  getPluralRules: (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
};

describe.each([
  ['pl', pl],
  ['en', en],
] as const)('%s catalogue, precompiled', (locale, catalogue) => {
  const t = createTranslator({ locale, messages: catalogue });
  const rich = t.rich as unknown as (key: string, values: Values) => unknown;

  it('reads the same as with the full ICU runtime, message by message', () => {
    const differences: string[] = [];
    for (const [key, message] of leaves(catalogue)) {
      const compiled = compile(message);
      for (const values of valueSets(message)) {
        const expected = flatten(rich(key, values));
        const actual = flatten(format(compiled, locale, values, { formatters, timeZone: 'Europe/Warsaw' }));
        if (actual !== expected) differences.push(`${key} ${JSON.stringify(values)}: ${actual} ≠ ${expected}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
