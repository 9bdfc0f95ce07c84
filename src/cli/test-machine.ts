/**
 * What `npm test` needs from the machine, brought up before anything slow starts (src/cli/test.ts):
 *
 * - PostgreSQL on 127.0.0.1:5432 (or TEST_PG_URL) for the integration and e2e stages. A local Debian cluster
 *   that is installed but down is started with pg_ctlcluster (as root); anything else is explained in one line.
 * - Debian's Chromium (/usr/bin/chromium) for e2e, Dovecot (/usr/sbin/dovecot) for the IMAP poller's
 *   integration test and hunspell-pl for the knowledge base's Polish search. When missing and running as root they
 *   are installed with one apt-get; otherwise the exact command to run is printed and the stage that needs them
 *   fails before it starts.
 * - The Polish dictionary converted into the local Postgres's tsearch_data (src/server/kb/polish-dictionary.ts),
 *   as root, for the integration tests (whose template database then searches in Polish).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { DOVECOT_BINARY } from '../../tests/integration/dovecot';
import { HUNSPELL_DIC, installPolishDictionary, isDictionaryInstalled, tsearchDataDirs } from '../server/kb/polish-dictionary';
import { CHROMIUM_EXECUTABLE, checkPostgres, DEFAULT_TEST_PG_URL, testPgUrl } from '../../tests/e2e/stack';

export type MachineStage = 'typecheck' | 'lint' | 'unit' | 'integration' | 'e2e';

/** A Debian package a stage needs, and the file whose presence says it is installed. */
interface DebianNeed {
  stage: MachineStage;
  file: string;
  pkg: string;
  why: string;
}

export const DEBIAN_NEEDS: readonly DebianNeed[] = [
  {
    stage: 'e2e',
    file: CHROMIUM_EXECUTABLE,
    pkg: 'chromium',
    why: 'the e2e tests run in Debian’s Chromium (Playwright cannot download browsers here)',
  },
  {
    stage: 'integration',
    file: DOVECOT_BINARY,
    pkg: 'dovecot-imapd',
    why: 'the IMAP poller’s integration test runs against a real Dovecot',
  },
  {
    stage: 'integration',
    file: HUNSPELL_DIC,
    pkg: 'hunspell-pl',
    why: 'the knowledge base’s Polish search is tested with the hunspell-pl dictionary',
  },
];

const POSTGRES_ETC = '/etc/postgresql';
const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };

/** Where the machine can be told apart from the host the tests run on (file checks, root, apt): overridable in tests. */
export interface Machine {
  exists(file: string): boolean;
  isRoot(): boolean;
  /** Runs a command with inherited output; resolves with its exit code. */
  run(command: string, args: string[], env?: Record<string, string>): Promise<number>;
  /** Resolves when Postgres answers, rejects with the reason otherwise. */
  pingPostgres(url: string): Promise<void>;
  /** The installed Debian PostgreSQL versions (directories of /etc/postgresql), newest last. */
  postgresVersions(): string[];
  /** Whether every local Postgres share directory holds the knowledge base's Polish dictionary. */
  polishDictionaryInstalled(): boolean;
  /** Converts hunspell-pl into those directories (needs root). */
  installPolishDictionary(): void;
  log(line: string): void;
}

export const realMachine: Machine = {
  exists: existsSync,
  isRoot: () => process.getuid?.() === 0,
  run: (command, args, env = {}) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
      child.once('error', () => resolve(127));
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    }),
  pingPostgres: (url) => checkPostgres(url),
  postgresVersions: () =>
    existsSync(POSTGRES_ETC)
      ? readdirSync(POSTGRES_ETC, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && existsSync(`${POSTGRES_ETC}/${entry.name}/main`))
          .map((entry) => entry.name)
          .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))
      : [],
  polishDictionaryInstalled: () => {
    const dirs = tsearchDataDirs();
    return dirs.length > 0 && dirs.every(isDictionaryInstalled);
  },
  installPolishDictionary: () => void installPolishDictionary(),
  log: (line) => console.log(line),
};

