import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import type { PrismaClient } from '@/generated/prisma/client';
import { markdownToPlainText, renderArticleMarkdown } from './markdown';
import { articleSchema, KB_LIMITS, slugify, type ArticleFields } from './schemas';

/**
 * Markdown files with YAML front matter → articles, for `npm run kb:import -- <folder>` and the demo seed:
 *
 *     ---
 *     title: Jak aktywować voucher
 *     section: vouchery            # vouchery | platnosci | integracje | konto-i-plan
 *     lang: pl                     # pl | en (default pl)
 *     tags: [aktywacja, kod]
 *     categories: [CONFIGURATION]  # ticket categories it answers (optional)
 *     summary: …                   # optional; default: the start of the text
 *     slug: …                      # optional; default: the file name
 *     status: published            # published (default) | draft
 *     translationOf: other-slug    # optional: the same article in the other language
 *     ---
 *     The text in Markdown.
 *
 * An article whose slug exists is updated (a new version, "imported"); a file that does not validate is reported
 * and skipped, the others are still imported. Takes the Prisma client to use, so the seed can pass its own.
 */

export interface ParsedArticle {
  file: string;
  fields: ArticleFields;
  publish: boolean;
  translationOf: string | null;
}

export interface ImportReport {
  created: string[];
  updated: string[];
  failed: { file: string; problems: string[] }[];
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseArticleFile(file: string, text: string): ParsedArticle | { file: string; problems: string[] } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { file, problems: ['no front matter (--- … ---) at the top'] };
  let meta: unknown;
  try {
    meta = parseYaml(match[1] ?? '');
  } catch (error) {
    return { file, problems: [`front matter is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`] };
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return { file, problems: ['front matter must be key: value pairs'] };
  const m = meta as Record<string, unknown>;
  const list = (value: unknown) =>
    Array.isArray(value)
      ? value.map(String)
      : typeof value === 'string'
        ? value
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : [];
  const parsed = articleSchema.safeParse({
    title: m.title,
    slug: typeof m.slug === 'string' ? m.slug : slugify(path.basename(file, path.extname(file))),
    summary: typeof m.summary === 'string' ? m.summary : '',
    body: match[2] ?? '',
    section: m.section,
    locale: m.lang ?? m.locale ?? 'pl',
    tags: list(m.tags),
    categories: list(m.categories),
  });
  if (!parsed.success) return { file, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`) };
  return {
    file,
    fields: parsed.data,
    publish: m.status !== 'draft',
    translationOf: typeof m.translationOf === 'string' ? m.translationOf : null,
  };
}

export async function readArticleFolder(folder: string): Promise<(ParsedArticle | { file: string; problems: string[] })[]> {
  const names = (await readdir(folder)).filter((name) => /\.(md|markdown)$/i.test(name)).sort();
  return Promise.all(names.map(async (name) => parseArticleFile(name, await readFile(path.join(folder, name), 'utf8'))));
}

export async function importArticles(
  client: PrismaClient,
  parsed: (ParsedArticle | { file: string; problems: string[] })[],
  editorId: string | null = null,
): Promise<ImportReport> {
  const report: ImportReport = { created: [], updated: [], failed: [] };
  const articles: ParsedArticle[] = [];
  for (const item of parsed) {
    if ('problems' in item) report.failed.push(item);
    else articles.push(item);
  }
  // Originals first, so a translation finds the group it joins.
  articles.sort((a, b) => Number(a.translationOf !== null) - Number(b.translationOf !== null));
  for (const article of articles) {
    const { fields } = article;
    const summary =
      fields.summary ||
      markdownToPlainText(fields.body)
        .slice(0, KB_LIMITS.summary - 1)
        .replace(/\s+\S*$/, '…');
    const data = { ...fields, summary, bodyHtml: renderArticleMarkdown(fields.body) };
    const group = article.translationOf
      ? await client.kbArticle.findUnique({ where: { slug: article.translationOf }, select: { groupId: true } })
      : null;
    const status = article.publish ? ('PUBLISHED' as const) : ('DRAFT' as const);
    const outcome = await client.$transaction(async (tx) => {
      const existing = await tx.kbArticle.findUnique({
        where: { slug: fields.slug },
        select: { id: true, version: true, publishedAt: true },
      });
      const row = existing
        ? await tx.kbArticle.update({
            where: { id: existing.id },
            data: {
              ...data,
              status,
              version: existing.version + 1,
              updatedById: editorId,
              ...(group ? { groupId: group.groupId } : {}),
              ...(article.publish && !existing.publishedAt ? { publishedAt: new Date() } : {}),
            },
            select: { id: true, version: true },
          })
        : await tx.kbArticle.create({
            data: {
              ...data,
              status,
              authorId: editorId,
              updatedById: editorId,
              ...(group ? { groupId: group.groupId } : {}),
              ...(article.publish ? { publishedAt: new Date() } : {}),
            },
            select: { id: true, version: true },
          });
      await tx.kbArticleVersion.create({
        data: {
          articleId: row.id,
          version: row.version,
          title: fields.title,
          slug: fields.slug,
          summary,
          body: fields.body,
          section: fields.section,
          tags: fields.tags,
          categories: fields.categories,
          action: 'imported',
          editorId,
        },
      });
      return existing ? ('updated' as const) : ('created' as const);
    });
    report[outcome].push(fields.slug);
  }
  return report;
}
