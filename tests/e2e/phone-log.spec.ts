import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { dbQuery, panelSsoToken, readStack } from './helpers';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

const id = () => randomUUID().slice(0, 8);
/** A Polish mobile number nobody else in the shared database has: the search must find exactly this merchant. */
const uniqueMobile = () => `79${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

async function axeViolations(page: Page): Promise<string[]> {
  return (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()).violations.map((v) => v.id);
}

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

async function fileTicket(request: APIRequestContext, merchant: { email: string; name: string; company: string }): Promise<string> {
  const response = await request.post('/api/v1/tickets', {
    headers: { Authorization: `Bearer ${readStack().apiToken}` },
    data: {
      reporter: {
        email: merchant.email,
        name: merchant.name,
        company: { externalId: `cmp-${id()}`, name: merchant.company, plan: 'PREMIUM' },
      },
      category: 'BILLING',
      subject: `Faktura do poprawy ${id()}`,
      actual: 'Faktura za listopad ma złą kwotę.',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { number: string }).number;
}

/** Today's bar of the Pulpit phone chart: how many calls it counts (0 when the card is still empty). */
async function callsToday(page: Page): Promise<number> {
  await page.goto('/agent/pulpit');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const bar = page.getByTestId('dashboard-phone-bar').last();
  return (await bar.count()) ? Number(await bar.getAttribute('data-count')) : 0;
}

test("an agent sets a merchant's number on the reporter card, logs their inbound call as a new ticket, and Pulpit counts it", async ({
  page,
  request,
}, testInfo) => {
  const merchant = { email: `kwiaty.${id()}@sklep.example.pl`, name: `Ola Kwiatkowska ${id()}`, company: `Kwiaciarnia ${id()}` };
  const number = await fileTicket(request, merchant);
  const mobile = uniqueMobile();
  const display = `+48 ${mobile.slice(0, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6)}`;

  await page.goto(AGENT_SIGN_IN);
  const before = await callsToday(page);

  // The reporter card: a bad number is refused with a message and kept in the field; a good one is normalised.
  await page.goto(`/agent/zgloszenia/${number}`);
  const card = page.getByTestId('reporter-card').locator('..');
  await card.getByRole('button', { name: 'Dodaj numer' }).click();
  const field = card.getByLabel('Numer telefonu');
  await field.fill('12 34');
  await card.getByRole('button', { name: 'Zapisz numer' }).click();
  await expect(card.getByText('To nie jest poprawny numer telefonu.', { exact: false })).toBeVisible();
  await expect(field).toHaveValue('12 34');
  await field.fill(`0048 ${mobile}`);
  await card.getByRole('button', { name: 'Zapisz numer' }).click();
  await expect(card.getByRole('link', { name: display })).toHaveAttribute('href', `tel:+48${mobile}`);
  expect((await dbQuery<{ phone: string }>(`SELECT phone FROM "User" WHERE email = $1`, [merchant.email]))[0]?.phone).toBe(`+48${mobile}`);

  // Telefon → "Zarejestruj rozmowę": search by part of the number, pick the merchant, describe the call, save.
  await page.goto('/agent/telefon');
  await page.getByRole('button', { name: 'Zarejestruj rozmowę' }).click();
  const dialog = page.getByRole('dialog', { name: 'Zarejestruj rozmowę' });
  const search = dialog.getByRole('combobox', { name: 'Rozmówca' });
  await expect(search).toBeFocused();
  await search.fill(mobile.slice(0, 7));
  const option = dialog.getByRole('option').filter({ hasText: merchant.name });
  await expect(option).toBeVisible();
  await expect(option).toContainText(merchant.company);

  // Saving with nothing described is refused next to the field; nothing chosen so far is lost.
  await option.click();
  await expect(dialog.getByTestId('call-log-caller')).toContainText(merchant.email);
  await expect(dialog.getByLabel('Podsumowanie rozmowy')).toBeFocused();
  await dialog.getByLabel('Czas trwania').fill('9:99');
  await dialog.getByRole('button', { name: 'Zapisz rozmowę' }).click();
  await expect(dialog.getByText('Podaj czas jako mm:ss')).toBeVisible();
  await expect(dialog.getByText('Opisz rozmowę.')).toBeVisible();
  await expect(dialog.getByTestId('call-log-caller')).toContainText(merchant.email);

  await dialog.getByLabel('Czas trwania').fill('4:30');
  await dialog.getByLabel('Podsumowanie rozmowy').fill('Korekta faktury za listopad\nKlientka prosi o nową fakturę na inną kwotę.');
  expect(await axeViolations(page)).toEqual([]);
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await noHorizontalScroll(page);
    await page.screenshot({ path: testInfo.outputPath(`zarejestruj-rozmowe-${width}.png`) });
  }
  await dialog.getByRole('button', { name: 'Zapisz rozmowę' }).click();
  await expect(dialog).toBeHidden();
  const saved = page.getByRole('status').filter({ has: page.getByRole('link', { name: /Otwórz zgłoszenie VCH-/ }) });
  await expect(saved).toContainText('Rozmowa zapisana — nowe zgłoszenie');

  // The new ticket: channel PHONE, the summary's first line as its subject, the call in its activity log.
  await saved.getByRole('link', { name: /Otwórz zgłoszenie VCH-/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Korekta faktury za listopad');
  await expect(page.getByTestId('activity-log')).toContainText('rozmowa telefoniczna (przychodząca, 4:30): odebrane');
  const [call] = await dbQuery<{ source: string; durationSeconds: number; fromNumber: string }>(
    `SELECT c.source::text AS source, c."durationSeconds", c."fromNumber" FROM "Call" c JOIN "User" u ON u.id = c."contactId" WHERE u.email = $1`,
    [merchant.email],
  );
  expect(call).toEqual({ source: 'MANUAL', durationSeconds: 270, fromNumber: `+48${mobile}` });

  // Pulpit: today's bar counts the call, and the card passes axe.
  expect(await callsToday(page)).toBeGreaterThanOrEqual(before + 1);
  await expect(page.getByTestId('dashboard-phone-calls')).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('dashboard-phone').screenshot({ path: testInfo.outputPath('pulpit-telefon.png') });
});

test('a merchant sets their own phone number on Moje dane; a bad one is refused', async ({ page, request }, testInfo) => {
  const customer = {
    sub: `usr-tel-${id()}`,
    email: `tel.${id()}@portal-e2e.pl`,
    name: 'Barbara Lis',
    company: { id: `cmp-tel-${id()}`, name: 'Pracownia Lis', plan: 'PREMIUM' as const },
  };
  await fileTicket(request, { email: customer.email, name: customer.name, company: customer.company.name });
  const token = await panelSsoToken(customer, '/pomoc/zgloszenia/moje-dane');
  await page.goto(`/sso/vouchie?token=${token}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Moje dane' })).toBeVisible();

  const card = page.getByTestId('my-phone');
  await card.getByRole('button', { name: 'Dodaj numer' }).click();
  const field = card.getByLabel('Numer telefonu');
  await field.fill('abc');
  await card.getByRole('button', { name: 'Zapisz numer' }).click();
  await expect(card.getByText('To nie jest poprawny numer telefonu.', { exact: false })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await noHorizontalScroll(page);
  await page.screenshot({ path: testInfo.outputPath(`moje-dane-telefon-${testInfo.project.name}.png`), fullPage: true });

  const mobile = uniqueMobile();
  await field.fill(mobile);
  await card.getByRole('button', { name: 'Zapisz numer' }).click();
  await expect(page.getByText('Numer zapisany.')).toBeVisible();
  await expect(card.getByRole('link', { name: `+48 ${mobile.slice(0, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6)}` })).toBeVisible();
  expect((await dbQuery<{ phone: string }>(`SELECT phone FROM "User" WHERE email = $1`, [customer.email]))[0]?.phone).toBe(`+48${mobile}`);
});
