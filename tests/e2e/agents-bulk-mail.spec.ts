import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { capturedEmails, dbQuery, readStack, waitFor, waitForCapturedEmail } from './helpers';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';
const tag = () => randomUUID().slice(0, 8);

async function fileTicket(request: APIRequestContext, reporter: string, subject: string): Promise<string> {
  const response = await request.post('/api/v1/tickets', {
    headers: { authorization: `Bearer ${readStack().apiToken}` },
    data: {
      reporter: { email: reporter, name: 'Marta Kowalska' },
      category: 'TECHNICAL_ERROR',
      subject,
      actual: 'Kod vouchera nie przechodzi w kasie.',
    },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { number: string }).number;
}

function smtp() {
  return nodemailer.createTransport({ host: '127.0.0.1', port: readStack().smtpInboundPort, secure: false, ignoreTLS: true });
}

async function signIn(page: Page) {
  await page.goto(AGENT_SIGN_IN);
}

// Bulk actions, merge and CC over mail: the desktop project only (playwright.config.ts), like the other mail
// conversations; the phone shares the code and the queue's phone layout has its own tests.
test('bulk: three tickets assigned at once, after one confirmation, each with its own activity entry', async ({ page, request }) => {
  const label = `bulk-${tag()}`;
  const numbers = [];
  for (let i = 0; i < 3; i++) numbers.push(await fileTicket(request, `bulk.${tag()}@kwiaciarnia-test.pl`, `Zbiorczo ${label} ${i}`));

  await signIn(page);
  await page.goto(`/agent?view=all&q=${label}`);
  const rows = page.getByTestId('queue-ticket').filter({ visible: true });
  await expect(rows).toHaveCount(3);
  // Click the first, Shift+click the last: the range in between is selected too.
  await rows.nth(0).getByTestId('bulk-checkbox').click();
  await rows
    .nth(2)
    .getByTestId('bulk-checkbox')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('bulk-count')).toHaveText('Zaznaczono 3 zgłoszenia');
  await page.getByTestId('bulk-kind').selectOption('assign');
  await page.getByTestId('bulk-value').selectOption({ label: 'Marek Jankowski' });
  await page.getByTestId('bulk-apply').click();
  await expect(page.getByRole('alertdialog')).toContainText('Zmienić 3 zgłoszenia?');
  await page.getByTestId('bulk-confirm').click();
  await expect(page.getByText('Zmieniono 3 zgłoszenia')).toBeVisible();
  await expect(rows.filter({ hasText: 'Marek Jankowski' })).toHaveCount(3);

  const events = await dbQuery<{ number: number; count: string }>(
    `SELECT t.number, count(e.id)::text AS count FROM "Ticket" t JOIN "TicketEvent" e ON e."ticketId" = t.id AND e.type = 'ticket.assigned'
     WHERE t.subject LIKE $1 GROUP BY t.number`,
    [`Zbiorczo ${label}%`],
  );
  expect(events.map((e) => e.count)).toEqual(['1', '1', '1']);
});

test('merge: the duplicate closes with a link, its reporter is told, and a reply to its e-mail lands in the target', async ({
  page,
  request,
}) => {
  const first = await fileTicket(request, `pierwsza.${tag()}@hotel-test.pl`, `Kasa odrzuca kody ${tag()}`);
  const duplicateReporter = `druga.${tag()}@hotel-test.pl`;
  const duplicate = await fileTicket(request, duplicateReporter, `Kody nie działają ${tag()}`);
  const confirmation = await waitForCapturedEmail({ to: duplicateReporter, subjectIncludes: duplicate });

  await signIn(page);
  await page.goto(`/agent/zgloszenia/${duplicate}`);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByLabel('Numer zgłoszenia docelowego').fill(first);
  await page.getByTestId('merge-form').getByRole('button', { name: 'Połącz' }).click();
  await expect(page).toHaveURL(new RegExp(`/agent/zgloszenia/${first}$`));
  await expect(page.getByTestId('cc-person')).toContainText(duplicateReporter);

  const told = await waitFor(
    async () => (await capturedEmails()).find((m) => m.to.includes(duplicateReporter) && m.text.includes('połączyliśmy je')),
    { timeoutMs: 20_000, what: `the merge e-mail to ${duplicateReporter}` },
  );
  expect(told.text).toContain(first);

  const reply = `Czy jest już poprawka? ${tag()}`;
  await smtp().sendMail({
    from: duplicateReporter,
    to: confirmation.headers['reply-to'],
    subject: `Re: ${confirmation.subject}`,
    inReplyTo: confirmation.messageId,
    text: reply,
  });
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(reply)).toBeVisible({ timeout: 1_000 });
  }).toPass();

  await page.goto(`/agent/zgloszenia/${duplicate}`);
  await expect(page.getByTestId('merged-into')).toContainText(first);
});

test('CC: a colleague added to the ticket gets the reply and their answer threads in', async ({ page, request }) => {
  const colleague = `kolega.${tag()}@spa-test.pl`;
  const number = await fileTicket(request, `zglaszajacy.${tag()}@spa-test.pl`, `Voucher wygasł ${tag()}`);

  await signIn(page);
  await page.goto(`/agent/zgloszenia/${number}`);
  await page.getByLabel('Adres e-mail', { exact: true }).fill(colleague);
  await page.getByRole('button', { name: 'Dodaj do kopii' }).click();
  await expect(page.getByTestId('cc-person')).toContainText(colleague);

  const answer = `Przedłużyliśmy ważność vouchera ${tag()}.`;
  await page.getByRole('tab', { name: 'Odpowiedź publiczna' }).click();
  await page.getByRole('textbox', { name: 'Odpowiedź publiczna' }).fill(answer);
  await page.getByRole('button', { name: 'Wyślij', exact: true }).click();
  const copy = await waitForCapturedEmail({ to: colleague, subjectIncludes: number });
  expect(copy.text).toContain(answer);

  const reply = `Dziękuję, u nas już działa. ${tag()}`;
  await smtp().sendMail({
    from: colleague,
    to: copy.headers['reply-to'],
    subject: `Re: ${copy.subject}`,
    inReplyTo: copy.messageId,
    text: reply,
  });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('thread-message').filter({ hasText: reply })).toBeVisible({ timeout: 1_000 });
  }).toPass();
});
