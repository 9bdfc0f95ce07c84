import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@/server/auth/policy';

const { db } = await import('@/server/db/client');
const articles = await import('@/server/kb/articles');
const { searchArticles, queryWords } = await import('@/server/kb/search');
const { publishedArticle } = await import('@/server/kb/public');
const feedback = await import('@/server/kb/feedback');
const { kbStats } = await import('@/server/kb/stats');

const tag = () => randomUUID().slice(0, 8);

async function staff(): Promise<Principal> {
  const user = await db().user.create({ data: { email: `agent.${tag()}@vouchie.pl`, name: 'Ewa Agentka', role: 'AGENT' } });
  return { kind: 'user', userId: user.id, role: 'AGENT', companyId: null, isCompanyAdmin: false };
}

async function publish(principal: Principal, fields: { title: string; body: string; section?: string; tags?: string[]; locale?: string }) {
  const saved = await articles.saveArticle(principal, null, {
    section: 'vouchery',
    slug: `${articles.isUuid(fields.title) ? 'x' : 'a'}-${tag()}`,
    ...fields,
  });
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  const published = await articles.setArticleStatus(principal, saved.value.id, 'PUBLISHED');
  if (!published.ok) throw new Error(JSON.stringify(published.error));
  return { id: saved.value.id, slug: published.value.slug };
}

const titles = (result: { hits: { title: string }[] }) => result.hits.map((h) => h.title);

