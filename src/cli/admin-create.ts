/**
 * `npm run admin:create -- --email ewa@vouchie.pl [--name "Ewa Kowalska"]`: the first admin of a real install (or
 * any later one). Creates the account as an active admin, or promotes and reactivates the existing one; running it
 * again changes nothing. The admin then signs in at APP_URL/agent/login with a magic link (sent by the worker
 * through SMTP_URL) and invites the rest of the team. Reads DATABASE_URL and the rest of the environment like the
 * app does (.env.example).
 */
import { parseArgs } from 'node:util';
import { createOrPromoteAdmin } from '@/server/admin/bootstrap';
import { db } from '@/server/db/client';
import { EnvError, env } from '@/server/env';
import { STAFF_SIGN_IN_PATH } from '@/server/links';

const USAGE = 'Usage: npm run admin:create -- --email ewa@vouchie.pl --name "Ewa Kowalska"';

function fail(message: string, code = 2): never {
  console.error(`✖ ${message}\n  ${USAGE}`);
  process.exit(code);
}

let values: { email?: string; name?: string };
try {
  ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (!values.email) fail('--email is required');

try {
  env();
} catch (error) {
  if (error instanceof EnvError) fail(error.message, 1);
  throw error;
}

try {
  const result = await createOrPromoteAdmin({ email: values.email, name: values.name });
  if (!result.ok) fail(`Invalid input: ${result.error.messages.join('; ')}`);
  const said = { created: 'Created admin', promoted: 'Promoted to admin', unchanged: 'Already an admin, nothing changed:' }[
    result.value.outcome
  ];
  console.log(`✔ ${said} ${values.email.trim().toLowerCase()}`);
  console.log(`  Sign in with a magic link at ${new URL(STAFF_SIGN_IN_PATH, env().APP_URL).href} (the worker sends it).`);
} finally {
  await db().$disconnect();
}
