import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { expect, test } from '@playwright/test';
import { readStack, waitForCapturedEmail } from './helpers';

// One mail conversation; the viewport does not matter to SMTP.
test('a reply to the confirmation e-mail, sent over SMTP, lands in the ticket the agent sees', async ({ page, browser }) => {
  const email = `mail.${randomUUID().slice(0, 8)}@kwiaciarnia-test.pl`;
  const subject = `Kod nie działa w kasie ${randomUUID().slice(0, 6)}`;

  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Imię i nazwisko').fill('Łucja Żółkiewska');
  await page.getByLabel('Adres e-mail').fill(email);
  await page.getByLabel('Błąd techniczny').check();
  await page.getByLabel('Temat').fill(subject);
  await page.getByLabel('Co się stało?').fill('Przy realizacji vouchera pojawia się komunikat, że wygasł.');
  await page.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
  const number = (await page.getByTestId('ticket-number').textContent())!.trim();

  const confirmation = await waitForCapturedEmail({ to: email, subjectIncludes: number });
  const replyTo = confirmation.headers['reply-to'];
  expect(replyTo).toMatch(/\+[a-z2-7]{40}@/);

  const reply = `Dodam jeszcze: problem dotyczy tylko kasy nr 2. ${randomUUID().slice(0, 6)}`;
  await nodemailer.createTransport({ host: '127.0.0.1', port: readStack().smtpInboundPort, secure: false, ignoreTLS: true }).sendMail({
    from: `Łucja Żółkiewska <${email}>`,
    to: replyTo,
    subject: `Re: ${confirmation.subject}`,
    inReplyTo: confirmation.messageId,
    references: confirmation.messageId ? [confirmation.messageId] : [],
    text: `${reply}\n\nW dniu pt., 27 lis 2026 o 10:15 Wsparcie Vouchie <wsparcie@vouchie.localhost> napisał(a):\n> ${confirmation.text.split('\n')[0]}`,
  });

  const agent = await browser.newContext();
  const agentPage = await agent.newPage();
  await agentPage.goto('/demo/sign-in?email=ewa.dabrowska%40vouchie.pl');
  await agentPage.goto(`/agent/zgloszenia/${number}`);
  await expect(agentPage.getByText(reply)).toBeVisible();
  // The quoted confirmation stayed out of the thread.
  await expect(agentPage.getByText('napisał(a):')).toHaveCount(0);
  await agent.close();
});
