import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The zero-set-up database: PGlite (Postgres compiled to WebAssembly) served on a loopback port by its own
 * process, so the web server and the worker reach it with the ordinary `pg` driver. Every connection shares
 * one Postgres session there, so clients must use a pool of one connection (DATABASE_POOL_MAX=1).
 */
export interface EmbeddedPostgres {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Embedded Postgres did not open port ${port} in ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const child = spawn(
    process.execPath,
    [
      path.resolve('node_modules/@electric-sql/pglite-socket/dist/scripts/server.js'),
      `--db=${dataDir}`,
      `--port=${port}`,
      '--host=127.0.0.1',
      '--extensions=pg_trgm,unaccent',
      '--max-connections=20',
    ],
    // It logs every connection: keep that out of the console, in a file next to the data.
    { stdio: ['ignore', openSync(`${dataDir}.log`, 'a'), 'inherit'] },
  );
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`Embedded Postgres exited with code ${code}`))),
  );
  await Promise.race([waitForPort(port, 60_000), exited]);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
