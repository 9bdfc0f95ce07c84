import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnvError, parseEnv } from '@/server/env';
import { contentSecurityPolicy, isChatWidgetPage } from '@/server/security/csp';

const base = { DATABASE_URL: 'postgres://localhost/x', AUTH_SECRET: 'x'.repeat(32) };

describe('CHAT_WIDGET_ORIGINS', () => {
  it('is empty by default and reads a list of bare origins', () => {
    expect(parseEnv(base).CHAT_WIDGET_ORIGINS).toEqual([]);
    expect(
      parseEnv({ ...base, CHAT_WIDGET_ORIGINS: 'https://panel.vouchie.pl, https://vouchie.pl/ http://localhost:4000' }).CHAT_WIDGET_ORIGINS,
    ).toEqual(['https://panel.vouchie.pl', 'https://vouchie.pl', 'http://localhost:4000']);
  });

  it.each(['panel.vouchie.pl', 'https://panel.vouchie.pl/pomoc', "https://a.pl 'unsafe-inline'", 'javascript:alert(1)', '*'])(
    'refuses %s (a CSP source list must not be injectable)',
    (value) => {
      expect(() => parseEnv({ ...base, CHAT_WIDGET_ORIGINS: value })).toThrow(EnvError);
    },
  );
});

describe('frame-ancestors', () => {
  it('refuses every framer by default and lists only the widget origins for the widget page', () => {
    expect(contentSecurityPolicy('n', { dev: false, https: true })).toContain("frame-ancestors 'none'");
    const widget = contentSecurityPolicy('n', { dev: false, https: true, frameAncestors: ['https://panel.vouchie.pl'] });
    expect(widget).toContain("frame-ancestors 'self' https://panel.vouchie.pl;");
    expect(widget).not.toContain("frame-ancestors 'none'");
  });

  it('counts only /czat/widget (and below) as the widget page', () => {
    expect(isChatWidgetPage('/czat/widget')).toBe(true);
    expect(isChatWidgetPage('/czat/widget/x')).toBe(true);
    expect(isChatWidgetPage('/czat/widgetx')).toBe(false);
    expect(isChatWidgetPage('/pomoc/kontakt')).toBe(false);
  });
});

describe('businessHoursNow', () => {
  afterEach(() => {
    vi.resetModules();
    vi.unstubAllEnvs();
  });

  async function clockWith(envVars: Record<string, string>) {
    for (const [name, value] of Object.entries(envVars)) vi.stubEnv(name, value);
    return (await import('@/server/clock')).businessHoursNow;
  }

  const file = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clock-'));
    const name = path.join(dir, 'clock');
    writeFileSync(name, '2026-12-06T10:00:00Z\n');
    return name;
  };

  it('reads the test clock file on a demo stack', async () => {
    const now = await clockWith({ DEMO_MODE: 'true', TEST_CLOCK_FILE: file() });
    expect(now(new Date('2030-01-01T00:00:00Z')).toISOString()).toBe('2026-12-06T10:00:00.000Z');
  });

  it('ignores it without DEMO_MODE: production hours cannot be moved', async () => {
    const real = new Date('2030-01-01T00:00:00Z');
    const now = await clockWith({ DEMO_MODE: 'false', TEST_CLOCK_FILE: file() });
    expect(now(real)).toBe(real);
  });
});