describe('knowledge base search in Polish (real Postgres with the hunspell-pl dictionary)', async () => {
  const agent = await staff();
  const marker = tag();
  const voucher = await publish(agent, {
    title: `Jak aktywować voucher ${marker}`,
    body: 'Voucher aktywujesz w panelu: Sprzedaż → Vouchery. Kod vouchera działa od razu.',
  });
  const source = await publish(agent, {
    title: `Źródło ruchu w raportach ${marker}`,
    body: 'Raport pokazuje, z którego źródła przyszli klienci.',
    section: 'integracje',
  });
  const payments = await publish(agent, {
    title: `Zwrot płatności ${marker}`,
    body: 'Zwroty płatności kartą trwają do 5 dni roboczych.',
    section: 'platnosci',
  });

  it('runs on the Polish dictionary here (the test machine installs it: src/cli/test-machine.ts)', async () => {
    const [row] = await db().$queryRaw<{ config: string }[]>`SELECT kb_refresh_search_config() AS config`;
    expect(row?.config, 'kb_polish dictionary missing from tsearch_data: npm run kb:install-dictionary').toBe('polish');
  });

  it.each(['vouchery', 'voucherów', 'voucherem', 'VOUCHERY'])('"%s" finds the article about a voucher', async (query) => {
    const result = await searchArticles({ query, locale: 'pl' });
    expect(result.hits.map((h) => h.id)).toContain(voucher.id);
  });

  it('"zrodlo" (no accents) finds "Źródło", and "platnosci" finds "płatności"', async () => {
    expect((await searchArticles({ query: 'zrodlo', locale: 'pl' })).hits.map((h) => h.id)).toContain(source.id);
    expect((await searchArticles({ query: 'zrodla ruchu', locale: 'pl' })).hits.map((h) => h.id)).toContain(source.id);
    expect((await searchArticles({ query: 'platnosci', locale: 'pl' })).hits.map((h) => h.id)).toContain(payments.id);
  });

  it('an inflected form with accents finds the lemma ("płatnościami" → "płatność")', async () => {
    expect((await searchArticles({ query: 'płatnościami', locale: 'pl' })).hits.map((h) => h.id)).toContain(payments.id);
  });

  it('a typo is corrected against the published words ("vaucher", "zwrto")', async () => {
    const result = await searchArticles({ query: `vaucher ${marker}x`, locale: 'pl' });
    expect(result.hits.map((h) => h.id)).toContain(voucher.id);
    expect(result.corrections).toContain('voucher');
    expect((await searchArticles({ query: 'płatnośći zwrto', locale: 'pl' })).hits.map((h) => h.id)).toContain(payments.id);
  });

  it('ranks a title match first for a sentence typed into the contact form', async () => {
    const result = await searchArticles({ query: `Nie mogę aktywować vouchera ${marker}, co robić?`, locale: 'pl', limit: 3 });
    expect(result.hits[0]?.id).toBe(voucher.id);
  });

  it('counts each query word once, so two matched words beat one common word with many forms', async () => {
    const word = `terminal${marker}`;
    await publish(agent, { title: 'Drukarka paragonów nie działa', body: 'Drukarka nie działa, gdy działają inne urządzenia.' });
    const terminal = await publish(agent, { title: `Jak podłączyć ${word}`, body: 'Podłączenie terminala.' });
    const result = await searchArticles({ query: `Nie działa ${word}`, locale: 'pl', limit: 3, asYouType: true });
    expect(result.hits[0]?.id).toBe(terminal.id);
  });

  it('finds the word being typed by its prefix', async () => {
    expect((await searchArticles({ query: 'aktyw', locale: 'pl', asYouType: true })).hits.map((h) => h.id)).toContain(voucher.id);
  });

  it('never errors on any query: operators, quotes, NUL-free junk, huge input', async () => {
    for (const query of [
      "'&|!():*<->",
      '"voucher',
      'a'.repeat(100_000),
      '🎁 voucher 🎁',
      '\\',
      'or and not',
      '   ',
      '<script>',
      "'; DROP TABLE x; --",
    ]) {
      await expect(searchArticles({ query, locale: 'pl' })).resolves.toBeDefined();
    }
    expect(queryWords('x '.repeat(500)).words.length).toBeLessThanOrEqual(12);
  });

  it('leaves drafts and the other language out of public results', async () => {
    const draft = await articles.saveArticle(agent, null, {
      title: `Voucher szkic ${marker}`,
      slug: `szkic-${tag()}`,
      body: 'voucher',
      section: 'vouchery',
    });
    expect(draft.ok).toBe(true);
    const en = await publish(agent, {
      title: `Activating a voucher ${marker}`,
      body: 'Vouchers are activated in the panel.',
      locale: 'en',
    });
    const pl = await searchArticles({ query: `voucher ${marker}`, locale: 'pl', limit: 50 });
    expect(pl.hits.map((h) => h.title)).not.toContain(`Voucher szkic ${marker}`);
    expect(pl.hits.map((h) => h.id)).not.toContain(en.id);
    expect((await searchArticles({ query: 'vouchers', locale: 'en' })).hits.map((h) => h.id)).toContain(en.id);
    expect(titles(await searchArticles({ query: `szkic ${marker}`, locale: 'pl', publishedOnly: false }))).toContain(
      `Voucher szkic ${marker}`,
    );
  });
});

