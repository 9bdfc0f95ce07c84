import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../tests/e2e/stack';

export interface ScriptBytes {
  url: string;
  raw: number;
  gzip: number;
  /** Encoded body bytes on the wire, as Chromium reports them (-1 if it could not tell). */
  transferred: number;
}

/** Every script a cold load of `url` fetches in Chromium (fresh profile, so no cache), until the network is idle. */
export async function measureScriptBytes(url: string): Promise<ScriptBytes[]> {
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const context = await browser.newContext({ locale: 'pl-PL', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pending: Promise<ScriptBytes>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(
        (async () => {
          const body = await response.body();
          const sizes = await response
            .request()
            .sizes()
            .catch(() => undefined);
          return { url: response.url(), raw: body.length, gzip: gzipSync(body).length, transferred: sizes?.responseBodySize ?? -1 };
        })(),
      );
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
    // Late chunks (route prefetches) arrive after load; count them when the network settles, but a page that
    // keeps a request open must not stop the measurement of what it loaded.
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    const scripts = await Promise.all(pending);
    await context.close();
    return scripts.sort((a, b) => b.raw - a.raw);
  } finally {
    await browser.close();
  }
}
