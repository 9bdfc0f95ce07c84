import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { mintSsoToken } from '../../src/server/auth/sso';
import { dbQuery, readStack } from './helpers';
import { bin, REPO_ROOT } from './stack';

/**
 * SLA clocks in support hours, end to end: a ticket filed at a given moment (through the app's createTicket, see
 * file-ticket-at.ts) shows the wall-clock due moment in the agent's ticket view and queue; an admin changes a
 * plan's channels and hours and a merchant's contact page follows.
 */

const ADMIN = '/demo/sign-in?email=joanna.mazur%40vouchie.pl';
const AGENT = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';
/** A seeded Biznes company admin. */
const BIZNES_MERCHANT = {
  sub: 'usr-katarzyna-cmp-spa',
  email: 'katarzyna@spazdroj.pl',
  name: 'Katarzyna Nowak',
  company: { id: 'cmp-spa', name: 'Spa Zdrój Kołobrzeg', plan: 'BIZNES' as const },
  locale: 'pl' as const,
  company_admin: true,
};

async function signedIn(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const response = await page.request.get(url);
  expect(response.ok(), url).toBe(true);
  return page;
}

/** Files a Biznes ticket as of `filedAt` through the app's own code; answers its number (VCH-…). */
async function fileBiznesTicketAt(filedAt: string, subject: string): Promise<string> {
  const stack = readStack();
  const { stdout } = await promisify(execFile)(bin('tsx'), ['tests/e2e/file-ticket-at.ts', filedAt, 'BIZNES', subject], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: stack.databaseUrl, APP_URL: stack.appUrl, AUTH_SECRET: stack.authSecret, LOG_LEVEL: 'warn' },
  });
  return `VCH-${(JSON.parse(stdout.trim().split('\n').pop()!) as { number: number }).number}`;
}

/** How the agent's pages write a moment (Europe/Warsaw, Polish), to compare with what they show. */
const shown = (iso: string, withYear: boolean) =>
  new Intl.DateTimeFormat('pl', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Warsaw',
  }).format(new Date(iso));

test.describe('SLA due moments in support hours', () => {
  // Mon–Fri 9–17, 8 business hours to the first response. 26 November 2027 is a Friday; 26 March 2027 is the
  // Friday before Easter Monday (29 March), and the clocks move to summer time on the Sunday between.
  const cases = [
    {
      filed: '2027-11-26T15:30:00Z',
      due: '2027-11-29T15:30:00Z',
      dueText: /pon\., 29 lis 2027.*16:30/,
      what: 'Friday 16:30 → Monday 16:30',
    },
    {
      filed: '2027-03-26T15:30:00Z',
      due: '2027-03-30T14:30:00Z',
      dueText: /wt\., 30 mar 2027.*16:30/,
      what: 'Friday before Easter Monday → Tuesday 16:30',
    },
  ];
  for (const { filed, due, dueText, what } of cases) {
    test(`a BIZNES ticket filed ${what}`, async ({ browser }) => {
      const subject = `Termin SLA ${what} ${randomUUID().slice(0, 6)}`;
      const number = await fileBiznesTicketAt(filed, subject);
      const [row] = await dbQuery<{ firstResponseDueAt: Date }>('SELECT "firstResponseDueAt" FROM "Ticket" WHERE "number" = $1', [
        Number(number.slice(4)),
      ]);
      expect(row!.firstResponseDueAt.toISOString()).toBe(new Date(due).toISOString());

      const agent = await signedIn(browser, AGENT);
      await agent.goto(`/agent/zgloszenia/${number}`);
      const card = agent.getByTestId('sla-card');
      await expect(card).toContainText(dueText);
      await expect(card).toContainText(shown(due, true));

      await agent.goto(`/agent?view=all&q=${encodeURIComponent(subject)}`);
      const sla = agent.getByTestId('sla-due').filter({ visible: true }).first();
      await expect(sla).toHaveText(shown(due, false));
      await expect(sla).toHaveAttribute('datetime', new Date(due).toISOString());
      await agent.context().close();
    });
  }
});