/** The one command that installs `packages` from Debian, as a non-root user would type it. */
export function aptInstallCommand(packages: readonly string[], sudo: boolean): string {
  const prefix = sudo ? 'sudo ' : '';
  return `${prefix}apt-get update && ${prefix}env DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;
}

/** The command that starts the newest local cluster (the one on port 5432 on a stock Debian machine). */
export function startPostgresCommand(version: string): string[] {
  return ['pg_ctlcluster', '--skip-systemctl-redirect', version, 'main', 'start'];
}

export interface MachineReport {
  /** One entry per problem left after trying to fix what could be fixed; each names exactly what to run. */
  problems: string[];
  /** Stages that cannot run because of those problems. */
  blocked: Set<MachineStage>;
}

async function waitForPostgres(machine: Machine, url: string, seconds: number): Promise<string | undefined> {
  let last = 'no answer';
  for (let i = 0; i < seconds * 4; i++) {
    try {
      await machine.pingPostgres(url);
      return undefined;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

async function ensurePostgres(machine: Machine): Promise<string | undefined> {
  const url = testPgUrl();
  let reason: string;
  try {
    await machine.pingPostgres(url);
    return undefined;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const elsewhere = '  or point TEST_PG_URL at a server where this user may CREATE DATABASE.';
  // Only the local default server is ours to start; a TEST_PG_URL server is someone else's.
  if (url !== DEFAULT_TEST_PG_URL) return `PostgreSQL is not reachable at ${url} (${reason}): start it, or unset TEST_PG_URL.`;
  const version = machine.postgresVersions().at(-1);
  if (!version) {
    return (
      `PostgreSQL is not reachable at ${url} (${reason}) and no Debian cluster is installed in ${POSTGRES_ETC}.\n` +
      `  Install one (${aptInstallCommand(['postgresql'], !machine.isRoot())}) and let user postgres in from 127.0.0.1 without a password (trust in pg_hba.conf),\n` +
      elsewhere
    );
  }
  const start = startPostgresCommand(version);
  if (!machine.isRoot()) {
    return `PostgreSQL is not reachable at ${url} (${reason}). Start it:  sudo ${start.join(' ')}\n${elsewhere}`;
  }
  machine.log(`==> PostgreSQL ${version} is down: ${start.join(' ')}`);
  const code = await machine.run(start[0] ?? 'pg_ctlcluster', start.slice(1));
  const still = await waitForPostgres(machine, url, code === 0 ? 60 : 1);
  if (still) return `PostgreSQL did not come up at ${url} after \`${start.join(' ')}\` (exit code ${code}; ${still}).`;
  return undefined;
}

async function ensureDebianPackages(machine: Machine, stages: ReadonlySet<MachineStage>, report: MachineReport) {
  const missing = DEBIAN_NEEDS.filter((need) => stages.has(need.stage) && !machine.exists(need.file));
  if (!missing.length) return;
  const packages = missing.map((need) => need.pkg);
  const explain = missing.map((need) => `${need.file} is missing: ${need.why}.`).join('\n  ');
  if (!machine.isRoot()) {
    report.problems.push(`${explain}\n  Install with:  ${aptInstallCommand(packages, true)}`);
    for (const need of missing) report.blocked.add(need.stage);
    return;
  }
  if (!machine.exists('/usr/bin/apt-get')) {
    report.problems.push(`${explain}\n  There is no apt-get here: install ${packages.join(' ')} with this system's package manager.`);
    for (const need of missing) report.blocked.add(need.stage);
    return;
  }
  machine.log(`==> Installing from Debian: ${packages.join(' ')} (${missing.map((need) => need.why).join('; ')})`);
  let code = await machine.run('apt-get', ['update'], APT_ENV);
  if (code === 0) code = await machine.run('apt-get', ['install', '-y', ...packages], APT_ENV);
  for (const need of missing) {
    if (machine.exists(need.file)) continue;
    report.problems.push(`${need.file} is still missing after \`${aptInstallCommand(packages, false)}\` (exit code ${code}): ${need.why}.`);
    report.blocked.add(need.stage);
  }
}

/** The Postgres side of hunspell-pl: converted into tsearch_data once (root), before the test databases are made. */
function ensurePolishDictionary(machine: Machine, report: MachineReport) {
  if (machine.polishDictionaryInstalled() || !machine.exists(HUNSPELL_DIC)) return;
  if (!machine.isRoot()) {
    report.problems.push(
      'The knowledge base’s Polish dictionary is not in Postgres’s tsearch_data.\n  Install with:  sudo npm run kb:install-dictionary',
    );
    report.blocked.add('integration');
    return;
  }
  machine.log('==> Installing the Polish dictionary into Postgres (npm run kb:install-dictionary)');
  machine.installPolishDictionary();
}

/** Brings up what the selected stages need; returns what could not be brought up. */
export async function prepareMachine(stages: ReadonlySet<MachineStage>, machine: Machine = realMachine): Promise<MachineReport> {
  const report: MachineReport = { problems: [], blocked: new Set() };
  await ensureDebianPackages(machine, stages, report);
  if (stages.has('integration') && !report.blocked.has('integration')) ensurePolishDictionary(machine, report);
  if (stages.has('integration') || stages.has('e2e')) {
    const problem = await ensurePostgres(machine);
    if (problem) {
      report.problems.push(problem);
      if (stages.has('integration')) report.blocked.add('integration');
      if (stages.has('e2e')) report.blocked.add('e2e');
    }
  }
  return report;
}
