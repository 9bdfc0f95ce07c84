import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/server/env';

const base = { DATABASE_URL: 'postgres://localhost/x', AUTH_SECRET: 'x'.repeat(32) };

describe('security settings in env.ts', () => {
  it('defaults to trusting no proxy and no authserv-id, with unclaimed uploads gone within the hour', () => {
    const env = parseEnv(base);
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.TRUSTED_PROXY_CIDRS).toEqual([]);
    expect(env.INBOUND_TRUSTED_AUTHSERV_IDS).toEqual([]);
    expect(env.UPLOAD_UNCLAIMED_TTL_MINUTES).toBeLessThanOrEqual(50);
  });

  it('reads proxy ranges and authserv-ids as lists', () => {
    const env = parseEnv({
      ...base,
      TRUSTED_PROXY_CIDRS: '10.0.0.0/8, 192.168.1.7 fd00::/8',
      INBOUND_TRUSTED_AUTHSERV_IDS: 'MX.Vouchie.pl,mx.google.com',
    });
    expect(env.TRUSTED_PROXY_CIDRS).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    expect(env.INBOUND_TRUSTED_AUTHSERV_IDS).toEqual(['mx.vouchie.pl', 'mx.google.com']);
  });

  it.each([
    ['TRUSTED_PROXY_CIDRS', '10.0.0.0/33'],
    ['TRUSTED_PROXY_CIDRS', 'proxy.internal'],
    ['TRUSTED_PROXY_HOPS', '-1'],
    ['INBOUND_TRUSTED_AUTHSERV_IDS', 'mx.example.com; dmarc=pass'],
    ['UPLOAD_UNCLAIMED_TTL_MINUTES', '1440'],
  ])('refuses %s=%s with a readable message', (name, value) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(name);
  });
});
