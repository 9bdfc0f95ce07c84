import { describe, expect, it } from 'vitest';
import { boundedQueue } from '@/server/mail/inbound/smtp-receiver';

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('boundedQueue (the SMTP receiver’s ingest slots)', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order as slots free up', async () => {
    const run = boundedQueue(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    expect(await results[1]).toBe(1);
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    expect(await results[0]).toBe(0);
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const run = boundedQueue(1);
    const failing = run(() => Promise.reject(new Error('database down')));
    const next = run(async () => 'next');
    await expect(failing).rejects.toThrow('database down');
    expect(await next).toBe('next');
  });
});