describe('knowledge base articles', async () => {
  const agent = await staff();

  it('refuses a duplicate slug with a field error', async () => {
    const slug = `duplikat-${tag()}`;
    expect((await articles.saveArticle(agent, null, { title: 'Pierwszy', slug, body: 'a', section: 'vouchery' })).ok).toBe(true);
    const second = await articles.saveArticle(agent, null, { title: 'Drugi', slug, body: 'b', section: 'vouchery' });
    expect(second).toEqual({ ok: false, error: { kind: 'invalid', fieldErrors: { slug: ['adminKb.errors.slugTaken'] } } });
  });

  it('stores sanitised HTML, keeps a version per save, refuses a stale edit and restores an old version', async () => {
    const saved = await articles.saveArticle(agent, null, {
      title: 'Wersje',
      slug: `wersje-${tag()}`,
      body: 'Pierwsza <script>alert(1)</script> [x](javascript:alert(1))',
      section: 'vouchery',
    });
    if (!saved.ok) throw new Error('save failed');
    const row = await db().kbArticle.findUniqueOrThrow({ where: { id: saved.value.id } });
    expect(row.bodyHtml).not.toMatch(/<script|javascript:/i);

    const second = await articles.saveArticle(
      agent,
      saved.value.id,
      { title: 'Wersje', slug: row.slug, body: 'Druga', section: 'vouchery' },
      { expectedVersion: 1 },
    );
    expect(second).toEqual({ ok: true, value: { id: saved.value.id, version: 2 } });
    const stale = await articles.saveArticle(
      agent,
      saved.value.id,
      { title: 'Wersje', slug: row.slug, body: 'Trzecia', section: 'vouchery' },
      { expectedVersion: 1 },
    );
    expect(stale).toEqual({ ok: false, error: { kind: 'conflict', currentVersion: 2 } });

    const restored = await articles.restoreArticleVersion(agent, saved.value.id, 1);
    expect(restored).toEqual({ ok: true, value: { id: saved.value.id, version: 3 } });
    const detail = await articles.getArticleForStaff(agent, saved.value.id);
    if (!detail.ok) throw new Error('read failed');
    expect(detail.value.article.body).toContain('Pierwsza');
    expect(detail.value.versions.map((v) => [v.version, v.action, v.restoredFrom, v.editor])).toEqual([
      [3, 'restored', 1, 'Ewa Agentka'],
      [2, 'saved', null, 'Ewa Agentka'],
      [1, 'saved', null, 'Ewa Agentka'],
    ]);
  });

  it('is for staff only', async () => {
    const customer: Principal = { kind: 'user', userId: randomUUID(), role: 'CUSTOMER', companyId: null, isCompanyAdmin: false };
    expect(await articles.saveArticle(customer, null, { title: 'x', slug: 'x', body: 'x', section: 'vouchery' })).toEqual({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(await articles.listArticlesForStaff({ kind: 'guest' })).toEqual({ ok: false, error: { kind: 'forbidden' } });
  });

  it('shows a published article with related ones; an unpublished one is gone from the help centre', async () => {
    const a = await publish(agent, { title: `Kody voucherów ${tag()}`, body: 'Kod vouchera ma 12 znaków.' });
    await publish(agent, { title: `Ważność voucherów ${tag()}`, body: 'Voucher jest ważny 12 miesięcy.' });
    const page = await publishedArticle(a.slug);
    expect(page?.related.length).toBeGreaterThan(0);
    expect(page?.related.map((r) => r.id)).not.toContain(a.id);
    await articles.setArticleStatus(agent, a.id, 'DRAFT');
    expect(await publishedArticle(a.slug)).toBeNull();
  });

  it('rate-limits feedback per address and counts deflections and seen articles', async () => {
    const a = await publish(agent, { title: `Pomocny ${tag()}`, body: 'Treść.' });
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const before = (await kbStats(agent))!;
    expect((await feedback.recordFeedback(a.id, { helpful: false, comment: 'Brakuje zrzutów' }, ip)).ok).toBe(true);
    for (let i = 1; i < 30; i++) await feedback.recordFeedback(a.id, { helpful: true }, ip);
    expect(await feedback.recordFeedback(a.id, { helpful: true }, ip)).toEqual({ ok: false, error: { kind: 'rate_limited' } });

    const session = feedback.issueDeflectionSession();
    expect(feedback.verifyDeflectionSession(session.cookie)).toBe(session.id);
    expect(feedback.verifyDeflectionSession(`${session.cookie}x`)).toBeNull();
    await feedback.noteSuggested(session.id, 'pl', [a.id]);
    expect(await feedback.recordView(a.slug, session.id)).toBe(true);
    const after = (await kbStats(agent))!;
    expect(after.deflection.deflected).toBe(before.deflection.deflected + 1);
    expect(after.mostViewed.map((m) => m.id)).toContain(a.id);
    expect(after.leastHelpful.map((m) => m.id)).toContain(a.id);

    const ticketId = randomUUID();
    await feedback.linkSessionToTicket(session.id, ticketId);
    expect((await kbStats(agent))!.deflection.deflected).toBe(before.deflection.deflected);
    expect(await feedback.articlesSeenBeforeTicket(ticketId)).toEqual([
      { id: a.id, slug: a.slug, title: expect.any(String), opened: true },
    ]);
  });
});
