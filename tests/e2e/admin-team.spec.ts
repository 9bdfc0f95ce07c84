import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { dbQuery, waitForCapturedEmail } from './helpers';

async function signInAsAdmin(page: Page) {
  await page.goto('/demo/panel');
  await page.getByRole('link', { name: 'Zaloguj jako administrator: Joanna Mazur' }).click();
  await expect(page).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
}

function ticketPayload() {
  return {
    reporter: { email: `api.${randomUUID().slice(0, 8)}@hotel-test.pl`, name: 'Magdalena Kamińska' },
    category: 'OTHER',
    subject: 'Kod vouchera odrzucony w recepcji',
    actual: 'System mówi, że voucher wygasł, choć jest ważny do czerwca.',
    priority: 'NORMAL',
  };
}

test('an admin invites an agent, who opens the e-mailed link and lands in the queue', async ({ page, browser }, testInfo) => {
  const email = `nowa.konsultantka.${testInfo.project.name}.${Date.now()}@vouchie.pl`;
  await signInAsAdmin(page);
  await page.getByRole('link', { name: 'Administracja' }).click();
  await expect(page).toHaveURL(/\/agent\/admin\/agenci$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Konsultanci' })).toBeVisible();

  await page.getByRole('button', { name: 'Zaproś konsultanta' }).click();
  // Refused before anything is sent: a customer's address.
  await page.getByLabel('Adres e-mail').fill('katarzyna@spazdroj.pl');
  await page.getByLabel('Imię i nazwisko').fill('Alicja Wrona');
  await page.getByRole('button', { name: 'Wyślij zaproszenie' }).click();
  await expect(page.getByTestId('invite-form').getByRole('alert')).toContainText('Ten adres należy do klienta');

  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByRole('button', { name: 'Wyślij zaproszenie' }).click();
  await expect(page.getByTestId('toast')).toContainText(`Zaproszenie wysłane na adres ${email}`);
  const row = page.getByTestId('staff-row').filter({ hasText: email });
  await expect(row).toContainText('Zaproszenie wysłane — jeszcze bez logowania');
  await expect(row).toContainText('Konsultant');

  const mail = await waitForCapturedEmail({ to: email, subjectIncludes: 'Zaproszenie do zespołu Wsparcia Vouchie' });
  const link = /https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/.exec(mail.text)?.[0];
  expect(link, 'the invitation carries a sign-in link').toBeTruthy();

  // The invitee, in a browser of their own.
  const invitee = await browser.newContext({ viewport: page.viewportSize() });
  try {
    const inviteePage = await invitee.newPage();
    await inviteePage.goto(link ?? '');
    await expect(inviteePage).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
    await expect(inviteePage.getByRole('heading', { level: 1 })).toHaveText('Kolejka zgłoszeń');
    await expect(inviteePage.getByRole('link', { name: 'Administracja' })).toHaveCount(0);
  } finally {
    await invitee.close();
  }

  await page.reload();
  await expect(row).toContainText('Aktywny');
  await expect(row).toContainText('Ostatnie logowanie:');
  const [user] = await dbQuery<{ invitedAt: Date | null; lastSignInAt: Date | null }>(
    'SELECT "invitedAt", "lastSignInAt" FROM "User" WHERE email = $1',
    [email],
  );
  expect(user?.invitedAt).toBeNull();
  expect(user?.lastSignInAt).toBeTruthy();
});

test('an admin creates an API token, the API accepts it, and refuses it with 401 once revoked', async ({ page, request }, testInfo) => {
  const name = `Integracja ${testInfo.project.name} ${Date.now()}`;
  await signInAsAdmin(page);
  await page.goto('/agent/admin/tokeny-api');
  await expect(page.getByRole('heading', { level: 2, name: 'Tokeny API' })).toBeVisible();

  await page.getByLabel('Nazwa').fill(name);
  await page.getByLabel('Ważny przez (dni)').fill('30');
  await page.getByRole('button', { name: 'Utwórz token' }).click();
  const secretBox = page.getByTestId('new-token-secret');
  await expect(secretBox).toContainText('Nie pokażemy go ponownie');
  const secret = await page.getByTestId('new-token-value').inputValue();
  expect(secret).toMatch(/^vst_[A-Za-z0-9_-]{32,}$/);
  const row = page.getByTestId('api-token-row').filter({ hasText: name });
  await expect(row).toContainText('Aktywny');
  await expect(row).toContainText(`${secret.slice(0, 8)}…`);

  const accepted = await request.post('/api/v1/tickets', { data: ticketPayload(), headers: { Authorization: `Bearer ${secret}` } });
  expect(accepted.status()).toBe(201);

  // Shown once: after a reload only the prefix remains, and the list says it has been used.
  await page.reload();
  await expect(page.getByTestId('new-token-secret')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(row).not.toContainText('Jeszcze nieużyty');

  await row.getByRole('button', { name: `Odwołaj token ${name}` }).click();
  await row.getByRole('button', { name: 'Tak, odwołaj' }).click();
  await expect(page.getByTestId('toast')).toContainText('Token odwołany');
  await expect(row).toContainText('Odwołany');

  const refused = await request.post('/api/v1/tickets', { data: ticketPayload(), headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
});
