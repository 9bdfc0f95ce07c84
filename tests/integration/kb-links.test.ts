import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '@/generated/prisma/enums';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const { env } = await import('@/server/env');
const articles = await import('@/server/kb/articles');
const { articleLinksForTicket, markdownLink } = await import('@/server/kb/links');
const { createTicket } = await import('@/server/tickets/create');
const { ticketFieldsSchema } = await import('@/server/tickets/schemas');

const tag = () => randomUUID().slice(0, 8);

async function person(role: Role, locale = 'pl') {
  const user = await db().user.create({ data: { email: `${role.toLowerCase()}.${tag()}@example.pl`, name: 'Ewa Test', role, locale } });
  const principal: Principal = { kind: 'user', userId: user.id, role, companyId: null, isCompanyAdmin: false };
  return { ...user, principal };
}

async function ticketOf(locale: 'pl' | 'en') {
  const reporter = await person('CUSTOMER', locale);
  const created = await createTicket({
    fields: ticketFieldsSchema.parse({ category: 'TECHNICAL_ERROR', subject: `Voucher nie działa ${tag()}`, actual: 'Kasa odrzuca kod.' }),
    reporter: { userId: reporter.id },
    channel: 'WEB',
  });
  if (!created.ok) throw new Error('ticket not created');
  return { number: created.value.number, reporter };
}

async function article(agent: Principal, fields: { title: string; locale: 'pl' | 'en'; publish?: boolean; translationOf?: string }) {
  const saved = await articles.saveArticle(
    agent,
    null,
    { title: fields.title, locale: fields.locale, section: 'vouchery', slug: `link-${tag()}`, body: 'Treść artykułu.' },
    { translationOf: fields.translationOf ?? null },
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  if (fields.publish !== false) {
    const published = await articles.setArticleStatus(agent, saved.value.id, 'PUBLISHED');
    if (!published.ok) throw new Error(JSON.stringify(published.error));
  }
  return (await db().kbArticle.findUniqueOrThrow({ where: { id: saved.value.id } })).slug;
}

const titles = (result: Awaited<ReturnType<typeof articleLinksForTicket>>) => (result.ok ? result.value.map((a) => a.title) : result.error);

describe("the composer's article links (knowledge base search for the canned picker)", async () => {
  const agent = await person('AGENT');
  const marker = tag();
  const polishSlug = await article(agent.principal, { title: `Źródło kodu vouchera ${marker}`, locale: 'pl' });
  const polishId = (await db().kbArticle.findUniqueOrThrow({ where: { slug: polishSlug } })).id;
  const englishSlug = await article(agent.principal, { title: `Voucher code source ${marker}`, locale: 'en', translationOf: polishId });
  await article(agent.principal, { title: `Only in English ${marker}`, locale: 'en' });
  await article(agent.principal, { title: `Szkic o źródle ${marker}`, locale: 'pl', publish: false });

  it('finds published articles only, by every word of the title, without accents', async () => {
    const { number } = await ticketOf('pl');
    const result = await articleLinksForTicket(agent.principal, number, `zrodlo ${marker}`);
    expect(titles(result)).toEqual([`Źródło kodu vouchera ${marker}`]);
    expect(titles(await articleLinksForTicket(agent.principal, number, `ZRÓDŁO KODU ${marker}`))).toEqual([
      `Źródło kodu vouchera ${marker}`,
    ]);
    expect(titles(await articleLinksForTicket(agent.principal, number, `szkic ${marker}`))).toEqual([]);
    // Never an error, whatever is typed (LIKE wildcards and quotes are not words).
    expect(titles(await articleLinksForTicket(agent.principal, number, `%_\\' ${marker} ]`))).toHaveLength(2);
  });

  it("prefers the reporter's language: one article per translation, the other language only where there is no translation", async () => {
    const polish = await ticketOf('pl');
    expect(titles(await articleLinksForTicket(agent.principal, polish.number, marker))).toEqual([
      `Źródło kodu vouchera ${marker}`,
      `Only in English ${marker}`,
    ]);
    const english = await ticketOf('en');
    const result = await articleLinksForTicket(agent.principal, english.number, marker);
    expect(titles(result)).toEqual(expect.arrayContaining([`Voucher code source ${marker}`, `Only in English ${marker}`]));
    expect(titles(result)).toHaveLength(2);
    if (!result.ok) throw new Error('not listed');
    const link = result.value.find((a) => a.slug === englishSlug)!;
    const url = new URL(`/pomoc/baza-wiedzy/${englishSlug}`, env().APP_URL).href;
    expect(link).toMatchObject({ locale: 'en', matchesLocale: true, url, markdown: `[Voucher code source ${marker}](${url})` });
  });

  it('writes a Markdown link whose text keeps brackets as typed', () => {
    expect(markdownLink('Kody [beta] \\ nowe', 'https://support.vouchie.pl/pomoc/baza-wiedzy/kody')).toBe(
      '[Kody \\[beta\\] \\\\ nowe](https://support.vouchie.pl/pomoc/baza-wiedzy/kody)',
    );
  });

  it('is for staff only, and for tickets that exist', async () => {
    const { number, reporter } = await ticketOf('pl');
    expect(await articleLinksForTicket(reporter.principal, number, marker)).toEqual({ ok: false, error: { kind: 'forbidden' } });
    expect(await articleLinksForTicket({ kind: 'guest' }, number, marker)).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await articleLinksForTicket(agent.principal, 1, marker)).toEqual({ ok: false, error: { kind: 'not_found' } });
  });
});
