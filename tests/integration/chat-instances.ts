import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** Starts chat-instance.ts in a child process (one "web instance"); resolves once it listens. */

const SCRIPT = path.join(import.meta.dirname, 'chat-instance.ts');

export interface ChatInstance {
  url: string;
  mode: string;
  child: ChildProcess;
  stats(): Promise<{ hub: { subscribers: number; mode: string }; memory: NodeJS.MemoryUsage }>;
  stop(): Promise<void>;
}

export function startChatInstance(env: Record<string, string | undefined>, options: { execArgv?: string[] } = {}): Promise<ChatInstance> {
  return new Promise((resolve, reject) => {
    const child = fork(SCRIPT, [], {
      env: { ...process.env, PORT: '0', ...env },
      execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`chat instance did not start:\n${output}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chat instance exited (${code}):\n${output}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\d+) (\w+)/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${ready[1]}`,
        mode: ready[2] ?? '',
        child,
        stats: () =>
          new Promise((done) => {
            child.once('message', (message) => done(message as never));
            child.send('stats');
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
