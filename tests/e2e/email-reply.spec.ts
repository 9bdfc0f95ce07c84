import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  // The quoted confirmation is out of the message, collapsed under it: one click (or key press) away.
  const emailMessage = agentPage.getByTestId('thread-message').filter({ hasText: reply });
  const quoted = emailMessage.getByText('napisał(a):');
  await expect(quoted).toBeHidden();
  await expect(emailMessage.getByText(reply)).not.toContainText('napisał(a):');
  const toggle = emailMessage.locator('summary');
  await expect(toggle.getByText('Pokaż cytowany tekst')).toBeVisible();
  await expect(toggle.getByText('Ukryj cytowany tekst')).toBeHidden();
  await toggle.focus();
  await agentPage.keyboard.press('Enter');
  await expect(quoted).toBeVisible();
  await expect(quoted).toContainText('Wsparcie Vouchie <wsparcie@vouchie.localhost>');
  await expect(toggle.getByText('Ukryj cytowany tekst')).toBeVisible();
  await expect(toggle.getByText('Pokaż cytowany tekst')).toBeHidden();
  await toggle.click();
  await expect(quoted).toBeHidden();

  // The mail as it came in, byte for byte, for the agent.
  const [download] = await Promise.all([
    agentPage.waitForEvent('download'),
    emailMessage.getByRole('link', { name: 'Pobierz oryginał (.eml)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${number}-[0-9a-f]{8}\\.eml$`));
  const eml = readFileSync((await download.path())!, 'utf8');
  expect(eml).toContain(`Message-ID:`);
  expect(eml).toMatch(/W dniu pt\., 27 lis 2026/);
  // The web-form message that opened the ticket has no mail to download.
  await expect(agentPage.getByRole('link', { name: 'Pobierz oryginał (.eml)' })).toHaveCount(1);
  await agent.close();
});
