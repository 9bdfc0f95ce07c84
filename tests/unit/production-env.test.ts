import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/server/env';

const base = { DATABASE_URL: 'postgres://localhost/x', AUTH_SECRET: 'x'.repeat(32) };

describe('production settings in env.ts', () => {
  it('defaults to local storage, no listed admins and a stop that fits a 30-second grace period', () => {
    const env = parseEnv(base);
    expect(env.STORAGE_DRIVER).toBe('local');
    expect(env.ADMIN_EMAILS).toEqual([]);
    expect(env.SHUTDOWN_DELAY_MS + env.SHUTDOWN_TIMEOUT_MS).toBeLessThan(30_000);
  });

  it('reads ADMIN_EMAILS as a lower-cased list and refuses anything that is not an address', () => {
    expect(parseEnv({ ...base, ADMIN_EMAILS: ' Ewa@Vouchie.pl, jan@vouchie.pl;ola@x.pl ' }).ADMIN_EMAILS).toEqual([
      'ewa@vouchie.pl',
      'jan@vouchie.pl',
      'ola@x.pl',
    ]);
    expect(() => parseEnv({ ...base, ADMIN_EMAILS: 'ewa@vouchie.pl, nie-adres' })).toThrow(/ADMIN_EMAILS/);
  });

  it('needs a bucket for the s3 driver, and both keys or neither', () => {
    expect(() => parseEnv({ ...base, STORAGE_DRIVER: 's3' })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, STORAGE_DRIVER: 's3', S3_BUCKET: 'pomoc', S3_ACCESS_KEY_ID: 'AKIA' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    const env = parseEnv({
      ...base,
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'pomoc',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: '',
      S3_SECRET_ACCESS_KEY: '',
    });
    expect(env).toMatchObject({ S3_BUCKET: 'pomoc', S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
    expect(env.S3_ACCESS_KEY_ID).toBeUndefined();
    expect(() => parseEnv({ ...base, STORAGE_DRIVER: 'nfs' })).toThrow(EnvError);
  });
});
