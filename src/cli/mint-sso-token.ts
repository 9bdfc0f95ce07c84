/**
 * `npm run sso:mint -- --email … [options]`: prints a ready /sso/vouchie URL, signed the way the Vouchie panel
 * signs its "Pomoc → Kontakt" link (docs/sso.md). For local testing and for the panel team to compare tokens.
 *
 *   --email <address>        required
 *   --name <full name>       default: the part of the address before @
 *   --sub <panel user id>    default: usr-<address>
 *   --company-id <id>        default: cmp-<domain>
 *   --company-name <name>    default: the domain
 *   --plan START|BIZNES|PREMIUM   default: START
 *   --locale pl|en           default: pl
 *   --company-admin          the user is their company's admin in the panel
 *   --return-to <path>       a path on the support site, e.g. /pomoc/zgloszenia
 *   --ttl <seconds>          1–300, default 120
 *
 * The secret is VOUCHIE_SSO_SECRET, else the demo's .data/sso-secret; the host is APP_URL, else localhost:3000.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mintSsoToken, SSO_DEFAULT_LIFETIME_SECONDS, SSO_MAX_LIFETIME_SECONDS } from '@/server/auth/sso';
import { PLANS } from '@/server/tickets/schemas';
import { isLocale } from '@/i18n/config';

function fail(message: string): never {
  console.error(
    `✖ ${message}\n  Usage: npm run sso:mint -- --email anna@firma.pl --name "Anna Nowak" --company-id cmp-1 --company-name "Firma" --plan BIZNES`,
  );
  process.exit(2);
}

function secretFromEnvironment(): string {
  const fromEnv = process.env.VOUCHIE_SSO_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = path.resolve('.data/sso-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  return fail('No secret: set VOUCHIE_SSO_SECRET, or run `npm run demo` once so .data/sso-secret exists.');
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    sub: { type: 'string' },
    'company-id': { type: 'string' },
    'company-name': { type: 'string' },
    plan: { type: 'string', default: 'START' },
    locale: { type: 'string', default: 'pl' },
    'company-admin': { type: 'boolean', default: false },
    'return-to': { type: 'string' },
    ttl: { type: 'string', default: String(SSO_DEFAULT_LIFETIME_SECONDS) },
  },
  strict: true,
});

const email = values.email?.trim().toLowerCase();
if (!email || !email.includes('@')) fail('--email is required.');
const domain = email.split('@')[1] ?? 'firma';
const plan = PLANS.find((p) => p === values.plan?.toUpperCase());
if (!plan) fail(`--plan must be one of ${PLANS.join(', ')}.`);
if (!isLocale(values.locale)) fail('--locale must be pl or en.');
const ttl = Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 1 || ttl > SSO_MAX_LIFETIME_SECONDS) fail(`--ttl must be 1–${SSO_MAX_LIFETIME_SECONDS} seconds.`);

const token = await mintSsoToken(
  {
    sub: values.sub ?? `usr-${email}`,
    email,
    name: values.name ?? email.split('@')[0] ?? email,
    company: { id: values['company-id'] ?? `cmp-${domain}`, name: values['company-name'] ?? domain, plan },
    locale: values.locale,
    ...(values['company-admin'] ? { company_admin: true } : {}),
    ...(values['return-to'] ? { return_to: values['return-to'] } : {}),
  },
  secretFromEnvironment(),
  { lifetimeSeconds: ttl },
);

const appUrl = (process.env.APP_URL ?? 'http://localhost:3000').replace(/\/$/, '');
console.log(`${appUrl}/sso/vouchie?${new URLSearchParams({ token })}`);
console.error(`(valid for ${ttl} s, once)`);
