import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mintSsoToken, type SsoClaimsInput } from '../../src/server/auth/sso';
import { dbQuery, readStack, waitForCapturedEmail } from './helpers';

const SESSION_COOKIE = 'authjs.session-token';

/** A seeded Biznes customer, as the panel would describe her. */
const katarzyna: SsoClaimsInput = {
  sub: 'usr-katarzyna-cmp-spa',
  email: 'katarzyna@spazdroj.pl',
  name: 'Katarzyna Nowak',
  company: { id: 'cmp-spa', name: 'Spa Zdrój Kołobrzeg', plan: 'BIZNES' },
  locale: 'pl',
  company_admin: true,
};

function ssoUrl(token: string, extra: Record<string, string> = {}) {
  return `/sso/vouchie?${new URLSearchParams({ token, ...extra })}`;
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
}

async function expectSignInError(page: Page, reason: string, title: string) {
  await expect(page).toHaveURL(new RegExp(`/pomoc/logowanie/blad\\?powod=${reason}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByRole('link', { name: 'Wróć do panelu Vouchie' })).toHaveAttribute('href', '/demo/panel');
  await expect(page.getByRole('link', { name: 'Zaloguj się linkiem e-mail' })).toBeVisible();
  await expect(page.getByText(reason, { exact: true })).toBeVisible();
}

test.describe('hand-off from the Vouchie panel', () => {
  test('a Biznes customer clicks Pomoc → Kontakt in the demo panel and lands signed in, with her plan and its chat channel', async ({
    page,
    context,
  }) => {
    await page.goto('/demo/panel');
    await expect(page.getByRole('note')).toContainText('Tryb demo');
    const row = page.getByTestId('demo-customer').filter({ hasText: 'Katarzyna Nowak' });
    await row.getByRole('link', { name: /^Pomoc → Kontakt/ }).click();

    await expect(page).toHaveURL(/\/pomoc\/kontakt$/);
    await expect(page.getByText('Zgłaszasz jako')).toContainText('Katarzyna Nowak');
    await expect(page.getByText('Spa Zdrój Kołobrzeg · plan Biznes')).toBeVisible();
    await expect(page.getByText('Kanały wsparcia w Twoim planie Biznes.')).toBeVisible();
    const chat = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Czat na żywo' }) });
    await expect(chat).toBeVisible();
    await expect(chat).not.toContainText('Dostępny w');
    await expect(chat.getByText(/Czat jest teraz otwarty|Teraz niedostępny/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Wyloguj' })).toBeVisible();

    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  test('an expired token shows the explained error page and signs nobody in', async ({ page, context }) => {
    const token = await mintSsoToken(katarzyna, readStack().ssoSecret, { now: new Date(Date.now() - 10 * 60_000) });
    await page.goto(ssoUrl(token));
    await expectSignInError(page, 'sso_expired', 'Link z panelu Vouchie wygasł');
    expect(await sessionCookie(context)).toBeUndefined();
  });

  test('a token used twice is refused the second time', async ({ page, context }) => {
    const token = await mintSsoToken(katarzyna, readStack().ssoSecret);
    await page.goto(ssoUrl(token));
    await expect(page).toHaveURL(/\/pomoc\/kontakt$/);

    await context.clearCookies();
    await page.goto(ssoUrl(token));
    await expectSignInError(page, 'sso_replayed', 'Ten link logowania został już użyty');
    expect(await sessionCookie(context)).toBeUndefined();
  });

  test('a tampered token is refused as invalid', async ({ page }) => {
    const token = await mintSsoToken(katarzyna, 'not-the-shared-secret-0123456789-abcdefgh');
    await page.goto(ssoUrl(token));
    await expectSignInError(page, 'sso_invalid', 'Nie udało się potwierdzić logowania z panelu');
  });

  test('return_to pointing at another site ends on our own origin; a path of ours is honoured', async ({ page, baseURL }) => {
    const origin = new URL(baseURL ?? '').origin;
    const evil = await mintSsoToken({ ...katarzyna, return_to: 'https://evil.example/phish' }, readStack().ssoSecret);
    await page.goto(ssoUrl(evil));
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe('/pomoc/kontakt');

    const ours = await mintSsoToken({ ...katarzyna, return_to: '/pomoc/kontakt?z=panel#formularz' }, readStack().ssoSecret);
    await page.goto(ssoUrl(ours));
    expect(page.url()).toBe(`${origin}/pomoc/kontakt?z=panel#formularz`);
  });
});

