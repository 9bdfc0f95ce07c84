import { describe, expect, it } from 'vitest';
import { prepareMachine, type Machine, type MachineStage } from '../../src/cli/test-machine';

/**
 * `npm test`'s preflight on a machine described in memory: which files exist, whether we are root, whether
 * Postgres answers. The commands it would run are recorded instead of run (the boundary is the OS, not our code).
 */
function fakeMachine({
  files = ['/usr/bin/chromium', '/usr/sbin/dovecot', '/usr/share/hunspell/pl_PL.dic', '/usr/bin/apt-get'],
  root = true,
  postgresUp = true,
  postgresVersions = ['15'],
  installs = true,
  dictionary = true,
}: {
  files?: string[];
  root?: boolean;
  postgresUp?: boolean;
  postgresVersions?: string[];
  /** Whether apt-get install makes the packages' files appear. */
  installs?: boolean;
  /** Whether Postgres already has the knowledge base's Polish dictionary. */
  dictionary?: boolean;
} = {}) {
  let polish = dictionary;
  const present = new Set(files);
  let up = postgresUp;
  const ran: string[] = [];
  const machine: Machine = {
    exists: (file) => present.has(file),
    isRoot: () => root,
    run: async (command, args, env = {}) => {
      ran.push([...Object.entries(env).map(([k, v]) => `${k}=${v}`), command, ...args].join(' '));
      if (command === 'apt-get' && args[0] === 'install' && installs) {
        if (args.includes('chromium')) present.add('/usr/bin/chromium');
        if (args.includes('dovecot-imapd')) present.add('/usr/sbin/dovecot');
        if (args.includes('hunspell-pl')) present.add('/usr/share/hunspell/pl_PL.dic');
      }
      if (command === 'pg_ctlcluster') up = true;
      return 0;
    },
    pingPostgres: async (url) => {
      if (!up) throw new Error(`connect ECONNREFUSED ${new URL(url).host}`);
    },
    postgresVersions: () => postgresVersions,
    polishDictionaryInstalled: () => polish,
    installPolishDictionary: () => {
      ran.push('install the Polish dictionary');
      polish = true;
    },
    log: () => undefined,
  };
  return { machine, ran };
}

const ALL: ReadonlySet<MachineStage> = new Set(['typecheck', 'lint', 'unit', 'integration', 'e2e']);

describe('npm test on a machine without Chromium, Dovecot and hunspell-pl', () => {
  it('installs them with one apt-get when running as root, then the Polish dictionary into Postgres, and reports nothing', async () => {
    const { machine, ran } = fakeMachine({ files: ['/usr/bin/apt-get'], dictionary: false });
    const report = await prepareMachine(ALL, machine);
    expect(report.problems).toEqual([]);
    expect(ran).toEqual([
      'DEBIAN_FRONTEND=noninteractive apt-get update',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y chromium dovecot-imapd hunspell-pl',
      'install the Polish dictionary',
    ]);
  });

  it('as another user, names the command that installs the Polish dictionary and blocks the integration tests', async () => {
    const { machine, ran } = fakeMachine({ root: false, dictionary: false });
    const report = await prepareMachine(new Set(['integration']), machine);
    expect(ran).toEqual([]);
    expect(report.problems).toEqual([expect.stringContaining('sudo npm run kb:install-dictionary')]);
    expect([...report.blocked]).toEqual(['integration']);
  });

  it('installs nothing as another user: one problem names the exact command, and both stages are blocked', async () => {
    const { machine, ran } = fakeMachine({ files: ['/usr/bin/apt-get'], root: false });
    const report = await prepareMachine(ALL, machine);
    expect(ran).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain(
      'sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium dovecot-imapd',
    );
    expect([...report.blocked].sort()).toEqual(['e2e', 'integration']);
  });

  it('reports a package whose install did not bring its file', async () => {
    const { machine } = fakeMachine({ files: ['/usr/bin/apt-get', '/usr/sbin/dovecot', '/usr/share/hunspell/pl_PL.dic'], installs: false });
    const report = await prepareMachine(ALL, machine);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain('/usr/bin/chromium is still missing');
    expect([...report.blocked]).toEqual(['e2e']);
  });

  it('asks only for what the selected stages need', async () => {
    const { machine, ran } = fakeMachine({ files: ['/usr/bin/apt-get'], postgresUp: false });
    expect(await prepareMachine(new Set(['typecheck', 'lint', 'unit']), machine)).toEqual({ problems: [], blocked: new Set() });
    expect(ran).toEqual([]);

    await prepareMachine(new Set(['integration']), machine);
    expect(ran).toContain('DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-imapd hunspell-pl');
  });
});

describe('npm test with PostgreSQL installed but down', () => {
  it('starts the newest Debian cluster as root and goes on once it answers', async () => {
    const { machine, ran } = fakeMachine({ postgresUp: false, postgresVersions: ['13', '15'] });
    const report = await prepareMachine(new Set(['integration']), machine);
    expect(report.problems).toEqual([]);
    expect(ran).toEqual(['pg_ctlcluster --skip-systemctl-redirect 15 main start']);
  });

  it('as another user, says which command starts it and blocks the stages that need it', async () => {
    const { machine, ran } = fakeMachine({ postgresUp: false, root: false });
    const report = await prepareMachine(ALL, machine);
    expect(ran).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toContain('sudo pg_ctlcluster --skip-systemctl-redirect 15 main start');
    expect([...report.blocked].sort()).toEqual(['e2e', 'integration']);
  });

  it('with no cluster installed, says how to install one instead of trying to start it', async () => {
    const { machine, ran } = fakeMachine({ postgresUp: false, postgresVersions: [] });
    const report = await prepareMachine(new Set(['e2e']), machine);
    expect(ran).toEqual([]);
    expect(report.problems[0]).toContain('apt-get install -y postgresql');
  });
});
