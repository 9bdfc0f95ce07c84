import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { expect, test } from '@playwright/test';
import { readStack, waitForCapturedEmail } from './helpers';

// One mail conversation; the viewport of the agent's click is covered by the desktop run.
test('a reply naming its ticket only by the subject tag waits, hidden, until an agent accepts it with one click', async ({
  page,
  browser,
}) => {
  const email = `tag.${randomUUID().slice(0, 8)}@kwiaciarnia-test.pl`;
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Imię i nazwisko').fill('Łucja Żółkiewska');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(`Kod nie działa ${randomUUID().slice(0, 6)}`);
  await page.getByLabel('Co się stało?').fill('Przy realizacji vouchera pojawia się komunikat, że wygasł.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();
  const confirmation = await waitForCapturedEmail({ to: email, subjectIncludes: number });
  const customerLink = /https?:\/\/\S+\?t=[\w.%-]+/.exec(confirmation.text)![0];

  // No signed reply address, no In-Reply-To, no Authentication-Results: only From and the tag, which anyone can write.
  const text = `Proszę przelać zwrot na konto 12 3456 ${randomUUID().slice(0, 6)}`;
  await nodemailer
    .createTransport({ host: '127.0.0.1', port: readStack().smtpInboundPort, secure: false, ignoreTLS: true })
    .sendMail({ from: `Łucja Żółkiewska <${email}>`, to: 'wsparcie@vouchie.localhost', subject: `Re: [${number}] Kod nie działa`, text });

  const agent = await (await browser.newContext()).newPage();
  await agent.goto('/demo/sign-in?email=ewa.dabrowska%40vouchie.pl');
  await agent.goto(`/agent/zgloszenia/${number}`);
  const waiting = agent.getByTestId('thread-message').filter({ hasText: text });
  await expect(waiting).toContainText('Niezweryfikowany nadawca');

  await page.goto(customerLink);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(text)).toHaveCount(0);

  await waiting.getByRole('button', { name: 'Przyjmij jako odpowiedź klienta' }).click();
  await expect(agent.getByText('Wiadomość przyjęto jako odpowiedź klienta.')).toBeVisible();
  await expect(agent.getByTestId('thread-message').filter({ hasText: text })).toHaveAttribute('data-type', 'CUSTOMER');
  await expect(agent.getByTestId('unverified-reply')).toHaveCount(0);

  await page.reload();
  await expect(page.getByText(text)).toBeVisible();
});
