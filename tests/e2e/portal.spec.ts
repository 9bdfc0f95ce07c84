import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dbQuery, makePng, panelSsoToken, readStack, waitForCapturedEmail, type PanelCustomer } from './helpers';

type Customer = PanelCustomer;

function newCustomer(name: string, companyName = 'Kwiaciarnia Różana Sp. z o.o.'): Customer {
  const id = randomUUID().slice(0, 8);
  return {
    sub: `usr-e2e-${id}`,
    email: `${name.split(' ')[0]!.toLowerCase()}.${id}@portal-e2e.pl`,
    name,
    company: { id: `cmp-e2e-${id}`, name: companyName, plan: 'BIZNES' },
  };
}

/** Arrives from the panel's "Pomoc → Kontakt" link: GET /sso/vouchie?token=… starts a session and lands on `returnTo`. */
async function signInFromPanel(page: Page, customer: Customer, returnTo = '/pomoc/kontakt') {
  await page.goto(`/sso/vouchie?token=${await panelSsoToken(customer, returnTo)}`);
  await expect(page).toHaveURL((url) => url.pathname === returnTo);
}

/** Critical and serious WCAG 2 A/AA violations on the page as it is now. */
async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Pastes an image as the clipboard does after a screenshot (Print Screen → Ctrl+V). */
async function pasteImage(page: Page, png: Buffer) {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    document.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
  }, png.toString('base64'));
}