test.describe('magic link', () => {
  test('a customer asks for a link, opens it from the e-mail, lands where she was going, and signs out', async ({ page }, testInfo) => {
    // One seeded customer per project, so the per-address sign-in limit is never shared between them.
    const customer =
      testInfo.project.name === 'phone'
        ? { email: 'jakub@podtatrami.pl', name: 'Jakub Kowalczyk' }
        : { email: 'tomasz@spazdroj.pl', name: 'Tomasz Lewandowski' };
    const since = new Date();

    await page.goto(`/pomoc/logowanie?${new URLSearchParams({ callbackUrl: '/pomoc/kontakt?z=mail' })}`);
    await page.getByRole('button', { name: 'Wyślij link do logowania' }).click();
    await expect(page.getByText('Podaj adres e-mail.')).toBeVisible();

    await page.getByLabel('Adres e-mail').fill(customer.email.toUpperCase());
    await page.getByRole('button', { name: 'Wyślij link do logowania' }).click();
    await expect(page).toHaveURL(/\/pomoc\/logowanie\/sprawdz-poczte$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sprawdź skrzynkę e-mail');
    await expect(page.getByText(customer.email)).toBeVisible();

    const mail = await waitForCapturedEmail({ to: customer.email, subjectIncludes: 'Zaloguj się', since });
    const link = /https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/.exec(mail.text)?.[0];
    expect(link, 'the e-mail carries a sign-in link').toBeTruthy();

    await page.goto(link ?? '');
    await expect(page).toHaveURL(/\/pomoc\/kontakt\?z=mail$/);
    await expect(page.getByText('Zgłaszasz jako')).toContainText(customer.name);

    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await expect(page.getByRole('link', { name: 'Zaloguj się', exact: true })).toBeVisible();
    await expect(page.getByText('Zgłaszasz jako')).toHaveCount(0);

    await page.goto(link ?? '');
    await expect(page).toHaveURL(/\/pomoc\/logowanie\/blad\?error=Verification$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Link do logowania wygasł lub został już użyty');
  });

  test('an unknown address sees the same "check your inbox" page and gets no e-mail', async ({ page }) => {
    const unknown = `nikt.${Date.now()}@example.pl`;
    await page.goto('/pomoc/logowanie');
    await page.getByLabel('Adres e-mail').fill(unknown);
    await page.getByRole('button', { name: 'Wyślij link do logowania' }).click();
    await expect(page).toHaveURL(/\/pomoc\/logowanie\/sprawdz-poczte$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sprawdź skrzynkę e-mail');
    // The action answers only after the outbox transaction, so an e-mail would already be queued here.
    expect(await dbQuery('SELECT 1 FROM "OutboundEmail" WHERE "toEmail" = $1', [unknown])).toEqual([]);
    expect(await dbQuery('SELECT 1 FROM "VerificationToken" WHERE identifier = $1', [unknown])).toEqual([]);
  });
});

test.describe('agent area', () => {
  test('a guest opening /agent is sent to the staff sign-in', async ({ page }) => {
    await page.goto('/agent');
    await expect(page).toHaveURL(/\/agent\/login$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logowanie dla zespołu wsparcia');
  });

  test('a signed-in customer opening /agent gets a 404', async ({ page }) => {
    await page.goto(ssoUrl(await mintSsoToken(katarzyna, readStack().ssoSecret)));
    await expect(page).toHaveURL(/\/pomoc\/kontakt$/);
    const response = await page.goto('/agent');
    expect(response?.status()).toBe(404);
    expect((await page.goto('/agent/admin'))?.status()).toBe(404);
  });

  test('a demo agent signs in without e-mail, sees the queue, and is told the admin area is for administrators', async ({ page }) => {
    await page.goto('/agent/login');
    await page.getByRole('link', { name: 'Zaloguj jako Ewa Dąbrowska' }).click();
    await expect(page).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kolejka zgłoszeń');
    await expect(page.getByTestId('queue-ticket').filter({ visible: true }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Administracja' })).toHaveCount(0);

    await page.goto('/agent/admin');
    await expect(page.getByTestId('admin-only')).toContainText('Tylko dla administratorów');
    await expect(page.getByRole('link', { name: 'Konsultanci' })).toHaveCount(0);
  });

  test('the admin signs in from the demo panel and opens the admin area', async ({ page }) => {
    await page.goto('/demo/panel');
    await page.getByRole('link', { name: 'Zaloguj jako administrator: Joanna Mazur' }).click();
    await expect(page).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
    await page.getByRole('link', { name: 'Administracja' }).click();
    await expect(page).toHaveURL(/\/agent\/admin\/agenci$/);
    const response = await page.goto('/agent/admin');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Administracja');
    await expect(page.getByText('marek.jankowski@vouchie.pl')).toBeVisible();

    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await expect(page).toHaveURL(/\/agent\/login$/);
    expect((await page.goto('/agent'))?.url()).toMatch(/\/agent\/login$/);
  });

  test('demo sign-in refuses customers and unknown addresses with a 404', async ({ request }) => {
    expect((await request.get('/demo/sign-in?email=katarzyna@spazdroj.pl', { maxRedirects: 0 })).status()).toBe(404);
    expect((await request.get('/demo/sign-in?email=nikt@vouchie.pl', { maxRedirects: 0 })).status()).toBe(404);
    expect((await request.get('/demo/panel/sso?user=00000000-0000-4000-8000-000000000000', { maxRedirects: 0 })).status()).toBe(404);
  });
});

test('the sign-in pages have one heading and no serious accessibility violations', async ({ page }) => {
  for (const path of [
    '/pomoc/logowanie',
    '/pomoc/logowanie/sprawdz-poczte',
    '/pomoc/logowanie/blad?powod=sso_expired',
    '/pomoc/logowanie/blad?error=Verification',
    '/agent/login',
    '/demo/panel',
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.locator('h1'), path).toHaveCount(1);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${path} ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  }
});
