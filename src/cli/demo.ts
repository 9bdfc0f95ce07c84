/**
 * `npm run demo`: the whole app on a bare machine. Without DATABASE_URL it starts an embedded Postgres
 * (PGlite under .data/pg), applies the migrations, seeds demo data on first start, then runs the web app
 * and the worker. Without SMTP_URL every e-mail is captured (.data/mail/*.eml and the outbox table).
 *   npm run demo            → next build (skipped when the build is newer than the sources) + next start
 *   npm run demo -- --dev   → next dev, for working on the code. Its file watcher sees the embedded database
 *                             writing under .data/ and reloads open pages, so the demo itself runs a build.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded';
import { applyMigrations } from '../server/db/schema-engine';

const DATA = path.resolve('.data');
const PORT = Number(process.env.PORT ?? 3000);
const production = !process.argv.includes('--dev');

/** A build older than any source file (or none at all) is rebuilt; otherwise the demo starts at once. */
function buildIsStale(): boolean {
  const buildId = path.resolve('.next/BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== 'generated' && newer(full);
      return statSync(full).mtimeMs > built;
    });
  return (
    ['src', 'prisma', 'public'].some((dir) => existsSync(dir) && newer(dir)) ||
    ['package.json', 'next.config.ts'].some((file) => statSync(file).mtimeMs > built)
  );
}

function persistentSecret(file: string): string {
  const full = path.join(DATA, file);
  if (!existsSync(full)) writeFileSync(full, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(full, 'utf8').trim();
}

mkdirSync(DATA, { recursive: true });
const children: ChildProcess[] = [];
let embedded: EmbeddedPostgres | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.pid === undefined) return resolve();
          child.once('exit', () => resolve());
          // Each child leads its own process group: signal the group so grandchildren stop too.
          process.kill(-child.pid, 'SIGTERM');
        }),
    ),
  );
  await embedded?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const env: NodeJS.ProcessEnv = {
  ...process.env,
  AUTH_SECRET: process.env.AUTH_SECRET ?? persistentSecret('auth-secret'),
  SUPPORT_API_TOKEN: process.env.SUPPORT_API_TOKEN ?? persistentSecret('api-token'),
  VOUCHIE_SSO_SECRET: process.env.VOUCHIE_SSO_SECRET ?? persistentSecret('sso-secret'),
  APP_URL: process.env.APP_URL ?? `http://localhost:${PORT}`,
  DEMO_MODE: process.env.DEMO_MODE ?? 'true',
  PORT: String(PORT),
  NEXT_TELEMETRY_DISABLED: '1',
};
const bin = (name: string) => path.resolve('node_modules/.bin', name);

if (!env.DATABASE_URL) {
  console.log('▸ Starting the embedded Postgres (PGlite) in .data/pg …');
  embedded = await startEmbeddedPostgres(path.join(DATA, 'pg'), Number(process.env.EMBEDDED_PG_PORT ?? 54329));
  env.DATABASE_URL = embedded.url;
  // PGlite serves every connection from one session: one connection per process keeps transactions apart.
  env.DATABASE_POOL_MAX = '1';
}

console.log('▸ Applying migrations …');
const applied = await applyMigrations(env.DATABASE_URL);
console.log(applied.length ? `  applied ${applied.join(', ')}` : '  database is up to date');

const run = (command: string, args: string[]) => spawnSync(bin(command), args, { stdio: 'inherit', env });
if (run('tsx', ['prisma/seed.ts']).status !== 0) await shutdown(1);
if (production && buildIsStale() && run('next', ['build']).status !== 0) await shutdown(1);

// The worker runs in node itself with tsx as a loader (`npm run worker` does the same), not under the tsx command: that
// one relays a SIGTERM and kills its child when the child has not acknowledged it within ≈ 60 ms, which a busy worker
// may not do, and the worker's clean stop would never run.
for (const [name, command, args] of [
  ['web', bin('next'), [production ? 'start' : 'dev', '-p', String(PORT)]],
  ['worker', process.execPath, ['--import', 'tsx', 'src/server/jobs/worker-main.ts']],
] as const) {
  const child = spawn(command, [...args], { stdio: 'inherit', env, detached: true });
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`✖ ${name} exited with code ${code}; stopping the demo.`);
      void shutdown(code ?? 1);
    }
  });
  children.push(child);
}

const demoRoutes =
  env.DEMO_MODE === 'true' || env.DEMO_MODE === '1'
    ? [
        `  Vouchie panel     ${env.APP_URL}/demo/panel  (stand-in panel: SSO into Pomoc → Kontakt as a demo customer)`,
        `  Agent sign-in     ${env.APP_URL}/demo/sign-in?email=ewa.dabrowska@vouchie.pl  (admin: joanna.mazur@vouchie.pl)`,
      ].join('\n') + '\n'
    : '';

console.log(`
  Vouchie Support demo
  ────────────────────
  Contact page      ${env.APP_URL}/pomoc/kontakt
${demoRoutes}  Database          ${embedded ? 'embedded PGlite (.data/pg)' : 'DATABASE_URL'}
  Outgoing e-mail   ${env.SMTP_URL ? 'sent via SMTP_URL' : 'captured in .data/mail/*.eml'}
  REST API token    ${env.SUPPORT_API_TOKEN}  (see docs/api.md)
  Stop with Ctrl+C.
`);
