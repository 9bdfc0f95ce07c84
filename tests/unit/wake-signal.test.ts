import { describe, expect, it, vi } from 'vitest';
import { WakeSignal } from '@/server/jobs/wake-signal';

describe('WakeSignal', () => {
  it('resolves a wait when woken, before its timeout', async () => {
    vi.useFakeTimers();
    try {
      const signal = new WakeSignal();
      let done = false;
      const waiting = signal.wait(60_000).then(() => (done = true));
      await Promise.resolve();
      expect(done).toBe(false);
      signal.wake();
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a wake that came between two waits, so the next wait returns at once', async () => {
    const signal = new WakeSignal();
    signal.wake();
    await expect(Promise.race([signal.wait(60_000).then(() => 'woken'), new Promise((r) => setImmediate(() => r('slept')))])).resolves.toBe(
      'woken',
    );
  });

  it('lets a back-off ignore earlier wakes and run to its timeout', async () => {
    vi.useFakeTimers();
    try {
      const signal = new WakeSignal();
      signal.wake();
      let done = false;
      const waiting = signal.wait(1_000, { ignorePending: true }).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('returns every wait at once after close', async () => {
    const signal = new WakeSignal();
    const first = signal.wait(60_000);
    signal.close();
    await first;
    await expect(
      Promise.race([signal.wait(60_000).then(() => 'closed'), new Promise((r) => setImmediate(() => r('slept')))]),
    ).resolves.toBe('closed');
  });
});
