import { expect, test } from '@playwright/test';

/** What the site serves at the top level: the brand mark as favicon and app icons (public/), robots.txt and sitemap.xml. */

test('robots.txt lets crawlers into the help centre and keeps them out of the agents’ area and the API', async ({ request }) => {
  const response = await request.get('/robots.txt');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/plain');
  const lines = (await response.text()).split('\n').map((line) => line.trim());
  // Field names are case-insensitive (RFC 9309); Next.js writes `User-Agent`.
  expect(lines.map((line) => line.replace(/^user-agent:/i, 'User-agent:'))).toContain('User-agent: *');
  expect(lines).toContain('Allow: /pomoc');
  expect(lines).toContain('Disallow: /agent');
  expect(lines).toContain('Disallow: /api');
  expect(lines).not.toContain('Disallow: /');
  expect(lines.find((line) => line.startsWith('Sitemap: '))).toMatch(/^Sitemap: https?:\/\/.+\/sitemap\.xml$/);
});

test('sitemap.xml lists the knowledge base and its published articles', async ({ request }) => {
  const response = await request.get('/sitemap.xml');
  expect(response.status()).toBe(200);
  const xml = await response.text();
  expect(xml).toContain('/pomoc/baza-wiedzy</loc>');
  // The demo seed publishes the articles on activating vouchers.
  expect(xml).toMatch(/\/pomoc\/baza-wiedzy\/[a-z0-9-]+<\/loc>/);
});

test('every page links the brand mark as favicon, SVG icon, Apple touch icon and manifest, and each is served', async ({
  page,
  request,
}) => {
  await page.goto('/pomoc/kontakt');
  const links = await page
    .locator('head link[rel="icon"], head link[rel="apple-touch-icon"], head link[rel="manifest"]')
    .evaluateAll((elements) => elements.map((el) => `${el.getAttribute('rel')} ${el.getAttribute('href')}`));
  expect(links).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^icon \/favicon\.ico(\?|$)/),
      expect.stringMatching(/^icon \/icon\.svg(\?|$)/),
      expect.stringMatching(/^apple-touch-icon \/apple-touch-icon\.png(\?|$)/),
      expect.stringMatching(/^manifest \/manifest\.webmanifest(\?|$)/),
    ]),
  );

  const favicon = await request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  // An ICO file: reserved 0, type 1 (icon), at least one image.
  const ico = await favicon.body();
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  expect(ico.readUInt16LE(4)).toBeGreaterThan(0);

  const svg = await request.get('/icon.svg');
  expect(svg.status()).toBe(200);
  expect(svg.headers()['content-type']).toContain('image/svg+xml');
  expect(await svg.text()).toContain('#2545ea');

  for (const [file, size] of [
    ['/apple-touch-icon.png', 180],
    ['/icon-192.png', 192],
    ['/icon-512.png', 512],
  ] as const) {
    const png = await (await request.get(file)).body();
    expect(png.subarray(1, 4).toString('ascii'), file).toBe('PNG');
    // IHDR width and height, big-endian, right after the 8-byte signature and the chunk's length and type.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], file).toEqual([size, size]);
  }

  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const icons = ((await manifest.json()) as { icons: { src: string }[] }).icons.map((icon) => icon.src);
  expect(icons).toEqual(['/icon.svg', '/icon-192.png', '/icon-512.png']);
});
