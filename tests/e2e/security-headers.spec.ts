import { expect, test, type Page } from '@playwright/test';
import { dbQuery, makePng } from './helpers';

const AGENT_SIGN_IN = '/demo/sign-in?email=ewa.dabrowska%40vouchie.pl';

declare global {
  interface Window {
    __cspViolations?: string[];
    __pwned?: number;
  }
}

/** Records every CSP violation the page reports (the listener is installed outside the page's own scripts). */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window.__cspViolations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

const nonceOf = (policy: string | null | undefined) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1];

test('HTML pages carry a nonce-based Content-Security-Policy, a fresh nonce each time, on every script', async ({ request }) => {
  const first = await request.get('/pomoc/kontakt');
  const second = await request.get('/pomoc/kontakt');
  const policy = first.headers()['content-security-policy'];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).not.toContain('unsafe-eval');
  const nonce = nonceOf(policy);
  expect(nonce).toBeTruthy();
  expect(nonceOf(second.headers()['content-security-policy'])).not.toBe(nonce);

  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test('a script smuggled into a page does not run, and the page itself raises no violation', async ({ page }) => {
  await watchViolations(page);
  // What a stored XSS that slipped past escaping would look like: an inline script in the served HTML.
  await page.route('**/pomoc/kontakt', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('</body>', '<script>window.__pwned=1</script></body>');
    await route.fulfill({ response, body });
  });
  await page.goto('/pomoc/kontakt');
  await expect(page.getByRole('button', { name: 'Wyślij zgłoszenie' })).toBeVisible();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  const violations = await page.evaluate(() => window.__cspViolations ?? []);
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatch(/^script-src/);
});

test('the portal and the agent pages work under the policy without a single violation', async ({ page }) => {
  await watchViolations(page);
  await page.goto('/pomoc/kontakt');
  await page.getByLabel('Błąd techniczny').check();
  await page.goto('/pomoc');
  await page.request.get(AGENT_SIGN_IN);
  await page.goto('/agent');
  await expect(page.getByTestId('signed-in-user')).toHaveText('Ewa Dąbrowska');
  const [ticket] = await dbQuery<{ number: number }>('SELECT number FROM "Ticket" ORDER BY number LIMIT 1');
  await page.goto(`/agent/zgloszenia/VCH-${ticket!.number}`);
  await expect(page.getByTestId('agent-thread')).toBeVisible();
  expect(await page.evaluate(() => window.__cspViolations ?? [])).toEqual([]);
});

test("an attachment keeps its own sandboxing policy, and an anonymous upload needs the page's form session", async ({ page }) => {
  const file = { name: 'ekran.png', mimeType: 'image/png', buffer: makePng() };
  const refused = await page.request.post('/api/uploads', { multipart: { file } });
  expect(refused.status()).toBe(403);

  await page.goto('/pomoc/kontakt');
  const uploaded = await page.request.post('/api/uploads', { multipart: { file } });
  expect(uploaded.status()).toBe(201);
  const { id, token } = (await uploaded.json()) as { id: string; token: string };
  const served = await page.request.get(`/api/attachments/${id}`, { headers: { 'x-upload-token': token } });
  expect(served.status()).toBe(200);
  expect(served.headers()['content-security-policy']).toBe(
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
  );
});

test('under next start, a forged X-Forwarded-For is not the address the limits count', async ({ request }) => {
  const forged = `203.0.113.${Math.floor(Math.random() * 250)}`;
  await request.get('/sso/vouchie?token=not-a-jwt', { headers: { 'x-forwarded-for': forged }, maxRedirects: 0 });
  const buckets = await dbQuery<{ key: string }>(`SELECT key FROM "RateLimitBucket" WHERE key LIKE 'sso:ip:%'`);
  expect(buckets.map((b) => b.key)).toContain('sso:ip:127.0.0.1');
  expect(buckets.map((b) => b.key)).not.toContain(`sso:ip:${forged}`);
});