test('a customer from the panel files a ticket, finds it in Moje zgłoszenia, replies with a screenshot, marks it solved and rates it', async ({
  page,
}) => {
  const anna = newCustomer('Anna Wiśniewska');
  const subject = `Voucher odrzucony w kasie ${randomUUID().slice(0, 6)}`;
  await signInFromPanel(page, anna);

  await expect(page.getByText(anna.email)).toBeVisible();
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Co się stało?').fill('Kasa odrzuca kod vouchera, choć jest ważny do czerwca.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^VCH-\d+$/);
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();

  await page.goto('/pomoc/zgloszenia');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Moje zgłoszenia');
  const row = page.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toContainText(number);
  await expect(row).toContainText('Przyjęte');
  expect(await seriousA11yViolations(page)).toEqual([]);
  await row.getByRole('link', { name: subject }).click();
  await expect(page).toHaveURL((url) => url.pathname === `/pomoc/zgloszenia/${number}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);

  const reply = `W załączniku zrzut ekranu z kasy ${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Twoja odpowiedź').fill(reply);
  await pasteImage(page, makePng({ width: 4, height: 3, rgb: [200, 30, 30] }));
  await expect(page.getByText('Dołączono')).toHaveCount(1);
  await page.getByRole('button', { name: 'Wyślij odpowiedź' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Odpowiedź wysłana.');

  const message = page.getByTestId('message').filter({ hasText: reply });
  await expect(message).toBeVisible();
  const thumbnail = message.getByRole('link', { name: /zrzut-ekranu-.*\.png/ }).locator('img');
  await thumbnail.scrollIntoViewIfNeeded();
  // The picture really came back through the authorising download route.
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBe(4);
  await expect(page.getByLabel('Twoja odpowiedź')).toHaveValue('');
  // The team hears about it (nobody is assigned yet, so every agent does).
  await waitForCapturedEmail({ to: 'ewa.dabrowska@vouchie.pl', subjectIncludes: `[${number}] Nowa odpowiedź klienta` });

  await page.getByRole('button', { name: 'Oznacz jako rozwiązane' }).click();
  const dialog = page.getByRole('dialog', { name: 'Oznaczyć zgłoszenie jako rozwiązane?' });
  await dialog.getByRole('button', { name: 'Tak, rozwiązane' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Zgłoszenie oznaczone jako rozwiązane. Dziękujemy!');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('activity').filter({ hasText: 'Oznaczono jako rozwiązane' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Otwórz ponownie' })).toBeVisible();

  await page.getByRole('radio', { name: /^5 gwiazdek/ }).check();
  await page.getByLabel('Komentarz (opcjonalnie)').fill('Szybko i konkretnie 🎁');
  await page.getByRole('button', { name: 'Wyślij ocenę' }).click();
  await expect(page.getByTestId('toast')).toHaveText('Dziękujemy za ocenę!');
  await expect(page.getByText('Twoja ocena: 5 z 5')).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  const [ticket] = await dbQuery<{ status: string; rating: number; ratingComment: string }>(
    'SELECT status, rating, "ratingComment" FROM "Ticket" WHERE number = $1',
    [Number(number.slice(4))],
  );
  expect(ticket).toEqual({ status: 'RESOLVED', rating: 5, ratingComment: 'Szybko i konkretnie 🎁' });

  await page.goto('/pomoc/zgloszenia?status=zamkniete');
  await expect(page.getByTestId('ticket-row').filter({ hasText: subject })).toContainText('Rozwiązane');
});

test('a merchant from the panel sees the form first and the advice folded; a guest sees the advice first', async ({ page, browser }) => {
  await signInFromPanel(page, newCustomer('Marta Kowalczyk'));
  const formHeading = page.getByRole('heading', { level: 2, name: 'Wyślij zgłoszenie' });
  const channelsHeading = page.getByRole('heading', { level: 2, name: 'Dostępne kanały kontaktu' });
  // In reading order (and so on a phone, top to bottom): the form before the channels.
  const order = await page.evaluate(() => {
    const headings = [...document.querySelectorAll('h2')].map((h) => h.textContent?.trim());
    return [headings.indexOf('Wyślij zgłoszenie'), headings.indexOf('Dostępne kanały kontaktu')];
  });
  expect(order[0]).toBeGreaterThanOrEqual(0);
  expect(order[0]).toBeLessThan(order[1]!);
  const when = page.getByTestId('when-details');
  await expect(when).not.toHaveAttribute('open');
  await expect(page.getByText('Zespół wsparcia Vouchie jest gotowy do pomocy, gdy:')).toBeHidden();
  await when.getByText('Kiedy kontaktować się z pomocą?').click();
  await expect(page.getByText('Zespół wsparcia Vouchie jest gotowy do pomocy, gdy:')).toBeVisible();
  await expect(formHeading).toBeVisible();
  await expect(channelsHeading).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  const guest = await browser.newPage({ baseURL: readStack().appUrl });
  try {
    await guest.goto('/pomoc/kontakt');
    await expect(guest.getByText('Zespół wsparcia Vouchie jest gotowy do pomocy, gdy:')).toBeVisible();
    await expect(guest.getByTestId('when-details')).toHaveCount(0);
  } finally {
    await guest.close();
  }
});

test('another customer gets 404 for someone else’s ticket and for its attachment', async ({ page, browser, request }) => {
  const owner = newCustomer('Anna Wiśniewska');
  const stranger = newCustomer('Olga Obca', 'Spa Zdrój Kołobrzeg');
  const subject = `Faktura z błędnym NIP ${randomUUID().slice(0, 6)}`;

  // The owner's ticket with a screenshot, filed through the panel's API.
  const created = await request.post('/api/v1/tickets', {
    headers: { Authorization: `Bearer ${readStack().apiToken}` },
    multipart: {
      payload: JSON.stringify({
        reporter: {
          email: owner.email,
          name: owner.name,
          externalId: owner.sub,
          company: { externalId: owner.company.id, name: owner.company.name, plan: owner.company.plan },
        },
        category: 'BILLING',
        subject,
        actual: 'Na fakturze za listopad jest NIP innej firmy.',
      }),
      attachments: { name: 'faktura.png', mimeType: 'image/png', buffer: makePng({ width: 3, height: 3 }) },
    },
  });
  expect(created.status()).toBe(201);
  const { number } = (await created.json()) as { number: string };
  const [file] = await dbQuery<{ id: string }>(
    'SELECT a.id FROM "Attachment" a JOIN "Ticket" t ON t.id = a."ticketId" WHERE t.number = $1',
    [Number(number.slice(4))],
  );

  await signInFromPanel(page, owner, `/pomoc/zgloszenia/${number}`);
  await expect(page.getByTestId('ticket-number')).toHaveText(number);
  expect((await page.request.get(`/api/attachments/${file!.id}`)).status()).toBe(200);

  const strangerContext = await browser.newContext();
  try {
    const strangerPage = await strangerContext.newPage();
    await signInFromPanel(strangerPage, stranger);
    const response = await strangerPage.goto(`/pomoc/zgloszenia/${number}`);
    expect(response?.status()).toBe(404);
    await expect(strangerPage.getByRole('heading', { name: 'Nie znaleźliśmy tego zgłoszenia' })).toBeVisible();
    await expect(strangerPage.getByText(subject)).toHaveCount(0);
    expect((await strangerPage.request.get(`/api/attachments/${file!.id}`)).status()).toBe(404);

    await strangerPage.goto('/pomoc/zgloszenia?status=wszystkie');
    await expect(strangerPage.getByRole('heading', { name: 'Nie masz jeszcze zgłoszeń' })).toBeVisible();
  } finally {
    await strangerContext.close();
  }
});

test('from the e-mailed link, without signing in, a reply to a closed ticket opens a linked follow-up', async ({ page }) => {
  const email = `lucja.${randomUUID().slice(0, 8)}@portal-e2e.pl`;
  const subject = `Eksport CSV pusty ${randomUUID().slice(0, 6)}`;
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Imię i nazwisko').fill('Łucja Żółkiewska');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Inne').check();
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Co się stało?').fill('Raport realizacji za listopad pobiera się jako pusty plik.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^VCH-\d+$/);
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  const mail = await waitForCapturedEmail({ to: email, subjectIncludes: number });
  const link = /https?:\/\/\S+\/pomoc\/zgloszenia\/VCH-\d+\?t=[\w.%-]+/.exec(mail.text)![0];

  // The team solved and closed it in the meantime.
  await dbQuery(`UPDATE "Ticket" SET status = 'CLOSED', "resolvedAt" = now(), "closedAt" = now() WHERE number = $1`, [
    Number(number.slice(4)),
  ]);

  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
  await expect(page.getByText('To zgłoszenie jest zamknięte — Twoja odpowiedź otworzy nowe zgłoszenie, powiązane z tym.')).toBeVisible();
  const reply = `Znowu pusty plik, tym razem za grudzień ${randomUUID().slice(0, 6)}`;
  await page.getByLabel('Twoja odpowiedź').fill(reply);
  await page.getByRole('button', { name: 'Wyślij i otwórz nowe zgłoszenie' }).click();

  // The new ticket opens through its own signed link, still without signing in.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Re: ${subject}`);
  await expect(page).toHaveURL(/\/pomoc\/zgloszenia\/VCH-\d+\?t=/);
  const followUp = (await page.getByTestId('ticket-number').textContent())!.trim();
  expect(followUp).not.toBe(number);
  await expect(page.getByText(`To zgłoszenie jest kontynuacją zamkniętego zgłoszenia ${number}.`)).toBeVisible();
  await expect(page.getByTestId('message').filter({ hasText: reply })).toBeVisible();
  await expect(page.getByTestId('toast')).toHaveText(`Utworzyliśmy nowe zgłoszenie ${followUp}.`);

  const [row] = await dbQuery<{ old: number }>(
    'SELECT o.number AS old FROM "Ticket" t JOIN "Ticket" o ON o.id = t."followUpOfId" WHERE t.number = $1',
    [Number(followUp.slice(4))],
  );
  expect(row?.old).toBe(Number(number.slice(4)));
  await waitForCapturedEmail({ to: email, subjectIncludes: followUp });
});

test('a guest opening Moje zgłoszenia is sent to sign in, with the way back in the link', async ({ request }) => {
  const response = await request.get('/pomoc/zgloszenia', { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toBe('/pomoc/logowanie?callbackUrl=/pomoc/zgloszenia');
});
