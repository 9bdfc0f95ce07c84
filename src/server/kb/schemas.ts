import { z } from 'zod';
import { TICKET_CATEGORIES, safeString } from '@/server/tickets/schemas';

/**
 * The knowledge base's inputs, one schema each, shared by the editor (browser), the server actions and the
 * importer. Messages are catalogue keys (adminKb.errors.*, errors.*). Client-importable: zod only.
 */
export const KB_SECTIONS = ['vouchery', 'platnosci', 'integracje', 'konto-i-plan'] as const;
export type KbSection = (typeof KB_SECTIONS)[number];

export const KB_LOCALES = ['pl', 'en'] as const;
export type KbLocale = (typeof KB_LOCALES)[number];

export const KB_LIMITS = {
  title: 160,
  slug: 100,
  summary: 300,
  body: 100_000,
  tags: 12,
  tag: 40,
  /** A search query is cut here before anything else looks at it. */
  query: 200,
  comment: 1000,
} as const;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const POLISH_FOLD: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };

/** "Jak aktywować voucher?" → "jak-aktywowac-voucher": the editor's suggestion for a new article's address. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[ąćęłńóśźż]/g, (c) => POLISH_FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, KB_LIMITS.slug)
    .replace(/-+$/g, '');
}

const tagSchema = safeString({ error: 'errors.invalid' })
  .trim()
  .min(1, { error: 'errors.invalid' })
  .max(KB_LIMITS.tag, { error: 'adminKb.errors.tagTooLong' });

export const articleSchema = z.object({
  title: safeString({ error: 'adminKb.errors.titleRequired' })
    .trim()
    .min(1, { error: 'adminKb.errors.titleRequired' })
    .max(KB_LIMITS.title, { error: 'adminKb.errors.titleTooLong' }),
  slug: safeString({ error: 'adminKb.errors.slugInvalid' })
    .trim()
    .min(1, { error: 'adminKb.errors.slugRequired' })
    .max(KB_LIMITS.slug, { error: 'adminKb.errors.slugInvalid' })
    .regex(SLUG_PATTERN, { error: 'adminKb.errors.slugInvalid' }),
  summary: safeString({ error: 'errors.invalid' }).trim().max(KB_LIMITS.summary, { error: 'adminKb.errors.summaryTooLong' }).default(''),
  body: safeString({ error: 'adminKb.errors.bodyRequired' })
    .trim()
    .min(1, { error: 'adminKb.errors.bodyRequired' })
    .max(KB_LIMITS.body, { error: 'adminKb.errors.bodyTooLong' }),
  section: z.enum(KB_SECTIONS, { error: 'adminKb.errors.sectionRequired' }),
  locale: z.enum(KB_LOCALES, { error: 'errors.invalid' }).default('pl'),
  tags: z
    .array(tagSchema)
    .max(KB_LIMITS.tags, { error: 'adminKb.errors.tooManyTags' })
    .default([])
    .transform((tags) => [...new Set(tags.map((tag) => tag.toLowerCase()))]),
  categories: z
    .array(z.enum(TICKET_CATEGORIES, { error: 'errors.invalid' }))
    .max(TICKET_CATEGORIES.length)
    .default([]),
});

export type ArticleInput = z.input<typeof articleSchema>;
export type ArticleFields = z.output<typeof articleSchema>;

export const feedbackSchema = z.object({
  helpful: z.boolean({ error: 'errors.invalid' }),
  comment: safeString({ error: 'errors.invalid' })
    .trim()
    .max(KB_LIMITS.comment, { error: 'kb.feedback.commentTooLong' })
    .optional()
    .transform((value) => (value ? value : undefined)),
});

export type FeedbackInput = z.input<typeof feedbackSchema>;

/** "tag1, tag2" as the editor's text field holds them. */
export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}
