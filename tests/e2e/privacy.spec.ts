import { randomUUID } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import yauzl from 'yauzl';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { dbQuery, makePng, panelSsoToken, readStack } from './helpers';

/** RODO end to end: a customer downloads "Moje dane"; an admin erases a reporter and the ticket stays in the queue. */

const id = () => randomUUID().slice(0, 8);

async function fileTicket(request: APIRequestContext, reporter: { email: string; name: string }): Promise<string> {
  const form = new FormData();
  form.append(
    'payload',
    JSON.stringify({
      reporter,
      category: 'TECHNICAL_ERROR',
      subject: `Kasa odrzuca voucher ${id()}`,
      actual: `Klientka ${reporter.email} widzi błąd VOUCHER_EXPIRED.`,
      identifiers: [{ kind: 'CUSTOMER_EMAIL', value: `klientka.${id()}@gmail.com` }],
    }),
  );
  form.append('attachments', new Blob([new Uint8Array(makePng({ width: 4, height: 3 }))], { type: 'image/png' }), 'ekran.png');
  const response = await request.post('/api/v1/tickets', { headers: { Authorization: `Bearer ${readStack().apiToken}` }, multipart: form });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { number: string }).number;
}

async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) => (error ? reject(error) : resolve(file))),
  );
  const entries = new Map<string, Buffer>();
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      }),
    );
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

async function screenshot(page: Page, name: string, project: string, outputPath: (name: string) => string) {
  await page.screenshot({ path: outputPath(`${name}-${project}.png`), fullPage: true });
}

/** Every figure the dashboard shows: the open-ticket matrix, the KPI values and the per-day bars. */
async function dashboardFigures(page: Page): Promise<string[]> {
  await page.goto('/agent/pulpit');
  await expect(page.getByTestId('dashboard-chart-svg')).toBeVisible();
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>('[data-testid^="matrix-"], [data-testid$="-value"], [data-testid="dashboard-chart-bar"]'),
    ].map((el) => `${el.dataset.testid}:${el.dataset.count ?? el.textContent?.trim() ?? ''}`),
  );
}

test('a customer downloads their data as one ZIP from the portal', async ({ page, request }, testInfo) => {
  const customer = {
    sub: `usr-rodo-${id()}`,
    email: `rodo.${id()}@portal-e2e.pl`,
    name: 'Barbara Lis',
    company: { id: `cmp-rodo-${id()}`, name: 'Pracownia Lis', plan: 'BIZNES' as const },
  };
  const number = await fileTicket(request, { email: customer.email, name: customer.name });
  const token = await panelSsoToken(customer, '/pomoc/zgloszenia');
  await page.goto(`/sso/vouchie?token=${token}`);
  await expect(page).toHaveURL(/\/pomoc\/zgloszenia$/);

  await page.getByRole('link', { name: 'Moje dane' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Moje dane' })).toBeVisible();
  await screenshot(page, 'moje-dane', testInfo.project.name, (n) => testInfo.outputPath(n));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Pobierz moje dane (ZIP)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^moje-dane-\d{4}-\d{2}-\d{2}\.zip$/);
  const entries = await unzip(await readFile((await download.path())!));
  const data = JSON.parse(entries.get('dane.json')!.toString('utf8')) as { profil: { email: string }; zgloszenia: { numer: string }[] };
  expect(data.profil.email).toBe(customer.email);
  expect(data.zgloszenia.map((t) => t.numer)).toEqual([number]);
  expect([...entries.keys()].filter((name) => name.startsWith('zalaczniki/'))).toHaveLength(1);
});

test('an admin erases a reporter: the ticket stays in the queue with the tombstone, its file leaves storage, the dashboard is unchanged', async ({
  page,
  request,
}, testInfo) => {
  const reporter = { email: `do.usuniecia.${id()}@hotel-e2e.pl`, name: `Marek Usuwany ${id()}` };
  const number = await fileTicket(request, reporter);
  const [file] = await dbQuery<{ storageKey: string }>(
    `SELECT a."storageKey" FROM "Attachment" a JOIN "Ticket" t ON t."id" = a."ticketId" WHERE t."number" = $1`,
    [Number(number.replace('VCH-', ''))],
  );
  const stored = path.join(readStack().storageDir, file!.storageKey);
  await access(stored);

  await page.goto('/demo/panel');
  await page.getByRole('link', { name: 'Zaloguj jako administrator: Joanna Mazur' }).click();
  await expect(page).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
  const before = await dashboardFigures(page);

  await page.goto('/agent/admin/rodo');
  await expect(page.getByRole('heading', { level: 2, name: 'Dane osoby' })).toBeVisible();
  await screenshot(page, 'rodo', testInfo.project.name, (n) => testInfo.outputPath(n));
  await page.getByLabel('Adres e-mail osoby').fill(reporter.email);
  await page.getByRole('combobox', { name: /^Cel/ }).selectOption({ label: 'Wniosek o usunięcie danych' });
  await page.getByRole('button', { name: 'Pokaż dane osoby' }).click();
  await expect(page.getByTestId('person-name')).toHaveText(reporter.name);

  // Step one: the dry run.
  await page.getByRole('link', { name: 'Sprawdź, co zostanie usunięte' }).click();
  const plan = page.getByTestId('erasure-plan');
  await expect(plan).toContainText('Załączniki (pliki)');
  await screenshot(page, 'rodo-osoba', testInfo.project.name, (n) => testInfo.outputPath(n));
  await access(stored);

  // Step two: confirmed.
  await plan.getByRole('button', { name: 'Usuń dane tej osoby' }).click();
  await expect(plan.getByLabel('Wpisz USUŃ')).toHaveAttribute('aria-invalid', 'true');
  await plan.getByLabel('Wpisz USUŃ').fill('USUŃ');
  await plan.getByLabel('Numer sprawy (opcjonalnie)').fill('RODO/E2E/1');
  await plan.getByRole('button', { name: 'Usuń dane tej osoby' }).click();
  await expect(page.getByTestId('toast')).toContainText(/Dane usunięte: Usunięty użytkownik #\d+/);
  await expect(page.getByTestId('erasure-done')).toBeVisible();
  const tombstone = (await page.getByTestId('person-name').textContent())!;
  expect(tombstone).toMatch(/^Usunięty użytkownik #\d+$/);

  await expect(access(stored)).rejects.toThrow();

  await page.goto('/agent');
  // Still in the queue (a table row on desktop, a card on the phone), linked under its number with the tombstone subject.
  await expect(
    page
      .locator(`main a[href="/agent/zgloszenia/${number}"]`)
      .filter({ hasText: /^Zgłoszenie usuniętego użytkownika #\d+$/, visible: true }),
  ).toBeVisible();
  await page.goto(`/agent/zgloszenia/${number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Zgłoszenie usuniętego użytkownika #');
  await expect(page.getByText(tombstone).first()).toBeVisible();
  await expect(page.getByText(reporter.email)).toHaveCount(0);
  await expect(page.getByText('ekran.png')).toHaveCount(0);

  expect(await dashboardFigures(page)).toEqual(before);
});
