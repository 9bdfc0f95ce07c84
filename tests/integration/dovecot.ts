import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/ports';

/**
 * A real Dovecot IMAP server for one test file: its own config in a temp dir, plaintext IMAP on a free loopback
 * port, one user with a password, maildir storage in the temp dir, run in the foreground as a child process.
 */

export const DOVECOT_BINARY = '/usr/sbin/dovecot';

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** Who Dovecot's processes and the mailbox run as: Dovecot refuses to serve mail as root (UID 0). */
function accounts(): { internal: string; login: string; mailUid: string; mailGid: string } {
  if (process.getuid?.() === 0) {
    // The users Debian's dovecot-core package creates; mail is owned by nobody in the temp dir.
    return { internal: 'dovecot', login: 'dovenull', mailUid: 'nobody', mailGid: 'nogroup' };
  }
  const me = os.userInfo();
  return { internal: me.username, login: me.username, mailUid: String(me.uid), mailGid: String(me.gid) };
}

export async function startDovecot(): Promise<DovecotServer> {
  if (!existsSync(DOVECOT_BINARY)) {
    throw new Error(
      `Dovecot is not installed (${DOVECOT_BINARY} is missing), so the IMAP poller cannot be tested against a real server. ` +
        'Install it with `apt-get install dovecot-imapd` (`npm test` does this when run as root).',
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vouchie-dovecot-'));
  const home = path.join(dir, 'home');
  mkdirSync(home);
  // The mail user (not the test's user when running as root) must reach and write its home under the temp dir.
  chmodSync(dir, 0o755);
  chmodSync(home, 0o777);
  const port = await freePort();
  const user = 'wsparcie@vouchie.localhost';
  const password = 'imap-test-password';
  const { internal, login, mailUid, mailGid } = accounts();
  const config = path.join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    [
      `base_dir = ${path.join(dir, 'run')}`,
      `state_dir = ${path.join(dir, 'state')}`,
      `instance_name = vouchie-test-${port}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'log_path = /dev/stderr',
      `default_internal_user = ${internal}`,
      `default_login_user = ${login}`,
      'mail_location = maildir:~/Maildir',
      'passdb {',
      '  driver = static',
      `  args = password=${password}`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUid} gid=${mailGid} home=${home}/%u`,
      '}',
      'service imap-login {',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '}',
      '',
    ].join('\n'),
  );

  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The master logs "starting up" once its listeners are bound; an early exit means the config was refused.
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('starting up')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`Dovecot exited (code ${code}) before it started:\n${output}`)));
  });

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      // Dovecot stops its children first; if that hangs, the hook must not wait for ever.
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