test.describe('an admin sets a plan’s channels, hours and days off', () => {
  // Each test puts back what it changed through the pages (which also drops the app's 30 s settings cache); this
  // only cleans up after a test that failed halfway.
  test.afterEach(async () => {
    await dbQuery('DELETE FROM "PlanSetting"');
    await dbQuery('DELETE FROM "CalendarException"');
    await dbQuery('DELETE FROM "SlaPolicy"');
    await dbQuery('DELETE FROM "VisitorChatSetting"');
  });

  test('turns chat off for site visitors without an account and sets the chat targets in seconds', async ({ browser }, testInfo) => {
    const admin = await signedIn(browser, ADMIN);
    await admin.goto('/agent/admin/godziny');
    const visitors = admin.getByTestId('hours-VISITOR');
    await expect(visitors.getByRole('heading', { name: 'Odwiedzający strony (bez konta)' })).toBeVisible();
    await expect(visitors.getByTestId('VISITOR-phoneHours')).toHaveCount(0);
    await visitors.getByRole('checkbox', { name: 'Czat na żywo' }).uncheck();
    await visitors.getByRole('button', { name: 'Zapisz' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Zapisano czat dla odwiedzających stronę');
    // A visitor (no session, no token) is now not offered chat, whatever the hour.
    const stack = readStack();
    const availability = (await (await fetch(`${stack.appUrl}/api/chat/availability`)).json()) as { reason: string };
    expect(availability.reason).toBe('NOT_IN_PLAN');

    await admin.goto('/agent/admin/sla');
    await expect(admin.getByTestId('sla-PREMIUM').getByLabel('Reakcja na czacie')).toHaveValue('60');
    const target = admin.getByTestId('sla-VISITOR').getByLabel('Reakcja na czacie');
    await expect(target).toHaveValue('120');
    await target.fill('5');
    await admin.getByTestId('sla-VISITOR').getByRole('button', { name: 'Zapisz' }).press('Enter');
    await expect(admin.getByTestId('sla-VISITOR').getByText('Podaj co najmniej 10 sekund.')).toBeVisible();
    await target.fill('90');
    await admin.getByTestId('sla-VISITOR').getByRole('button', { name: 'Zapisz' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Zapisano cel czatu dla odwiedzających stronę');
    const [row] = await dbQuery<{ seconds: number; enabled: boolean }>(
      'SELECT "chatFirstResponseSeconds" AS seconds, "chatEnabled" AS enabled FROM "VisitorChatSetting"',
    );
    expect(row).toEqual({ seconds: 90, enabled: false });

    // For looking at, not for comparing: the visitors' cards at a phone's and a desktop's width; the page's content
    // never scrolls sideways.
    for (const [url, card] of [
      ['/agent/admin/godziny', 'hours-VISITOR'],
      ['/agent/admin/sla', 'sla-VISITOR'],
    ] as const) {
      await admin.goto(url);
      for (const width of [375, 1280]) {
        await admin.setViewportSize({ width, height: 900 });
        const main = admin.locator('main');
        expect(await main.evaluate((m) => m.scrollWidth <= m.clientWidth), `${url} at ${width}px`).toBe(true);
        await admin.getByTestId(card).screenshot({ path: testInfo.outputPath(`${card}-${width}.png`) });
      }
    }

    // Back to the defaults through the pages (which also drops the app's settings cache for the specs after this).
    await admin.goto('/agent/admin/sla');
    await admin.getByTestId('sla-VISITOR').getByRole('button', { name: 'Przywróć domyślne' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Przywrócono domyślny cel czatu dla odwiedzających stronę');
    await expect(admin.getByTestId('sla-VISITOR').getByLabel('Reakcja na czacie')).toHaveValue('120');
    await admin.goto('/agent/admin/godziny');
    await admin.getByTestId('hours-VISITOR').getByRole('button', { name: 'Przywróć domyślne' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Przywrócono domyślny czat dla odwiedzających stronę');
    await admin.context().close();
  });

  test('sets BIZNES targets of 3 and 30 business hours; the dashboard shows them, then the defaults again', async ({ browser }) => {
    const admin = await signedIn(browser, ADMIN);
    await admin.goto('/agent/admin/sla');
    const card = admin.getByTestId('sla-BIZNES');
    await card.getByLabel('Pierwsza odpowiedź').fill('3');
    await card.getByLabel('Rozwiązanie').fill('30');
    await card.getByRole('button', { name: 'Zapisz' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Zapisano cele SLA planu Biznes');

    await admin.goto('/agent/pulpit');
    const biznes = admin.getByTestId('dashboard-sla').getByTestId('sla-BIZNES');
    await expect(biznes).toContainText('cel: odpowiedź 3 godz., rozwiązanie 30 godz. (w godzinach roboczych)');

    await admin.goto('/agent/admin/sla');
    await admin.getByTestId('sla-BIZNES').getByRole('button', { name: 'Przywróć domyślne' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Przywrócono domyślne cele planu Biznes');
    await admin.goto('/agent/pulpit');
    await expect(admin.getByTestId('dashboard-sla').getByTestId('sla-BIZNES')).toContainText(
      'cel: odpowiedź 8 godz., rozwiązanie 72 godz.',
    );
    await admin.context().close();
  });

  test('turns the phone on for BIZNES round the clock; the merchant sees the line open, then back to the defaults', async ({ browser }) => {
    const admin = await signedIn(browser, ADMIN);
    await admin.goto('/agent/admin/godziny');
    await expect(admin.getByRole('heading', { level: 2, name: 'Kanały i godziny według planu' })).toBeVisible();
    const biznes = admin.getByTestId('hours-BIZNES');
    await biznes.getByRole('checkbox', { name: 'Telefon' }).check();
    const phone = biznes.getByTestId('BIZNES-phoneHours');
    for (const day of ['sobota', 'niedziela']) await phone.getByRole('checkbox', { name: day }).check();
    await phone.getByRole('textbox', { name: 'Od', exact: true }).fill('00:00');
    await phone.getByRole('textbox', { name: 'Do', exact: true }).fill('25:00');
    await biznes.getByRole('checkbox', { name: 'Zamknięte w święta ustawowe' }).uncheck();
    await biznes.getByRole('button', { name: 'Zapisz' }).press('Enter');
    await expect(phone.getByText('Podaj godzinę w formacie GG:MM, najpóźniej 24:00.')).toBeVisible();
    await phone.getByRole('textbox', { name: 'Do', exact: true }).fill('24:00');
    await biznes.getByRole('button', { name: 'Zapisz' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Zapisano kanały i godziny planu Biznes');
    await expect(biznes.getByText('Własne ustawienie')).toBeVisible();

    const stack = readStack();
    const merchant = await signedIn(
      browser,
      `/sso/vouchie?${new URLSearchParams({ token: await mintSsoToken(BIZNES_MERCHANT, stack.ssoSecret) })}`,
    );
    await merchant.goto('/pomoc/kontakt');
    await expect(merchant.getByTestId('phone-now')).toHaveText('Linia jest teraz otwarta');
    await expect(merchant.getByText('Godziny: pon.–niedz., 00:00–24:00')).toBeVisible();

    await admin.getByTestId('hours-BIZNES').getByRole('button', { name: 'Przywróć domyślne' }).press('Enter');
    await expect(admin.getByTestId('toast')).toHaveText('Przywrócono domyślne kanały i godziny planu Biznes');
    await merchant.reload();
    await expect(merchant.getByTestId('phone-now')).toHaveCount(0);
    await expect(merchant.getByText('Dostępny w planie Premium')).toBeVisible();
    await merchant.context().close();
    await admin.context().close();
  });

  test('adds an extra day off, is told when the day already has one, and removes it', async ({ browser }) => {
    const admin = await signedIn(browser, ADMIN);
    await admin.goto('/agent/admin/godziny');
    const form = admin.getByTestId('exception-form');
    await form.getByRole('button', { name: 'Dodaj wyjątek' }).click();
    await expect(form.getByText('Wybierz datę.')).toBeVisible();

    const date = '2027-11-12';
    await form.getByLabel('Data').fill(date);
    await form.getByLabel('Opis (opcjonalnie)').fill('Dzień wolny po Święcie Niepodległości');
    await form.getByRole('button', { name: 'Dodaj wyjątek' }).click();
    await expect(admin.getByTestId('toast')).toHaveText('Dodano wyjątek na piątek, 12 listopada 2027');
    const list = admin.getByTestId('exceptions');
    await expect(list).toContainText('Dzień wolny po Święcie Niepodległości');
    await expect(list).toContainText('dodany przez Joanna Mazur');

    await form.getByLabel('Data').fill(date);
    await form.getByRole('button', { name: 'Dodaj wyjątek' }).click();
    await expect(form.getByText('Ten dzień ma już wyjątek. Usuń go, aby wpisać inny.')).toBeVisible();

    await list.getByRole('button', { name: 'Usuń wyjątek z piątek, 12 listopada 2027' }).click();
    await expect(admin.getByTestId('toast')).toHaveText('Usunięto wyjątek z 12 listopada 2027');
    await expect(admin.getByText('Brak wyjątków — obowiązują godziny planów i święta ustawowe.')).toBeVisible();
    await admin.context().close();
  });
});
