/**
 * A sleep that can be cut short: `wait` resolves after `timeoutMs`, on the next `wake()`, or at once if a wake
 * arrived since the last wait (so a notification between two waits is never lost). After `close()` every wait
 * returns at once. Used by the outbox worker (Postgres NOTIFY) and the IMAP poller (EXISTS, dropped connection).
 */
export class WakeSignal {
  private pending = false;
  private closed = false;
  private waiter: (() => void) | undefined;

  /** `ignorePending`: a back-off that must last its full time even if wakes arrived before it began. */
  wait(timeoutMs: number, options: { ignorePending?: boolean } = {}): Promise<void> {
    if (this.closed) return Promise.resolve();
    const pending = this.pending;
    this.pending = false;
    if (pending && !options.ignorePending) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(), timeoutMs);
      this.waiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  wake(): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter();
    } else {
      this.pending = true;
    }
  }

  close(): void {
    this.closed = true;
    this.wake();
  }
}
