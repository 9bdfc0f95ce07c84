import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { dbQuery, readStack, waitFor, waitForCapturedEmail } from './helpers';

const auth = () => ({ Authorization: `Bearer ${readStack().apiToken}` });

async function signInAsAdmin(page: Page) {
  await page.goto('/demo/panel');
  await page.getByRole('link', { name: 'Zaloguj jako administrator: Joanna Mazur' }).click();
  await expect(page).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
}

async function outboxStatus(id: string): Promise<string | undefined> {
  const [row] = await dbQuery<{ status: string }>('SELECT "status" FROM "OutboundEmail" WHERE "id" = $1', [id]);
  return row?.status;
}

test('the admin finds a ticket’s confirmation in Poczta wychodząca, previews it, and retries a failed e-mail', async ({
  page,
  request,
}) => {
  // A ticket filed through the panel's API: its confirmation e-mail is what the admin looks for.
  const reporter = `outbox.${randomUUID().slice(0, 8)}@kwiaciarnia-test.pl`;
  const response = await request.post('/api/v1/tickets', {
    headers: auth(),
    data: {
      reporter: { email: reporter, name: 'Zofia Wiśniewska' },
      category: 'BILLING',
      subject: 'Faktura za pakiet voucherów',
      actual: 'Faktura za listopad nie przyszła na e-mail.',
    },
  });
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { number: string };
  await waitForCapturedEmail({ to: reporter, subjectIncludes: created.number });

  // A delivery that gave up, written straight into the outbox the way the worker leaves one after 8 attempts.
  const failedTo = `zepsuty.${randomUUID().slice(0, 8)}@firma-test.pl`;
  const [failed] = await dbQuery<{ id: string }>(
    `INSERT INTO "OutboundEmail" ("id", "template", "toEmail", "toName", "subject", "text", "html", "messageId", "references", "status", "attempts", "lastError", "nextAttemptAt", "createdAt")
     VALUES (gen_random_uuid(), 'ticket.status_changed', $1, 'Jan Zepsuty', 'Nieudana wysyłka', 'Treść', '<p>Treść</p>', $2, '{}', 'FAILED', 8, 'Error: connect ECONNREFUSED 10.0.0.1:587', now(), now())
     RETURNING "id"`,
    [failedTo, `<${randomUUID()}.vch@vouchie.localhost>`],
  );
  expect(failed).toBeDefined();

  await signInAsAdmin(page);
  await page.goto('/agent/admin');
  await page.getByRole('link', { name: 'Poczta wychodząca' }).click();
  await expect(page).toHaveURL(/\/agent\/admin\/poczta$/);
  await expect(page.getByRole('heading', { name: 'Poczta wychodząca', level: 2 })).toBeVisible();
  // The e2e stack has no SMTP_URL: the page says mail is captured, not sent.
  await expect(page.getByTestId('capture-banner')).toContainText('Poczta jest przechwytywana, nie wysyłana');

  await page.getByLabel('Odbiorca lub numer zgłoszenia').fill(created.number);
  await page.getByRole('button', { name: 'Filtruj' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${created.number}`));
  const confirmation = page.getByTestId('outbox-row').filter({ hasText: reporter });
  await expect(confirmation).toHaveCount(1);
  await expect(confirmation.getByTestId('outbox-status')).toHaveText('Przechwycony');
  await expect(confirmation).toContainText('ticket.received');

  await confirmation.getByRole('link', { name: `[${created.number}] Faktura za pakiet voucherów` }).click();
  await expect(page.getByRole('heading', { name: `[${created.number}] Faktura za pakiet voucherów` })).toBeVisible();
  await expect(page.getByText('Message-ID', { exact: true })).toBeVisible();
  await expect(page.getByText('Reply-To', { exact: true })).toBeVisible();
  const preview = page.getByTestId('outbox-html-preview');
  await expect(preview).toHaveAttribute('sandbox', '');
  // The number as the e-mail's highlighted box shows it (the hidden preheader mentions it too).
  await expect(page.frameLocator('[data-testid="outbox-html-preview"]').getByText(created.number, { exact: true })).toBeVisible();
  await expect(page.getByTestId('outbox-text-part')).toContainText('Faktura za listopad nie przyszła na e-mail.');

  // The failed row: filtered by status and recipient, retried after a confirmation, delivered by the worker.
  await page.goto(`/agent/admin/poczta?status=failed&q=${encodeURIComponent(failedTo)}`);
  const row = page.getByTestId('outbox-row').filter({ hasText: failedTo });
  await expect(row.getByTestId('outbox-status')).toHaveText('Nieudany');
  await expect(row).toContainText('ECONNREFUSED');
  // The confirmation must really be asked: awaited here, not asserted in a handler that may never run.
  const asked = page.waitForEvent('dialog');
  const clicked = row.getByRole('button', { name: 'Wyślij ponownie' }).click();
  const dialog = await asked;
  expect(dialog.type()).toBe('confirm');
  expect(dialog.message()).toContain(failedTo);
  await dialog.accept();
  await clicked;
  await expect(page.getByTestId('toast')).toContainText('Wiadomość wróciła do kolejki');
  await waitFor(async () => (await outboxStatus(failed!.id)) === 'CAPTURED', { what: 'the retried e-mail to be captured' });

  await page.goto(`/agent/admin/poczta?q=${encodeURIComponent(failedTo)}`);
  await expect(page.getByTestId('outbox-row').filter({ hasText: failedTo }).getByTestId('outbox-status')).toHaveText('Przechwycony');
  await waitForCapturedEmail({ to: failedTo, subjectIncludes: 'Nieudana wysyłka' });
});

test('an agent who is not an admin is told Poczta wychodząca is for administrators and sees no mail', async ({ page }) => {
  await page.goto('/agent/login');
  await page.getByRole('link', { name: 'Zaloguj jako Ewa Dąbrowska' }).click();
  await expect(page).toHaveURL(/\/agent(\?view=[a-z-]+)?$/);
  await page.goto('/agent/admin/poczta');
  await expect(page.getByTestId('admin-only')).toContainText('Tylko dla administratorów');
  await expect(page.getByTestId('outbox-row')).toHaveCount(0);
});
